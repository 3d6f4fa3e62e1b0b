using Bot.Core.Postmortems;
using static Bot.Persistence.Storage.ActionItemRows;

namespace Bot.Persistence.Storage;

/// <summary>
/// Action items, in one transaction per write with the incidents' (the item's timeline event and thread reply go with
/// its row). Reads the postmortems table for the postmortem an item is added to.
/// </summary>
/// <remarks>
/// PostgreSQL: every item a write session loads is locked (<c>FOR UPDATE</c>) until the commit, so two people moving one
/// item take turns and the second sees the first's change. Sessions lock the item before its incident, never the other
/// way, so they cannot deadlock each other. SQLite has one writer at a time anyway.
/// </remarks>
internal sealed class SqlActionItemStore(BotDatabase database, TimeProvider time) : IActionItemStore
{
    public Task<T> WriteAsync<T>(Func<IActionItemSession, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return ConflictRetry.WriteAsync(database, session => work(new Session(session, time)), IsConflict, cancellationToken);
    }

    public Task<ActionItem?> FindAsync(long id, CancellationToken cancellationToken) =>
        database.ReadAsync(session => FindOneAsync(session, id, lockRow: false), cancellationToken);

    public Task<IReadOnlyList<ActionItem>> ListAsync(ActionItemQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfNegative(query.Limit);
        var filters = new List<string>();
        if (query.PostmortemId is not null)
        {
            filters.Add("postmortem_id = @PostmortemId");
        }
        if (query.TeamId is not null)
        {
            filters.Add("team_id = @TeamId");
        }
        if (query.State is not null)
        {
            filters.Add("state = @State");
        }
        var where = filters.Count == 0 ? "" : $"WHERE {string.Join(" AND ", filters)}";
        var parameters = new { query.PostmortemId, query.TeamId, State = EnumText<ActionItemState>.Of(query.State), query.Limit };
        return database.ReadAsync<IReadOnlyList<ActionItem>>(
            async session => [.. (await session.QueryAsync<ActionItemRow>(
                $"SELECT {Columns} FROM action_items {where} ORDER BY postmortem_id, id LIMIT @Limit", parameters)).Select(row => row.ToItem())],
            cancellationToken);
    }

    /// <summary>The incidents' conflicts (the session saves incident events) and transient ones.</summary>
    internal static bool IsConflict(Exception exception) => SqlIncidentStore.IsConflict(exception) || ConflictRetry.IsTransient(exception);

    private static async Task<ActionItem?> FindOneAsync(DbSession session, long id, bool lockRow)
    {
        var forUpdate = lockRow && session.Dialect == SqlDialect.Postgres ? " FOR UPDATE" : "";
        var row = await session.QuerySingleOrDefaultAsync<ActionItemRow>($"SELECT {Columns} FROM action_items WHERE id = @id{forUpdate}", new { id });
        return row?.ToItem();
    }

    private sealed class Session(DbSession db, TimeProvider time) : IActionItemSession
    {
        public Bot.Core.Incidents.IIncidentSession Incidents { get; } = new SqlIncidentStore.Session(db, time);

        public async Task<PostmortemOwner?> FindPostmortemAsync(long postmortemId, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var row = await db.QuerySingleOrDefaultAsync<PostmortemOwnerRow>(
                "SELECT id, incident_id AS incidentid, team_id AS teamid FROM postmortems WHERE id = @postmortemId", new { postmortemId });
            return row is null ? null : new PostmortemOwner(row.Id, row.IncidentId, row.TeamId);
        }

        public Task<ActionItem?> FindAsync(long id, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return FindOneAsync(db, id, lockRow: true);
        }

        public async Task<ActionItem> AddAsync(ActionItem item, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(item);
            if (item.Id != 0 || item.Version != 1)
            {
                throw new ArgumentException($"A new action item has id 0 and version 1; got id {item.Id}, version {item.Version}.", nameof(item));
            }
            cancellationToken.ThrowIfCancellationRequested();
            var id = await db.QuerySingleAsync<long>(Insert, ActionItemRow.From(item));
            return item with { Id = id };
        }

        public async Task SaveAsync(ActionItem item, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(item);
            cancellationToken.ThrowIfCancellationRequested();
            var forUpdate = db.Dialect == SqlDialect.Postgres ? " FOR UPDATE" : "";
            var stored = await db.QuerySingleOrDefaultAsync<int?>($"SELECT version FROM action_items WHERE id = @Id{forUpdate}", new { item.Id })
                ?? throw new InvalidOperationException($"Action item {item.Reference} does not exist; a new item is stored with AddAsync.");
            if (item.Version != stored + 1)
            {
                throw new InvalidOperationException(
                    $"Action item {item.Reference} is stored at version {stored}; a saved change must be version {stored + 1}, not {item.Version}.");
            }
            // The row is locked (PostgreSQL) or the write lock held (SQLite): the guard is there to fail loudly if it ever missed.
            if (await db.ExecuteAsync(Update, ActionItemRow.From(item, expectedVersion: stored)) != 1)
            {
                throw new InvalidOperationException($"Action item {item.Reference} changed while it was being saved at version {item.Version}.");
            }
        }
    }

    private sealed class PostmortemOwnerRow
    {
        public long Id { get; set; }
        public long IncidentId { get; set; }
        public string? TeamId { get; set; }
    }
}
