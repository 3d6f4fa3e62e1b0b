using Bot.Core.Alerts;
using Bot.Core.Delivery;
using Bot.Core.Incidents;

namespace Bot.Host.Incidents;

/// <summary>
/// An incident as <c>GET /api/incidents</c> lists it; <c>GET /api/incidents/{id}</c> adds <see cref="Timeline"/> and
/// <see cref="Messages"/> (absent from the list).
/// </summary>
/// <param name="Team">The owning team's id; absent when the incident is unrouted.</param>
/// <param name="Slo">The catalog SLO's id, when the alert named one.</param>
/// <param name="Priority">"P1" … "P5", the SLO's; absent when it has none.</param>
/// <param name="UnroutedReason">Why no team owns it, when none does.</param>
/// <param name="Roles">Who holds the response roles: at most one coordinator and one communicator, any number of experts.</param>
/// <param name="MissingData">The source reported missing data (Grafana's DatasourceNoData/DatasourceError), not a breach.</param>
internal sealed record IncidentResponse(
    long Id,
    string Title,
    string? Team,
    string? Service,
    string? Slo,
    string? Environment,
    string? Region,
    IncidentState State,
    IncidentSeverity Severity,
    string? Priority,
    int Occurrences,
    DateTimeOffset OpenedAt,
    StampResponse? Acknowledged,
    StampResponse? Resolved,
    string? UnroutedReason,
    bool MissingData,
    IncidentLinksResponse Links,
    BudgetResponse? Budget,
    IReadOnlyList<RoleHolderResponse> Roles,
    IReadOnlyList<IncidentAlertResponse> Alerts,
    IReadOnlyList<TimelineEntryResponse>? Timeline = null,
    IReadOnlyList<ChatMessageResponse>? Messages = null)
{
    public static IncidentResponse From(IncidentRecord incident) => new(
        incident.Id,
        incident.Title,
        incident.TeamId,
        incident.ServiceId,
        incident.SloId,
        incident.Environment,
        incident.Region,
        incident.State,
        incident.Severity,
        incident.Priority is { } level ? $"P{level}" : null,
        incident.Occurrences,
        incident.OpenedAt,
        StampResponse.From(incident.Acknowledged),
        StampResponse.From(incident.Resolved),
        incident.UnroutedReason,
        incident.MissingData,
        new IncidentLinksResponse(incident.Links.Runbook, incident.Links.Dashboard, incident.Links.Source, incident.Links.Silence),
        incident.Budget is { } budget ? new BudgetResponse(budget.BurnRate, budget.BudgetRemaining, budget.Window, budget.Exhaustion) : null,
        [.. incident.Roles.Select(r => new RoleHolderResponse(r.Role, r.MemberId, r.Name, r.RotationId))],
        [.. incident.Alerts.Select(alert => new IncidentAlertResponse(alert.Fingerprint, alert.StartsAt, alert.Status, alert.EndsAt))]);

    public static IncidentResponse From(IncidentDetails details, IReadOnlyList<ChatMessageRef> messages) => From(details.Incident) with
    {
        Timeline = [.. details.Timeline.Select(e => new TimelineEntryResponse(e.At, e.Kind, ActorResponse.From(e.By), e.Text))],
        Messages = [.. messages.Select(m => new ChatMessageResponse(m.DestinationKey, m.MessageId, m.ThreadId, m.RenderedVersion, m.PostedAt))],
    };
}

/// <summary>Who did it and when; <see cref="By"/> is absent when the alerts themselves did it (they stopped firing).</summary>
internal sealed record StampResponse(ActorResponse? By, DateTimeOffset At)
{
    public static StampResponse? From(Stamp? stamp) => stamp is null ? null : new(ActorResponse.From(stamp.By), stamp.At);
}

/// <param name="Id">The catalog member id for people; the alert source or job name otherwise.</param>
/// <param name="Source">Where the action came from: webhook, console, slack, msTeams, scheduler, api.</param>
internal sealed record ActorResponse(string Id, string Name, ActionSource Source)
{
    public static ActorResponse? From(Actor? actor) => actor is null ? null : new(actor.Id, actor.Name, actor.Source);
}

/// <param name="Source">The alert's source link (Alertmanager's generatorURL).</param>
internal sealed record IncidentLinksResponse(Uri? Runbook, Uri? Dashboard, Uri? Source, Uri? Silence);

/// <summary>Error budget figures the alerts carried.</summary>
/// <param name="BudgetRemaining">Share of the budget left, e.g. 0.62; negative once overspent.</param>
internal sealed record BudgetResponse(double? BurnRate, double? BudgetRemaining, string? Window, string? Exhaustion);

/// <summary>Someone holding a response role.</summary>
/// <param name="Role">coordinator, communicator or expert.</param>
/// <param name="Member">The catalog member id.</param>
/// <param name="Rotation">The rotation they were pulled in from, when the role was given to a rotation.</param>
internal sealed record RoleHolderResponse(IncidentRole Role, string Member, string Name, string? Rotation);

/// <summary>One alert occurrence (fingerprint + start) of the incident.</summary>
internal sealed record IncidentAlertResponse(string Fingerprint, DateTimeOffset StartsAt, AlertStatus Status, DateTimeOffset? EndsAt);

/// <param name="By">Absent for what the bot or the alerts did.</param>
internal sealed record TimelineEntryResponse(DateTimeOffset At, IncidentEventKind Kind, ActorResponse? By, string Text);

/// <summary>Where a copy of the incident's message lives.</summary>
/// <param name="Destination">The destination key, e.g. <c>slack:C05PAYSLO01</c>.</param>
/// <param name="RenderedVersion">The incident version the copy shows.</param>
internal sealed record ChatMessageResponse(string Destination, string MessageId, string? ThreadId, int RenderedVersion, DateTimeOffset PostedAt);
