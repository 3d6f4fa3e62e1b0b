using System.Collections.Concurrent;
using Bot.Core.Notices;
using Bot.Core.Storage;

namespace Bot.Slack.Tests.Support;

/// <summary>Notices a test put in, for <see cref="NoticeActions"/> to find; the Slack tests' notice actions never write.</summary>
internal sealed class MemoryNoticeStore : INoticeStore
{
    private readonly ConcurrentDictionary<long, Notice> _notices = new();

    public void Add(Notice notice) => _notices[notice.Id] = notice;

    public Task<T> WriteAsync<T>(Func<INoticeSession, Task<T>> work, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The Slack tests' notice actions do not write notices.");

    public Task<Notice?> FindAsync(long id, CancellationToken cancellationToken) => Task.FromResult(_notices.GetValueOrDefault(id));

    public Task<Notice?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken) =>
        Task.FromResult(_notices.Values.FirstOrDefault(n => n.DedupKey == dedupKey));

    public Task<IReadOnlyList<Notice>> ListAsync(string teamId, NoticeKind? kind, NoticeState? state, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Notice>>([.. _notices.Values
            .Where(n => n.TeamId == teamId && (kind is null || n.Kind == kind) && (state is null || n.State == state))
            .OrderByDescending(n => n.Id)
            .Take(limit)]);
}
