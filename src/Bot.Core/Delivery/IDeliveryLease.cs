namespace Bot.Core.Delivery;

/// <summary>
/// Who delivers the outbox. Deliveries of one destination must go out one at a time and in order, so when several
/// replicas share a database exactly one of them delivers; the others take over if it goes away.
/// </summary>
public interface IDeliveryLease : IAsyncDisposable
{
    /// <summary>True while this process holds the lease, acquiring it when it is free; false while another process holds it.</summary>
    Task<bool> HoldAsync(CancellationToken cancellationToken);
}
