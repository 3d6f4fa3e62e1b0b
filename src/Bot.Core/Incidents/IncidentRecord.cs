namespace Bot.Core.Incidents;

/// <summary>An incident's whole state as storage holds it; <see cref="Incident"/> is rebuilt from it and reduces to it.</summary>
/// <remarks>
/// <see cref="Alerts"/> may be a subset: a write session loads only the occurrences it needs, since an incident can
/// gather thousands. <see cref="FiringAlerts"/> then says how many of all its alerts still fire.
/// </remarks>
public sealed record IncidentRecord(
    long Id,
    string DedupKey,
    string Title,
    string? TeamId,
    string? ServiceId,
    string? SloId,
    string? Environment,
    string? Region,
    IncidentState State,
    IncidentSeverity Severity,
    int? Priority,
    int Occurrences,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastOccurrenceAt,
    DateTimeOffset SnoozedUntil,
    Stamp? Acknowledged,
    Stamp? Resolved,
    string? UnroutedReason,
    bool MissingData,
    IncidentLinks Links,
    BudgetContext? Budget,
    int Version,
    IReadOnlyList<IncidentAlert> Alerts)
{
    /// <summary>How many of the incident's alerts fire, counting those not in <see cref="Alerts"/>; null means <see cref="Alerts"/> is complete.</summary>
    public int? FiringAlerts { get; init; }

    /// <summary>When the first alert started firing, as its source said (<see cref="OpenedAt"/> is when the bot opened the incident).</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>Why the incident has its priority when it was not the SLO's own, e.g. "derived from the error budget: 35% left, burning 4.2×".</summary>
    public string? PriorityNote { get; init; }

    /// <summary>Who holds the response roles: at most one coordinator and one communicator, any number of experts.</summary>
    public IReadOnlyList<RoleHolder> Roles { get; init; } = [];
}

/// <summary>Who did something and when; <see cref="By"/> is null when the alerts themselves resolved the incident.</summary>
public sealed record Stamp(Actor? By, DateTimeOffset At);

/// <summary>Where to look: the runbook and dashboard (the alert's, else the service's), the alert's source and silence links.</summary>
public sealed record IncidentLinks(Uri? Runbook, Uri? Dashboard, Uri? Source, Uri? Silence)
{
    public static IncidentLinks None { get; } = new(null, null, null, null);
}

public enum IncidentState
{
    Open,
    Acknowledged,
    Resolved,
}
