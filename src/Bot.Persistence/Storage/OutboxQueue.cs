using Bot.Core.Delivery;

namespace Bot.Persistence.Storage;

/// <summary>
/// The outbox rows a change of a subject (incident or notice) calls for, written in the caller's transaction. Posts:
/// one per subject and destination, ever. Edits coalesce: none is queued where a post or an edit is still pending,
/// since delivery renders the subject's latest state. A destination whose post failed for good gets no edits or replies.
/// </summary>
internal static class OutboxQueue
{
    /// <summary>The first post of the subject's message to each destination; a destination that already has one is skipped.</summary>
    public static async Task EnqueuePostsAsync(DbSession db, MessageSubject subject, IReadOnlyList<string> destinationKeys, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(destinationKeys);
        if (destinationKeys.Count == 0)
        {
            return;
        }

        var t = SubjectTables.Of(subject);
        await db.ExecuteAsync(
            $"""
            INSERT INTO outbox (destination_key, {t.Column}, kind, attempts, created_at, due_at)
            VALUES (@key, @SubjectId, 'post', 0, @at, @at)
            ON CONFLICT ({t.Column}, destination_key) WHERE kind = 'post' DO NOTHING
            """,
            destinationKeys.Distinct(StringComparer.Ordinal).Select(key => new { key, SubjectId = subject.Id, at }).ToList());
    }

    /// <summary>
    /// An edit of the subject's copy on every destination with a post that has not failed (or only on
    /// <paramref name="destinationKey"/>), unless a post or an edit is already pending there.
    /// </summary>
    public static Task EnqueueUpdatesAsync(DbSession db, MessageSubject subject, DateTimeOffset at, string? destinationKey = null)
    {
        var t = SubjectTables.Of(subject);
        var onOne = destinationKey is null ? "" : "AND post.destination_key = @destinationKey";
        return db.ExecuteAsync(
            $"""
            INSERT INTO outbox (destination_key, {t.Column}, kind, attempts, created_at, due_at)
            SELECT post.destination_key, post.{t.Column}, 'update', 0, @at, @at
            FROM outbox AS post
            WHERE post.{t.Column} = @SubjectId AND post.kind = 'post' AND post.failed_at IS NULL {onOne}
              AND NOT EXISTS (
                  SELECT 1 FROM outbox AS edit
                  WHERE edit.{t.Column} = post.{t.Column} AND edit.destination_key = post.destination_key
                    AND edit.kind IN ('post', 'update') AND edit.delivered_at IS NULL AND edit.failed_at IS NULL)
            ORDER BY post.id
            """,
            new { SubjectId = subject.Id, at, destinationKey });
    }

    /// <summary>
    /// A thread reply under the subject's copy on each of <paramref name="destinationKeys"/>, or on every copy when null:
    /// destinations with a post that has not failed (delivered or still pending; the reply queues behind it).
    /// </summary>
    public static Task EnqueueRepliesAsync(DbSession db, MessageSubject subject, string text, IReadOnlyList<string>? destinationKeys, DateTimeOffset at)
    {
        if (destinationKeys is { Count: 0 })
        {
            return Task.CompletedTask;
        }

        var t = SubjectTables.Of(subject);
        // Dapper expands a list into IN (...) for SQLite, and passes it to Npgsql as one array parameter.
        var onThese = destinationKeys is null ? ""
            : db.Dialect == SqlDialect.Postgres ? "AND post.destination_key = ANY(@keys)"
            : "AND post.destination_key IN @keys";
        return db.ExecuteAsync(
            $"""
            INSERT INTO outbox (destination_key, {t.Column}, kind, text, attempts, created_at, due_at)
            SELECT post.destination_key, post.{t.Column}, 'reply', @text, 0, @at, @at
            FROM outbox AS post
            WHERE post.{t.Column} = @SubjectId AND post.kind = 'post' AND post.failed_at IS NULL {onThese}
            ORDER BY post.id
            """,
            new { SubjectId = subject.Id, text, at, keys = destinationKeys?.ToArray() });
    }
}
