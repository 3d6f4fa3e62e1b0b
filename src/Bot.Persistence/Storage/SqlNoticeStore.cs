using Bot.Core.Delivery;
using Bot.Core.Notices;
using Bot.Core.OnCall;
using Bot.Core.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using static Bot.Persistence.Storage.NoticeRows;

namespace Bot.Persistence.Storage;

/// <summary>
/// Notices and the outbox rows their changes call for, in one transaction per write. A notice's dedup key is unique for
/// ever: adding a second notice with a key returns null, also when two replicas add it at once (the second waits for the
/// first to commit and then inserts nothing).
/// </summary>
/// <remarks>
/// PostgreSQL: every notice a write session loads is locked (<c>FOR UPDATE</c>) until the commit, so two replicas
/// changing one notice (two people taking one cover request) take turns, and the second sees the first's change;
/// <see cref="SqlOutbox"/> takes the same lock before it compares versions. SQLite has one writer at a time anyway.
/// </remarks>
internal sealed class SqlNoticeStore(BotDatabase database, TimeProvider time) : INoticeStore
{
    public Task<T> WriteAsync<T>(Func<INoticeSession, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return ConflictRetry.WriteAsync(database, session => work(new Session(session, time)), IsConflict, cancellationToken);
    }

    public Task<Notice?> FindAsync(long id, CancellationToken cancellationToken) =>
        database.ReadAsync(session => FindOneAsync(session, "id = @id", new { id }, lockRow: false), cancellationToken);

    public Task<Notice?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dedupKey);
        return database.ReadAsync(session => FindOneAsync(session, "dedup_key = @dedupKey", new { dedupKey }, lockRow: false), cancellationToken);
    }

    public Task<IReadOnlyList<Notice>> ListAsync(string teamId, NoticeKind? kind, NoticeState? state, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(teamId);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var filters = "team_id = @teamId"
            + (kind is null ? "" : " AND kind = @Kind")
            + (state is null ? "" : " AND state = @State");
        return database.ReadAsync<IReadOnlyList<Notice>>(
            async session => [.. (await session.QueryAsync<NoticeRow>(
                $"SELECT {Columns} FROM notices WHERE {filters} ORDER BY created_at DESC, id DESC LIMIT @limit",
                new { teamId, Kind = KindText(kind), State = EnumText<NoticeState>.Of(state), limit })).Select(row => row.ToNotice())],
            cancellationToken);
    }

    /// <summary>
    /// A conflict the next run resolves: another writer added the dedup key first (with <c>ON CONFLICT DO NOTHING</c>
    /// this does not happen; kept so a violation never fails the caller), a serialization failure or deadlock.
    /// </summary>
    internal static bool IsConflict(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique => unique.ConstraintName == "ux_notices_dedup_key",
        PostgresException transient => ConflictRetry.IsTransient(transient),
        // SQLITE_CONSTRAINT_UNIQUE names the columns, not the index.
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 } unique => unique.Message.Contains("notices.dedup_key", StringComparison.Ordinal),
        _ => false,
    };

    private static async Task<Notice?> FindOneAsync(DbSession session, string condition, object parameters, bool lockRow)
    {
        var forUpdate = lockRow && session.Dialect == SqlDialect.Postgres ? " FOR UPDATE" : "";
        var row = await session.QuerySingleOrDefaultAsync<NoticeRow>($"SELECT {Columns} FROM notices WHERE {condition}{forUpdate}", parameters);
        return row?.ToNotice();
    }

    internal sealed class Session(DbSession db, TimeProvider time) : INoticeSession
    {
        public Task<Notice?> FindAsync(long id, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return FindOneAsync(db, "id = @id", new { id }, lockRow: true);
        }

        public Task<Notice?> FindByDedupKeyAsync(string dedupKey, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(dedupKey);
            cancellationToken.ThrowIfCancellationRequested();
            return FindOneAsync(db, "dedup_key = @dedupKey", new { dedupKey }, lockRow: true);
        }

        public async Task<Notice?> AddAsync(Notice notice, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(notice);
            if (notice.Id != 0 || notice.Version != 1)
            {
                throw new ArgumentException($"A new notice has id 0 and version 1; got id {notice.Id}, version {notice.Version} ({notice.DedupKey}).", nameof(notice));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var id = await db.QuerySingleOrDefaultAsync<long?>(Insert, NoticeRow.From(notice, notice.CreatedAt));
            return id is { } added
                ? notice with { Id = added, Message = notice.Message with { NoticeId = added, Version = notice.Version } }
                : null;
        }

        public async Task SaveAsync(Notice notice, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(notice);
            cancellationToken.ThrowIfCancellationRequested();
            var forUpdate = db.Dialect == SqlDialect.Postgres ? " FOR UPDATE" : "";
            var stored = await db.QuerySingleOrDefaultAsync<int?>($"SELECT version FROM notices WHERE id = @Id{forUpdate}", new { notice.Id })
                ?? throw new InvalidOperationException($"Notice {notice.Id} does not exist; a new notice is stored with AddAsync.");
            if (notice.Version != stored + 1)
            {
                throw new InvalidOperationException(
                    $"Notice {notice.Id} is stored at version {stored}; a saved change must be version {stored + 1}, not {notice.Version}.");
            }

            // The row is locked (PostgreSQL) or the write lock held (SQLite), so the guard cannot miss; it is there to fail loudly if it ever did.
            var at = time.GetUtcNow();
            if (await db.ExecuteAsync(Update, NoticeRow.From(notice, at, expectedVersion: stored)) != 1)
            {
                throw new InvalidOperationException($"Notice {notice.Id} changed while it was being saved at version {notice.Version}.");
            }

            await OutboxQueue.EnqueueUpdatesAsync(db, MessageSubject.Notice(notice.Id), at);
        }

        public Task EnqueuePostsAsync(long noticeId, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return OutboxQueue.EnqueuePostsAsync(db, MessageSubject.Notice(noticeId), destinationKeys, time.GetUtcNow());
        }

        public Task EnqueueReplyAsync(long noticeId, string text, IReadOnlyList<string>? destinationKeys, CancellationToken cancellationToken)
        {
            ArgumentException.ThrowIfNullOrEmpty(text);
            cancellationToken.ThrowIfCancellationRequested();
            return OutboxQueue.EnqueueRepliesAsync(db, MessageSubject.Notice(noticeId), text, destinationKeys, time.GetUtcNow());
        }

        public Task<RotationOverride> AddOverrideAsync(RotationOverride rotationOverride, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return SqlRotationOverrideStore.InsertAsync(db, rotationOverride);
        }
    }
}
