using Bot.Core.Delivery;

namespace Bot.Core.Postmortems;

/// <summary>Wakes the delivery dispatcher after every committed postmortem write, since a write may have queued thread replies.</summary>
public sealed class SignallingPostmortemStore(IPostmortemStore inner, IDeliverySignal signal) : IPostmortemStore
{
    public async Task<T> WriteAsync<T>(Func<IPostmortemSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var result = await inner.WriteAsync(work, cancellationToken);
        signal.Notify();
        return result;
    }

    public Task<Postmortem?> FindAsync(long id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

    public Task<Postmortem?> FindByIncidentAsync(long incidentId, CancellationToken cancellationToken) => inner.FindByIncidentAsync(incidentId, cancellationToken);

    public Task<IReadOnlyList<Postmortem>> ListAsync(PostmortemQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<PostmortemDue>> ListDueAsync(IReadOnlyCollection<int> priorities, DateTimeOffset resolvedSince, string? teamId, CancellationToken cancellationToken) =>
        inner.ListDueAsync(priorities, resolvedSince, teamId, cancellationToken);
}
