using Bot.Core.Notices;
using Bot.Core.OnCall;
using Bot.Core.Storage;

namespace Bot.Core.Tests.Commands;

/// <summary>
/// Notices in memory with the store's rules (dedup key, version + 1, overrides in the same write), recording what
/// a write queued; tests write one at a time; a write that throws leaves nothing behind.
/// </summary>
internal sealed class InMemoryNotices(InMemoryRotationOverrides overrides) : INoticeStore
{
    private List<Notice> _notices = [];
    private List<(long NoticeId, string Kind, string Key, string? Text)> _queued = [];

    public IReadOnlyList<Notice> All => _notices;

    /// <summary>What the writes queued: (notice, post|update|reply, destination key or "*" for every copy, reply text).</summary>
    public IReadOnlyList<(long NoticeId, string Kind, string Key, string? Text)> Queued => _queued;

    public async Task<T> WriteAsync<T>(Func<INoticeSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var session = new Session(this, [.. _notices], [.. _queued], []);
        var result = await work(session);
        _notices = session.Notices;
        _queued = session.Queued;
        foreach (var added in session.Overrides)
        {
            await overrides.AddAsync(added, cancellationToken);
        }
        return result;
    }

    public Task<Notice?> FindAsync(long id, CancellationToken cancellationToken) => Task.FromResult(_notices.FirstOrDefault(n => n.Id == id));

    public Task<Notice?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken) =>
        Task.FromResult(_notices.FirstOrDefault(n => n.DedupKey == dedupKey));

    public Task<IReadOnlyList<Notice>> ListAsync(string teamId, NoticeKind? kind, NoticeState? state, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Notice>>([.. _notices.Where(n => n.TeamId == teamId && (kind is null || n.Kind == kind) && (state is null || n.State == state))
            .OrderByDescending(n => n.Id).Take(limit)]);

    private sealed class Session(InMemoryNotices store, List<Notice> notices, List<(long, string, string, string?)> queued, List<RotationOverride> added) : INoticeSession
    {
        public List<Notice> Notices => notices;

        public List<(long, string, string, string?)> Queued => queued;

        public List<RotationOverride> Overrides => added;

        public Task<Notice?> FindAsync(long id, CancellationToken cancellationToken) => Task.FromResult(notices.FirstOrDefault(n => n.Id == id));

        public Task<Notice?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken) =>
            Task.FromResult(notices.FirstOrDefault(n => n.DedupKey == dedupKey));

        public Task<Notice?> AddAsync(Notice notice, CancellationToken cancellationToken)
        {
            if (notices.Any(n => n.DedupKey == notice.DedupKey))
            {
                return Task.FromResult<Notice?>(null);
            }
            var id = store._notices.Concat(notices).Select(n => n.Id).DefaultIfEmpty(0).Max() + 1;
            var stored = notice with { Id = id, Message = notice.Message with { NoticeId = id, Version = 1 } };
            notices.Add(stored);
            return Task.FromResult<Notice?>(stored);
        }

        public Task SaveAsync(Notice notice, CancellationToken cancellationToken)
        {
            var index = notices.FindIndex(n => n.Id == notice.Id);
            if (index < 0 || notices[index].Version + 1 != notice.Version)
            {
                throw new InvalidOperationException($"Notice {notice.Id}: stored version is not {notice.Version - 1}.");
            }
            notices[index] = notice with { Message = notice.Message with { NoticeId = notice.Id, Version = notice.Version } };
            queued.Add((notice.Id, "update", "*", null));
            return Task.CompletedTask;
        }

        public Task EnqueuePostsAsync(long noticeId, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken)
        {
            foreach (var key in destinationKeys.Where(k => !queued.Any(q => q.Item1 == noticeId && q.Item2 == "post" && q.Item3 == k)))
            {
                queued.Add((noticeId, "post", key, null));
            }
            return Task.CompletedTask;
        }

        public Task EnqueueReplyAsync(long noticeId, string text, IReadOnlyList<string>? destinationKeys, CancellationToken cancellationToken)
        {
            var posted = queued.Where(q => q.Item1 == noticeId && q.Item2 == "post").Select(q => q.Item3).ToList();
            foreach (var key in destinationKeys is null ? posted : posted.Intersect(destinationKeys))
            {
                queued.Add((noticeId, "reply", key, text));
            }
            return Task.CompletedTask;
        }

        public Task<RotationOverride> AddOverrideAsync(RotationOverride rotationOverride, CancellationToken cancellationToken)
        {
            added.Add(rotationOverride);
            return Task.FromResult(rotationOverride with { Id = added.Count });
        }
    }
}
