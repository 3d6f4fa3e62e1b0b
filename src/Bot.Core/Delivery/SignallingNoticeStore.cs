using Bot.Core.Notices;
using Bot.Core.Storage;

namespace Bot.Core.Delivery;

/// <summary>Wakes the delivery dispatcher after every committed notice write, as <see cref="SignallingIncidentStore"/> does for incidents.</summary>
public sealed class SignallingNoticeStore(INoticeStore inner, IDeliverySignal signal) : INoticeStore
{
    public async Task<T> WriteAsync<T>(Func<INoticeSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var result = await inner.WriteAsync(work, cancellationToken);
        signal.Notify();
        return result;
    }

    public Task<Notice?> FindAsync(long id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

    public Task<Notice?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken) => inner.FindByDedupKeyAsync(dedupKey, cancellationToken);

    public Task<IReadOnlyList<Notice>> ListAsync(string teamId, NoticeKind? kind, NoticeState? state, int limit, CancellationToken cancellationToken) =>
        inner.ListAsync(teamId, kind, state, limit, cancellationToken);
}
