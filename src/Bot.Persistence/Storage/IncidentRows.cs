using Bot.Core.Alerts;
using Bot.Core.Incidents;

namespace Bot.Persistence.Storage;

/// <summary>
/// The SQL shape of an incident and its parts. Dapper fills and reads these by property name; the core's records
/// stay free of mapping concerns. Column lists alias snake_case to the property names.
/// </summary>
internal static class IncidentRows
{
    public const string IncidentColumns = """
        id, dedup_key AS dedupkey, title, team_id AS teamid, service_id AS serviceid, slo_id AS sloid, environment, region,
        state, severity, priority, occurrences, opened_at AS openedat, last_occurrence_at AS lastoccurrenceat,
        snoozed_until AS snoozeduntil, acknowledged_at AS acknowledgedat, acknowledged_by_id AS acknowledgedbyid,
        acknowledged_by_name AS acknowledgedbyname, acknowledged_by_source AS acknowledgedbysource, resolved_at AS resolvedat,
        resolved_by_id AS resolvedbyid, resolved_by_name AS resolvedbyname, resolved_by_source AS resolvedbysource,
        unrouted_reason AS unroutedreason, missing_data AS missingdata, runbook_url AS runbookurl, dashboard_url AS dashboardurl,
        source_url AS sourceurl, silence_url AS silenceurl, burn_rate AS burnrate, budget_remaining AS budgetremaining,
        budget_window AS budgetwindow, budget_exhaustion AS budgetexhaustion, version, firing_alerts AS firingalerts, started_at AS startedat,
        priority_note AS prioritynote
        """;

    public const string InsertIncident = """
        INSERT INTO incidents (
            dedup_key, title, team_id, service_id, slo_id, environment, region, state, severity, priority, occurrences,
            opened_at, last_occurrence_at, snoozed_until, acknowledged_at, acknowledged_by_id, acknowledged_by_name,
            acknowledged_by_source, resolved_at, resolved_by_id, resolved_by_name, resolved_by_source, unrouted_reason,
            missing_data, runbook_url, dashboard_url, source_url, silence_url, burn_rate, budget_remaining, budget_window,
            budget_exhaustion, version, firing_alerts, started_at, priority_note)
        VALUES (
            @DedupKey, @Title, @TeamId, @ServiceId, @SloId, @Environment, @Region, @State, @Severity, @Priority, @Occurrences,
            @OpenedAt, @LastOccurrenceAt, @SnoozedUntil, @AcknowledgedAt, @AcknowledgedById, @AcknowledgedByName,
            @AcknowledgedBySource, @ResolvedAt, @ResolvedById, @ResolvedByName, @ResolvedBySource, @UnroutedReason,
            @MissingData, @RunbookUrl, @DashboardUrl, @SourceUrl, @SilenceUrl, @BurnRate, @BudgetRemaining, @BudgetWindow,
            @BudgetExhaustion, @Version, @FiringAlerts, @StartedAt, @PriorityNote)
        RETURNING id
        """;

    /// <summary>Guarded by the version the writer loaded: a row changed behind its back updates nothing.</summary>
    public const string UpdateIncident = """
        UPDATE incidents SET
            title = @Title, team_id = @TeamId, service_id = @ServiceId, slo_id = @SloId, environment = @Environment,
            region = @Region, state = @State, severity = @Severity, priority = @Priority, occurrences = @Occurrences,
            opened_at = @OpenedAt, last_occurrence_at = @LastOccurrenceAt, snoozed_until = @SnoozedUntil,
            acknowledged_at = @AcknowledgedAt, acknowledged_by_id = @AcknowledgedById, acknowledged_by_name = @AcknowledgedByName,
            acknowledged_by_source = @AcknowledgedBySource, resolved_at = @ResolvedAt, resolved_by_id = @ResolvedById,
            resolved_by_name = @ResolvedByName, resolved_by_source = @ResolvedBySource, unrouted_reason = @UnroutedReason,
            missing_data = @MissingData, runbook_url = @RunbookUrl, dashboard_url = @DashboardUrl, source_url = @SourceUrl,
            silence_url = @SilenceUrl, burn_rate = @BurnRate, budget_remaining = @BudgetRemaining, budget_window = @BudgetWindow,
            budget_exhaustion = @BudgetExhaustion, version = @Version, firing_alerts = @FiringAlerts, started_at = @StartedAt,
            priority_note = @PriorityNote
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    public const string AlertColumns = "incident_id AS incidentid, fingerprint, starts_at AS startsat, severity, status, ends_at AS endsat";

    public const string InsertAlert = """
        INSERT INTO incident_alerts (incident_id, fingerprint, starts_at, severity, status, ends_at)
        VALUES (@IncidentId, @Fingerprint, @StartsAt, @Severity, @Status, @EndsAt)
        """;

    public const string UpdateAlert = """
        UPDATE incident_alerts SET severity = @Severity, status = @Status, ends_at = @EndsAt
        WHERE incident_id = @IncidentId AND starts_at = @StartsAt AND fingerprint = @Fingerprint
        """;

    public const string EventColumns = "incident_id AS incidentid, at, kind, actor_id AS actorid, actor_name AS actorname, actor_source AS actorsource, text";

    public const string InsertEvent = """
        INSERT INTO incident_events (incident_id, at, kind, actor_id, actor_name, actor_source, text)
        VALUES (@IncidentId, @At, @Kind, @ActorId, @ActorName, @ActorSource, @Text)
        """;

    public const string RoleColumns = "incident_id AS incidentid, role, member_id AS memberid, name, rotation_id AS rotationid, assigned_at AS assignedat";

    public const string InsertRole = """
        INSERT INTO incident_roles (incident_id, role, member_id, name, rotation_id, assigned_at)
        VALUES (@IncidentId, @Role, @MemberId, @Name, @RotationId, @AssignedAt)
        """;

    public const string DeleteRole = "DELETE FROM incident_roles WHERE incident_id = @IncidentId AND role = @Role AND member_id = @MemberId";

    public sealed class IncidentRow
    {
        public long Id { get; set; }
        public string DedupKey { get; set; } = "";
        public string Title { get; set; } = "";
        public string? TeamId { get; set; }
        public string? ServiceId { get; set; }
        public string? SloId { get; set; }
        public string? Environment { get; set; }
        public string? Region { get; set; }
        public string State { get; set; } = "";
        public string Severity { get; set; } = "";
        public int? Priority { get; set; }
        public int Occurrences { get; set; }
        public DateTimeOffset OpenedAt { get; set; }
        public DateTimeOffset LastOccurrenceAt { get; set; }
        public DateTimeOffset SnoozedUntil { get; set; }
        public DateTimeOffset? AcknowledgedAt { get; set; }
        public string? AcknowledgedById { get; set; }
        public string? AcknowledgedByName { get; set; }
        public string? AcknowledgedBySource { get; set; }
        public DateTimeOffset? ResolvedAt { get; set; }
        public string? ResolvedById { get; set; }
        public string? ResolvedByName { get; set; }
        public string? ResolvedBySource { get; set; }
        public string? UnroutedReason { get; set; }
        public bool MissingData { get; set; }
        public string? RunbookUrl { get; set; }
        public string? DashboardUrl { get; set; }
        public string? SourceUrl { get; set; }
        public string? SilenceUrl { get; set; }
        public double? BurnRate { get; set; }
        public double? BudgetRemaining { get; set; }
        public string? BudgetWindow { get; set; }
        public string? BudgetExhaustion { get; set; }
        public int Version { get; set; }
        public int FiringAlerts { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public string? PriorityNote { get; set; }

        /// <summary>Only for <see cref="UpdateIncident"/>: the version the writer loaded.</summary>
        public int ExpectedVersion { get; set; }

        public static IncidentRow From(IncidentRecord record, int expectedVersion = 0) => new()
        {
            Id = record.Id,
            DedupKey = record.DedupKey,
            Title = record.Title,
            TeamId = record.TeamId,
            ServiceId = record.ServiceId,
            SloId = record.SloId,
            Environment = record.Environment,
            Region = record.Region,
            State = EnumText<IncidentState>.Of(record.State),
            Severity = EnumText<IncidentSeverity>.Of(record.Severity),
            Priority = record.Priority,
            Occurrences = record.Occurrences,
            OpenedAt = record.OpenedAt,
            LastOccurrenceAt = record.LastOccurrenceAt,
            SnoozedUntil = record.SnoozedUntil,
            AcknowledgedAt = record.Acknowledged?.At,
            AcknowledgedById = record.Acknowledged?.By?.Id,
            AcknowledgedByName = record.Acknowledged?.By?.Name,
            AcknowledgedBySource = EnumText<ActionSource>.Of(record.Acknowledged?.By?.Source),
            ResolvedAt = record.Resolved?.At,
            ResolvedById = record.Resolved?.By?.Id,
            ResolvedByName = record.Resolved?.By?.Name,
            ResolvedBySource = EnumText<ActionSource>.Of(record.Resolved?.By?.Source),
            UnroutedReason = record.UnroutedReason,
            MissingData = record.MissingData,
            RunbookUrl = record.Links.Runbook?.OriginalString,
            DashboardUrl = record.Links.Dashboard?.OriginalString,
            SourceUrl = record.Links.Source?.OriginalString,
            SilenceUrl = record.Links.Silence?.OriginalString,
            BurnRate = record.Budget?.BurnRate,
            BudgetRemaining = record.Budget?.BudgetRemaining,
            BudgetWindow = record.Budget?.Window,
            BudgetExhaustion = record.Budget?.Exhaustion,
            Version = record.Version,
            FiringAlerts = record.FiringAlerts ?? record.Alerts.Count(a => a.Status == AlertStatus.Firing),
            StartedAt = record.StartedAt,
            PriorityNote = record.PriorityNote,
            ExpectedVersion = expectedVersion,
        };

        public IncidentRecord ToRecord(IReadOnlyList<IncidentAlert> alerts) => new(
            Id,
            DedupKey,
            Title,
            TeamId,
            ServiceId,
            SloId,
            Environment,
            Region,
            EnumText<IncidentState>.Parse(State),
            EnumText<IncidentSeverity>.Parse(Severity),
            Priority,
            Occurrences,
            OpenedAt,
            LastOccurrenceAt,
            SnoozedUntil,
            StampOf(AcknowledgedAt, AcknowledgedById, AcknowledgedByName, AcknowledgedBySource),
            StampOf(ResolvedAt, ResolvedById, ResolvedByName, ResolvedBySource),
            UnroutedReason,
            MissingData,
            new IncidentLinks(UriOf(RunbookUrl), UriOf(DashboardUrl), UriOf(SourceUrl), UriOf(SilenceUrl)),
            // A budget with no figures at all is stored as no budget (BudgetContext.From never makes one).
            BurnRate is null && BudgetRemaining is null && BudgetWindow is null && BudgetExhaustion is null
                ? null
                : new BudgetContext(BurnRate, BudgetRemaining, BudgetWindow, BudgetExhaustion),
            Version,
            alerts)
        {
            FiringAlerts = FiringAlerts,
            StartedAt = StartedAt,
            PriorityNote = PriorityNote,
        };

        private static Stamp? StampOf(DateTimeOffset? at, string? id, string? name, string? source) =>
            at is not { } when ? null
            : id is null ? new Stamp(null, when)
            : new Stamp(new Actor(id, name ?? id, EnumText<ActionSource>.Parse(source ?? "")), when);

        private static Uri? UriOf(string? text) => text is null ? null : new Uri(text, UriKind.RelativeOrAbsolute);
    }

    public sealed class AlertRow
    {
        public long IncidentId { get; set; }
        public string Fingerprint { get; set; } = "";
        public DateTimeOffset StartsAt { get; set; }
        public string Severity { get; set; } = "";
        public string Status { get; set; } = "";
        public DateTimeOffset? EndsAt { get; set; }

        public static AlertRow From(long incidentId, IncidentAlert alert) => new()
        {
            IncidentId = incidentId,
            Fingerprint = alert.Fingerprint,
            StartsAt = alert.StartsAt,
            Severity = EnumText<IncidentSeverity>.Of(alert.Severity),
            Status = EnumText<AlertStatus>.Of(alert.Status),
            EndsAt = alert.EndsAt,
        };

        public IncidentAlert ToAlert() =>
            new(Fingerprint, StartsAt, EnumText<IncidentSeverity>.Parse(Severity), EnumText<AlertStatus>.Parse(Status), EndsAt);
    }

    public sealed class EventRow
    {
        public long IncidentId { get; set; }
        public DateTimeOffset At { get; set; }
        public string Kind { get; set; } = "";
        public string? ActorId { get; set; }
        public string? ActorName { get; set; }
        public string? ActorSource { get; set; }
        public string Text { get; set; } = "";

        public static EventRow From(long incidentId, IncidentEvent e) => new()
        {
            IncidentId = incidentId,
            At = e.At,
            Kind = EnumText<IncidentEventKind>.Of(e.Kind),
            ActorId = e.By?.Id,
            ActorName = e.By?.Name,
            ActorSource = EnumText<ActionSource>.Of(e.By?.Source),
            Text = e.Text,
        };

        public IncidentEvent ToEvent() => new(
            EnumText<IncidentEventKind>.Parse(Kind),
            At,
            ActorId is null ? null : new Actor(ActorId, ActorName ?? ActorId, EnumText<ActionSource>.Parse(ActorSource ?? "")),
            Text);
    }

    /// <summary>One holder of a response role; <see cref="AssignedAt"/> orders an incident's experts.</summary>
    public sealed class RoleRow
    {
        public long IncidentId { get; set; }
        public string Role { get; set; } = "";
        public string MemberId { get; set; } = "";
        public string Name { get; set; } = "";
        public string? RotationId { get; set; }
        public DateTimeOffset AssignedAt { get; set; }

        public static RoleRow From(long incidentId, RoleHolder holder, DateTimeOffset assignedAt) => new()
        {
            IncidentId = incidentId,
            Role = EnumText<IncidentRole>.Of(holder.Role),
            MemberId = holder.MemberId,
            Name = holder.Name,
            RotationId = holder.RotationId,
            AssignedAt = assignedAt,
        };

        public RoleHolder ToHolder() => new(EnumText<IncidentRole>.Parse(Role), MemberId, Name, RotationId);
    }
}
