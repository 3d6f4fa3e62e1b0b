using Bot.Core.Incidents;
using Bot.Core.Postmortems;
using Microsoft.Data.Sqlite;
using Npgsql;
using static Bot.Persistence.Storage.PostmortemRows;

namespace Bot.Persistence.Storage;

/// <summary>
/// Postmortems and their reminders, written in one transaction with the incident's timeline events and outbox rows
/// (<see cref="SqlIncidentStore.Session"/> over the same connection). One postmortem per incident: a second start,
/// also from another replica at the same moment, inserts nothing and finds the first.
/// </summary>
/// <remarks>PostgreSQL: a postmortem a write session loads is locked (<c>FOR UPDATE</c>) until the commit, so two edits take turns.</remarks>
internal sealed class SqlPostmortemStore(BotDatabase database, TimeProvider time) : IPostmortemStore
{
    public Task<T> WriteAsync<T>(Func<IPostmortemSession, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return ConflictRetry.WriteAsync(database, session => work(new Session(session, time)), IsConflict, cancellationToken);
    }

    public Task<Postmortem?> FindAsync(long id, CancellationToken cancellationToken) =>
        database.ReadAsync(session => FindOneAsync(session, "id = @id", new { id }, lockRow: false), cancellationToken);

    public Task<Postmortem?> FindByIncidentAsync(long incidentId, CancellationToken cancellationToken) =>
        database.ReadAsync(session => FindOneAsync(session, "incident_id = @incidentId", new { incidentId }, lockRow: false), cancellationToken);

    public Task<IReadOnlyList<Postmortem>> ListAsync(PostmortemQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        var filters = new List<string>();
        if (query.TeamId is not null)
        {
            filters.Add("team_id = @TeamId");
        }
        if (query.State is not null)
        {
            filters.Add("state = @State");
        }
        var where = filters.Count == 0 ? "" : $"WHERE {string.Join(" AND ", filters)}";
        return database.ReadAsync<IReadOnlyList<Postmortem>>(
            async session => [.. (await session.QueryAsync<PostmortemRow>(
                $"SELECT {Columns} FROM postmortems {where} ORDER BY created_at DESC, id DESC LIMIT @Limit",
                new { query.TeamId, State = EnumText<PostmortemState>.Of(query.State), query.Limit })).Select(row => row.ToPostmortem())],
            cancellationToken);
    }

    public Task<IReadOnlyList<PostmortemDue>> ListDueAsync(IReadOnlyCollection<int> priorities, DateTimeOffset resolvedSince, string? teamId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(priorities);
        return database.ReadAsync<IReadOnlyList<PostmortemDue>>(async session =>
        {
            var postgres = session.Dialect == SqlDialect.Postgres;
            var incidents = (await session.QueryAsync<DueRow>(
                $"""
                SELECT id, team_id AS teamid, title, priority, resolved_at AS resolvedat FROM incidents
                WHERE state = 'resolved' AND resolved_at >= @resolvedSince
                  AND priority {(postgres ? "= ANY(@priorities)" : "IN @priorities")}
                  {(teamId is null ? "" : "AND team_id = @teamId")}
                ORDER BY resolved_at, id
                """,
                new { resolvedSince, priorities = priorities.ToArray(), teamId })).ToList();
            if (incidents.Count == 0)
            {
                return [];
            }
            var ids = incidents.Select(i => i.Id).ToArray();
            var inIds = postgres ? "= ANY(@ids)" : "IN @ids";
            var postmortems = (await session.QueryAsync<PostmortemRow>($"SELECT {Columns} FROM postmortems WHERE incident_id {inIds}", new { ids }))
                .ToDictionary(row => row.IncidentId, row => row.ToPostmortem());
            var reminders = (await session.QueryAsync<ReminderRow>(
                $"SELECT incident_id AS incidentid, kind FROM postmortem_reminders WHERE incident_id {inIds}", new { ids }))
                .ToLookup(row => row.IncidentId, row => row.Kind);
            return [.. incidents.Select(i => new PostmortemDue(
                i.Id, i.TeamId, i.Title, i.Priority, i.ResolvedAt, postmortems.GetValueOrDefault(i.Id), [.. reminders[i.Id].Order(StringComparer.Ordinal)]))];
        }, cancellationToken);
    }

    /// <summary>A conflict the next run resolves: the incident store's, a serialization failure, or a postmortem changed behind the writer's back.</summary>
    internal static bool IsConflict(Exception exception) => exception switch
    {
        PostmortemChangedConcurrentlyException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique when unique.ConstraintName == "ux_postmortems_incident" => true,
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 } unique when unique.Message.Contains("postmortems.incident_id", StringComparison.Ordinal) => true,
        _ => SqlIncidentStore.IsConflict(exception) || SqlNoticeStore.IsConflict(exception),
    };

    private static async Task<Postmortem?> FindOneAsync(DbSession session, string condition, object parameters, bool lockRow)
    {
        var forUpdate = lockRow && session.Dialect == SqlDialect.Postgres ? " FOR UPDATE" : "";
        var row = await session.QuerySingleOrDefaultAsync<PostmortemRow>($"SELECT {Columns} FROM postmortems WHERE {condition}{forUpdate}", parameters);
        return row?.ToPostmortem();
    }

    private sealed class PostmortemChangedConcurrentlyException(long id, int expectedVersion)
        : Exception($"Postmortem {id} changed after it was loaded at version {expectedVersion}.");

    private sealed class Session(DbSession db, TimeProvider time) : IPostmortemSession
    {
        public IIncidentSession Incidents { get; } = new SqlIncidentStore.Session(db, time);

        public Task<Postmortem?> FindAsync(long id, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return FindOneAsync(db, "id = @id", new { id }, lockRow: true);
        }

        public Task<Postmortem?> FindByIncidentAsync(long incidentId, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return FindOneAsync(db, "incident_id = @incidentId", new { incidentId }, lockRow: true);
        }

        public async Task<Postmortem?> AddAsync(Postmortem postmortem, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(postmortem);
            if (postmortem.Id != 0 || postmortem.Version != 1)
            {
                throw new ArgumentException($"A new postmortem has id 0 and version 1; got id {postmortem.Id}, version {postmortem.Version}.", nameof(postmortem));
            }
            cancellationToken.ThrowIfCancellationRequested();
            var id = await db.QuerySingleOrDefaultAsync<long?>(Insert, PostmortemRow.From(postmortem));
            return id is { } added ? postmortem with { Id = added } : null;
        }

        public async Task SaveAsync(Postmortem postmortem, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(postmortem);
            cancellationToken.ThrowIfCancellationRequested();
            var forUpdate = db.Dialect == SqlDialect.Postgres ? " FOR UPDATE" : "";
            var stored = await db.QuerySingleOrDefaultAsync<int?>($"SELECT version FROM postmortems WHERE id = @Id{forUpdate}", new { postmortem.Id })
                ?? throw new InvalidOperationException($"Postmortem {postmortem.Id} does not exist; a new postmortem is stored with AddAsync.");
            if (postmortem.Version != stored + 1)
            {
                throw new InvalidOperationException(
                    $"Postmortem {postmortem.Id} is stored at version {stored}; a saved change must be version {stored + 1}, not {postmortem.Version}.");
            }
            if (await db.ExecuteAsync(Update, PostmortemRow.From(postmortem, expectedVersion: stored)) != 1)
            {
                throw new PostmortemChangedConcurrentlyException(postmortem.Id, stored);
            }
        }

        public async Task<bool> ClaimReminderAsync(long incidentId, string kind, DateTimeOffset at, CancellationToken cancellationToken)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(kind);
            cancellationToken.ThrowIfCancellationRequested();
            return await db.ExecuteAsync(
                "INSERT INTO postmortem_reminders (incident_id, kind, sent_at) VALUES (@incidentId, @kind, @at) ON CONFLICT (incident_id, kind) DO NOTHING",
                new { incidentId, kind, at }) == 1;
        }
    }
}
