using Bot.Core.Incidents;

namespace Bot.Core.Delivery;

/// <summary>
/// Wakes the delivery dispatcher after every committed incident write, since a write may have queued messages.
/// Wrapping the store means no use case or adapter can forget to, and nothing is signalled before the commit.
/// </summary>
public sealed class SignallingIncidentStore(IIncidentStore inner, IDeliverySignal signal) : IIncidentStore
{
    public async Task<T> WriteAsync<T>(Func<IIncidentSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var result = await inner.WriteAsync(work, cancellationToken);
        signal.Notify();
        return result;
    }

    public Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

    public Task<IReadOnlyList<IncidentRecord>> ListAsync(IncidentQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<BreachSpan>> ListBreachesAsync(string sloId, DateTimeOffset since, CancellationToken cancellationToken) =>
        inner.ListBreachesAsync(sloId, since, cancellationToken);

    public Task<IReadOnlyDictionary<string, int>> CountOpenBySloAsync(CancellationToken cancellationToken) => inner.CountOpenBySloAsync(cancellationToken);
}
