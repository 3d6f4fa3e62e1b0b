using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Microsoft.Data.Sqlite;
using Npgsql;
using static Bot.Persistence.Storage.IncidentRows;

namespace Bot.Persistence.Storage;

/// <summary>
/// Incidents, their alert occurrences and timelines, and the outbox rows their changes call for. A write runs in
/// one transaction; when it collides with a concurrent writer (two replicas opening the same dedup key) it is
/// rolled back and run again from the start, and then finds the other's incident.
/// </summary>
/// <remarks>
/// PostgreSQL: every incident a write session loads is locked (<c>FOR UPDATE</c>) until the commit, so two
/// replicas changing one incident take turns instead of overwriting each other, and <see cref="SqlOutbox"/>
/// takes the same lock before it compares versions. SQLite has one writer at a time anyway.
/// </remarks>
internal sealed class SqlIncidentStore(BotDatabase database, TimeProvider time) : IIncidentStore
{
    /// <summary>How many times a write is tried before a conflict is passed on to the caller.</summary>
    internal const int MaxAttempts = ConflictRetry.MaxAttempts;

    public Task<T> WriteAsync<T>(Func<IIncidentSession, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return ConflictRetry.WriteAsync(database, session => work(new Session(session, time)), IsConflict, cancellationToken);
    }

    public Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken) =>
        database.ReadAsync(
            async session =>
            {
                var incident = await ReadIncidentsAsync(session, "WHERE id = @id", new { id }, lockRows: false);
                if (incident.Count == 0)
                {
                    return null;
                }

                var events = await session.QueryAsync<EventRow>($"SELECT {EventColumns} FROM incident_events WHERE incident_id = @id ORDER BY id", new { id });
                return new IncidentDetails(incident[0], [.. events.Select(e => e.ToEvent())]);
            },
            cancellationToken);

    public Task<IReadOnlyList<BreachSpan>> ListBreachesAsync(string sloId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sloId);
        return database.ReadAsync<IReadOnlyList<BreachSpan>>(
            async session => [.. (await session.QueryAsync<BreachRow>(
                // The start is when the alerts started firing, as their source said; opened_at for incidents from before 0004.
                """
                SELECT id, COALESCE(started_at, opened_at) AS startedat, resolved_at AS resolvedat, burn_rate AS burnrate
                FROM incidents
                WHERE slo_id = @sloId AND NOT missing_data AND (resolved_at IS NULL OR resolved_at >= @since)
                ORDER BY startedat, id
                """,
                new { sloId, since })).Select(row => new BreachSpan(row.Id, row.StartedAt, row.ResolvedAt, row.BurnRate))],
            cancellationToken);
    }

    public Task<IReadOnlyDictionary<string, int>> CountOpenBySloAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyDictionary<string, int>>(
            async session => (await session.QueryAsync<(string SloId, long Open)>(
                    "SELECT slo_id, COUNT(*) FROM incidents WHERE state <> 'resolved' AND slo_id IS NOT NULL GROUP BY slo_id"))
                .ToDictionary(row => row.SloId, row => (int)row.Open, StringComparer.Ordinal),
            cancellationToken);

    public Task<IReadOnlyList<IncidentRecord>> ListAsync(IncidentQuery query, CancellationToken cancellationToken)
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
        var parameters = new { query.TeamId, State = EnumText<IncidentState>.Of(query.State), query.Limit };
        return database.ReadAsync(
            session => ReadIncidentsAsync(session, $"{where} ORDER BY opened_at DESC, id DESC LIMIT @Limit", parameters, lockRows: false),
            cancellationToken);
    }

    /// <summary>
    /// A conflict the next run resolves: a unique violation of the open-dedup-key or occurrence index (another
    /// writer got there first), a serialization failure or deadlock, or an incident changed behind the writer's back.
    /// </summary>
    internal static bool IsConflict(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique =>
            unique.ConstraintName is "ux_incidents_open_dedup_key" or "ux_incident_alerts_occurrence",
        PostgresException transient when ConflictRetry.IsTransient(transient) => true,
        // SQLITE_CONSTRAINT_UNIQUE names the columns, not the index: "UNIQUE constraint failed: incidents.dedup_key".
        SqliteException { SqliteErrorCode: 19, SqliteExtendedErrorCode: 2067 } unique =>
            unique.Message.Contains("incidents.dedup_key", StringComparison.Ordinal)
            || unique.Message.Contains("incident_alerts.", StringComparison.Ordinal),
        IncidentChangedConcurrentlyException => true,
        _ => false,
    };

    /// <summary>Which of an incident's alerts a read brings along.</summary>
    private enum AlertsToLoad
    {
        /// <summary>Every alert (read models).</summary>
        All,
        /// <summary>None: a write session loads only the occurrences it touches; the incident keeps its firing count.</summary>
        None,
    }

    /// <summary>Incidents, without timelines, with all their alerts (in start order) or none.</summary>
    private static async Task<IReadOnlyList<IncidentRecord>> ReadIncidentsAsync(
        DbSession session, string condition, object parameters, bool lockRows, AlertsToLoad alertsToLoad = AlertsToLoad.All)
    {
        var forUpdate = lockRows && session.Dialect == SqlDialect.Postgres ? " FOR UPDATE" : "";
        var rows = (await session.QueryAsync<IncidentRow>($"SELECT {IncidentColumns} FROM incidents {condition}{forUpdate}", parameters)).ToList();
        if (rows.Count == 0)
        {
            return [];
        }
        var roles = await RolesOfAsync(session, rows);
        if (alertsToLoad == AlertsToLoad.None)
        {
            return [.. rows.Select(row => row.ToRecord(NoAlerts) with { Roles = RolesOf(roles, row.Id) })];
        }

        var alerts = rows.Count == 1
            ? await session.QueryAsync<AlertRow>(
                $"SELECT {AlertColumns} FROM incident_alerts WHERE incident_id = @id ORDER BY starts_at, fingerprint", new { id = rows[0].Id })
            : await session.QueryAsync<AlertRow>(
                // Dapper expands a list into IN (...) for SQLite, and passes it to Npgsql as one array parameter.
                $"""
                SELECT {AlertColumns} FROM incident_alerts
                WHERE incident_id {(session.Dialect == SqlDialect.Postgres ? "= ANY(@ids)" : "IN @ids")}
                ORDER BY incident_id, starts_at, fingerprint
                """,
                new { ids = rows.Select(r => r.Id).ToArray() });
        var byIncident = alerts.ToLookup(a => a.IncidentId, a => a.ToAlert());
        return [.. rows.Select(row => row.ToRecord([.. byIncident[row.Id]]) with { Roles = RolesOf(roles, row.Id) })];
    }

    /// <summary>An incident's holders; none is the one empty list, which a record without roles holds too (records compare lists by reference).</summary>
    private static IReadOnlyList<RoleHolder> RolesOf(ILookup<long, RoleHolder> roles, long id) => roles.Contains(id) ? [.. roles[id]] : NoRoles;

    /// <summary>The role holders of the incidents, each incident's in the order they were given the role.</summary>
    private static async Task<ILookup<long, RoleHolder>> RolesOfAsync(DbSession session, List<IncidentRow> rows)
    {
        var roles = rows.Count == 1
            ? await session.QueryAsync<RoleRow>(
                $"SELECT {RoleColumns} FROM incident_roles WHERE incident_id = @id ORDER BY assigned_at, role, member_id", new { id = rows[0].Id })
            : await session.QueryAsync<RoleRow>(
                $"""
                SELECT {RoleColumns} FROM incident_roles
                WHERE incident_id {(session.Dialect == SqlDialect.Postgres ? "= ANY(@ids)" : "IN @ids")}
                ORDER BY incident_id, assigned_at, role, member_id
                """,
                new { ids = rows.Select(r => r.Id).ToArray() });
        return roles.ToLookup(r => r.IncidentId, r => r.ToHolder());
    }

    private sealed class BreachRow
    {
        public long Id { get; set; }
        public DateTimeOffset StartedAt { get; set; }
        public DateTimeOffset? ResolvedAt { get; set; }
        public double? BurnRate { get; set; }
    }

    /// <summary>Raised when an update finds the incident at another version than the one loaded; the write is run again.</summary>
    private sealed class IncidentChangedConcurrentlyException(long id, int expectedVersion)
        : Exception($"Incident #{id} changed after it was loaded at version {expectedVersion}.");

    /// <summary>
    /// What an incident looked like in the database when this session loaded or last saved it: its row (compared by value,
    /// so without its lists) and its role holders.
    /// </summary>
    private sealed record Saved(IncidentRecord Head, IReadOnlyList<RoleHolder> Roles)
    {
        public static Saved Of(IncidentRecord record) => new(HeadOf(record), record.Roles);
    }

    private static readonly IReadOnlyList<IncidentAlert> NoAlerts = [];
    private static readonly IReadOnlyList<RoleHolder> NoRoles = [];

    /// <summary>The incident row's values alone: records compare their lists by reference.</summary>
    private static IncidentRecord HeadOf(IncidentRecord record) => record with { Alerts = NoAlerts, Roles = NoRoles };

    internal sealed class Session(DbSession db, TimeProvider time) : IIncidentSession
    {
        // Keyed by instance: the use case may hold two objects of one incident, and each is diffed against what it loaded.
        private readonly Dictionary<Incident, Saved> _saved = new(ReferenceEqualityComparer.Instance);

        // The occurrences this session knows to be stored, per incident: loads bring some (a write loads only those it
        // touches), and the use case may attach an occurrence loaded through another object to the one it holds.
        private readonly Dictionary<long, Dictionary<(string Fingerprint, DateTimeOffset StartsAt), IncidentAlert>> _stored = [];

        public Task<Incident?> FindAsync(long id, CancellationToken cancellationToken) =>
            LoadAsync("WHERE id = @id", new { id }, cancellationToken);

        public Task<Incident?> FindOpenAsync(string dedupKey, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(dedupKey);
            return LoadAsync("WHERE dedup_key = @dedupKey AND state <> 'resolved'", new { dedupKey }, cancellationToken);
        }

        public async Task<Incident?> FindByOccurrenceAsync(string fingerprint, DateTimeOffset startsAt, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(fingerprint);
            cancellationToken.ThrowIfCancellationRequested();

            // Most alerts of a storm are new: one index probe answers them without touching incidents. A known one
            // brings its incident with just this occurrence, not the thousands a storm may have added.
            var held = await db.QuerySingleOrDefaultAsync<AlertRow>(
                $"SELECT {AlertColumns} FROM incident_alerts WHERE fingerprint = @fingerprint AND starts_at = @startsAt",
                new { fingerprint, startsAt });
            return held is null ? null : await LoadAsync("WHERE id = @id", new { id = held.IncidentId }, cancellationToken, [held.ToAlert()]);
        }

        public Task<Incident?> FindLatestOpenAsync(string teamId, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(teamId);
            return LoadAsync(
                "WHERE team_id = @teamId AND state <> 'resolved' ORDER BY opened_at DESC, id DESC LIMIT 1", new { teamId }, cancellationToken);
        }

        public async Task SaveAsync(Incident incident, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(incident);
            cancellationToken.ThrowIfCancellationRequested();
            var record = incident.ToRecord();
            long id;
            IReadOnlyList<RoleHolder> rolesBefore = NoRoles;
            if (record.Id == 0)
            {
                id = await db.QuerySingleAsync<long>(InsertIncident, IncidentRow.From(record));
            }
            else
            {
                id = record.Id;
                var before = _saved.GetValueOrDefault(incident) ?? await LoadSavedAsync(id);
                if (!HeadOf(record).Equals(before.Head)
                    && await db.ExecuteAsync(UpdateIncident, IncidentRow.From(record, before.Head.Version)) == 0)
                {
                    throw new IncidentChangedConcurrentlyException(id, before.Head.Version);
                }
                rolesBefore = before.Roles;
            }

            // Role holders are compared by value: only those given or taken back since the load are written, so the
            // others keep when they were assigned.
            var taken = rolesBefore.Where(r => !record.Roles.Contains(r)).Select(r => RoleRow.From(id, r, default)).ToList();
            if (taken.Count > 0)
            {
                await db.ExecuteAsync(DeleteRole, taken);
            }
            var given = record.Roles.Where(r => !rolesBefore.Contains(r)).Select(r => RoleRow.From(id, r, time.GetUtcNow())).ToList();
            if (given.Count > 0)
            {
                await db.ExecuteAsync(InsertRole, given);
            }

            // Only occurrences that are new or changed are written: a storm adds a few to an incident holding many.
            List<AlertRow> inserts = [];
            List<AlertRow> updates = [];
            var known = StoredAlertsOf(id);
            foreach (var alert in record.Alerts)
            {
                if (!known.TryGetValue((alert.Fingerprint, alert.StartsAt), out var stored))
                {
                    inserts.Add(AlertRow.From(id, alert));
                }
                else if (stored != alert)
                {
                    updates.Add(AlertRow.From(id, alert));
                }
            }

            if (inserts.Count > 0)
            {
                await db.ExecuteAsync(InsertAlert, inserts);
            }

            if (updates.Count > 0)
            {
                await db.ExecuteAsync(UpdateAlert, updates);
            }

            if (incident.NewEvents.Count > 0)
            {
                await db.ExecuteAsync(InsertEvent, incident.NewEvents.Select(e => EventRow.From(id, e)).ToList());
            }

            incident.MarkSaved(id);
            Remember(incident, record with { Id = id });
        }

        public Task EnqueuePostsAsync(long incidentId, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return OutboxQueue.EnqueuePostsAsync(db, MessageSubject.Incident(incidentId), destinationKeys, time.GetUtcNow());
        }

        public Task EnqueueReplyAsync(long incidentId, string text, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken)
        {
            ArgumentException.ThrowIfNullOrEmpty(text);
            ArgumentNullException.ThrowIfNull(destinationKeys);
            cancellationToken.ThrowIfCancellationRequested();
            return OutboxQueue.EnqueueRepliesAsync(db, MessageSubject.Incident(incidentId), text, destinationKeys, time.GetUtcNow());
        }

        public async Task EnqueueUpdateAsync(long incidentId, string? threadReply, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var at = time.GetUtcNow();
            await OutboxQueue.EnqueueUpdatesAsync(db, MessageSubject.Incident(incidentId), at);
            if (threadReply is not null)
            {
                await OutboxQueue.EnqueueRepliesAsync(db, MessageSubject.Incident(incidentId), threadReply, destinationKeys: null, at);
            }
        }

        /// <summary>Loads an incident for writing, with only the given occurrences of its alerts.</summary>
        private async Task<Incident?> LoadAsync(string condition, object parameters, CancellationToken cancellationToken, IReadOnlyList<IncidentAlert>? alerts = null)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var records = await ReadIncidentsAsync(db, condition, parameters, lockRows: true, AlertsToLoad.None);
            if (records.Count == 0)
            {
                return null;
            }

            var record = records[0] with { Alerts = alerts ?? NoAlerts };
            var incident = new Incident(record);
            Remember(incident, record);
            return incident;
        }

        /// <summary>Notes what the database holds now: the incident's row for this object, its occurrences for the incident.</summary>
        private void Remember(Incident incident, IncidentRecord stored)
        {
            _saved[incident] = Saved.Of(stored);
            var alerts = StoredAlertsOf(stored.Id);
            foreach (var alert in stored.Alerts)
            {
                alerts[(alert.Fingerprint, alert.StartsAt)] = alert;
            }
        }

        private Dictionary<(string Fingerprint, DateTimeOffset StartsAt), IncidentAlert> StoredAlertsOf(long id)
        {
            if (!_stored.TryGetValue(id, out var alerts))
            {
                _stored[id] = alerts = [];
            }
            return alerts;
        }

        /// <summary>For an incident this session did not load: what the database holds now.</summary>
        private async Task<Saved> LoadSavedAsync(long id)
        {
            // Rare (an object built outside this session): diff against every stored alert, so none is inserted twice.
            var records = await ReadIncidentsAsync(db, "WHERE id = @id", new { id }, lockRows: true, AlertsToLoad.All);
            if (records.Count != 1)
            {
                throw new InvalidOperationException($"Incident #{id} does not exist; a new incident is saved with id 0.");
            }
            foreach (var alert in records[0].Alerts)
            {
                StoredAlertsOf(id)[(alert.Fingerprint, alert.StartsAt)] = alert;
            }
            return Saved.Of(records[0]);
        }
    }
}
