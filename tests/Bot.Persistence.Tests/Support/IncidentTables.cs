namespace Bot.Persistence.Tests.Support;

/// <summary>Reads the incident, notice and outbox tables directly, to assert what a use case wrote (and that it wrote nothing).</summary>
public static class IncidentTables
{
    public static Task<TableCounts> CountsAsync(BotDatabase database) =>
        database.ReadAsync(
            session => session.QuerySingleAsync<TableCounts>(
                """
                SELECT (SELECT COUNT(*) FROM incidents) AS incidents, (SELECT COUNT(*) FROM incident_alerts) AS alerts,
                       (SELECT COUNT(*) FROM incident_events) AS events, (SELECT COUNT(*) FROM outbox) AS outbox,
                       (SELECT COUNT(*) FROM chat_messages) AS messages, (SELECT COUNT(*) FROM notices) AS notices,
                       (SELECT COUNT(*) FROM notice_messages) AS noticemessages, (SELECT COUNT(*) FROM rotation_overrides) AS overrides
                """),
            CancellationToken.None);

    public static Task<IReadOnlyList<OutboxRow>> OutboxAsync(BotDatabase database) =>
        database.ReadAsync<IReadOnlyList<OutboxRow>>(
            async session => [.. await session.QueryAsync<OutboxRow>(
                """
                SELECT id, destination_key AS destinationkey, incident_id AS incidentid, notice_id AS noticeid, kind, text, attempts, due_at AS dueat,
                       last_error AS lasterror, delivered_at AS deliveredat, failed_at AS failedat, rendered_version AS renderedversion
                FROM outbox ORDER BY id
                """)],
            CancellationToken.None);

    /// <summary>
    /// Inserts an open incident of the checkout SLO with the columns incidents had from schema 0004 to 0008, for a
    /// migration test's earlier data (the store writes the latest schema's columns).
    /// </summary>
    public static Task<long> InsertOpenIncidentBefore0009Async(BotDatabase database, string dedupKey, DateTimeOffset at) =>
        database.WriteAsync(
            session => session.QuerySingleAsync<long>(
                """
                INSERT INTO incidents (
                    dedup_key, title, team_id, service_id, slo_id, state, severity, priority, occurrences, opened_at, last_occurrence_at,
                    snoozed_until, missing_data, version, firing_alerts, started_at)
                VALUES (@dedupKey, 'Checkout availability', @Payments, 'checkout', @CheckoutSlo, 'open', 'critical', 1, 1, @at, @at,
                    @at, @missingData, 1, 1, @at)
                RETURNING id
                """,
                new { dedupKey, IncidentTestData.Payments, IncidentTestData.CheckoutSlo, at, missingData = false }),
            CancellationToken.None);

    public sealed record TableCounts
    {
        public long Incidents { get; init; }
        public long Alerts { get; init; }
        public long Events { get; init; }
        public long Outbox { get; init; }
        public long Messages { get; init; }
        public long Notices { get; init; }
        public long NoticeMessages { get; init; }
        public long Overrides { get; init; }
    }

    public sealed record OutboxRow
    {
        public long Id { get; init; }
        public string DestinationKey { get; init; } = "";
        /// <summary>0 for a notice's entry.</summary>
        public long IncidentId { get; init; }
        /// <summary>0 for an incident's entry.</summary>
        public long NoticeId { get; init; }
        public string Kind { get; init; } = "";
        public string? Text { get; init; }
        public int Attempts { get; init; }
        public DateTimeOffset DueAt { get; init; }
        public string? LastError { get; init; }
        public DateTimeOffset? DeliveredAt { get; init; }
        public DateTimeOffset? FailedAt { get; init; }
        public int? RenderedVersion { get; init; }

        public bool IsPending => DeliveredAt is null && FailedAt is null;
    }
}
