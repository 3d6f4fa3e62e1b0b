using Bot.Core.Notices;
using Bot.Core.Storage;

namespace Bot.Core.Tests.Delivery.Fakes;

/// <summary>A notice store with no notices: the dispatcher tests here deliver incidents (notices are delivered in Persistence.Tests, on SQLite).</summary>
internal sealed class NoNotices : INoticeStore
{
    public Task<T> WriteAsync<T>(Func<INoticeSession, Task<T>> work, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Notice?> FindAsync(long id, CancellationToken cancellationToken) => Task.FromResult<Notice?>(null);

    public Task<Notice?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken) => Task.FromResult<Notice?>(null);

    public Task<IReadOnlyList<Notice>> ListAsync(string teamId, NoticeKind? kind, NoticeState? state, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Notice>>([]);
}
