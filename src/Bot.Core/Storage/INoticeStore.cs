using Bot.Core.Notices;
using Bot.Core.OnCall;

namespace Bot.Core.Storage;

/// <summary>Notices (handoff prompts, cover requests) and the deliveries of their messages, in the outbox beside the incidents'.</summary>
public interface INoticeStore
{
    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction: what the session saved, enqueued or added commits together,
    /// or nothing does. On a conflict with a concurrent writer the work runs again from the start, so it must only
    /// act through the session.
    /// </summary>
    Task<T> WriteAsync<T>(Func<INoticeSession, Task<T>> work, CancellationToken cancellationToken);

    Task<Notice?> FindAsync(long id, CancellationToken cancellationToken);

    Task<Notice?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken);

    /// <summary>A team's notices, newest first; null filters mean any.</summary>
    Task<IReadOnlyList<Notice>> ListAsync(string teamId, NoticeKind? kind, NoticeState? state, int limit, CancellationToken cancellationToken);
}

/// <summary>What a notice write transaction can read and change.</summary>
public interface INoticeSession
{
    /// <summary>The notice, read for update: a concurrent writer of the same notice waits or conflicts (and the work reruns).</summary>
    Task<Notice?> FindAsync(long id, CancellationToken cancellationToken);

    Task<Notice?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new notice (<see cref="Notice.Id"/> 0, <see cref="Notice.Version"/> 1) and returns it with its id, its
    /// message stamped with the id. Null when a notice with its <see cref="Notice.DedupKey"/> exists (nothing is written).
    /// </summary>
    Task<Notice?> AddAsync(Notice notice, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a change to a stored notice: its <see cref="Notice.Version"/> must be the stored one plus one. Queues an
    /// edit of every copy of its message (coalesced, as an incident's). Throws when the stored version is not one less.
    /// </summary>
    Task SaveAsync(Notice notice, CancellationToken cancellationToken);

    /// <summary>Queues the first post of the notice's message to each destination; a destination already posted to is skipped.</summary>
    Task EnqueuePostsAsync(long noticeId, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken);

    /// <summary>
    /// Queues a thread reply (may hold mention tokens) under the notice's copy on each of <paramref name="destinationKeys"/>
    /// (posted or pending), or on every copy when null.
    /// </summary>
    Task EnqueueReplyAsync(long noticeId, string text, IReadOnlyList<string>? destinationKeys, CancellationToken cancellationToken);

    /// <summary>Stores an override in the same transaction (a cover taken), returning it with its id.</summary>
    Task<RotationOverride> AddOverrideAsync(RotationOverride rotationOverride, CancellationToken cancellationToken);
}
