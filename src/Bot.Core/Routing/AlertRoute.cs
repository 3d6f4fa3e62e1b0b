using Bot.Core.Incidents;

namespace Bot.Core.Routing;

/// <summary>
/// Where an alert belongs: its SLO, service and owning team as far as they could be told, its environment and
/// region, and the severity its labels ask for. <see cref="TeamId"/> is null for an unrouted alert, and
/// <see cref="UnroutedReason"/> says why.
/// </summary>
/// <param name="TeamId">The team the incident goes to: the owning team, or the out-of-hours rotation's team (<see cref="OutOfHoursFor"/>).</param>
/// <param name="MatchedBy">How the route was found, for the timeline and for operators (e.g. <c>catalog matchers of SLO 'checkout-availability'</c>).</param>
public sealed record AlertRoute(
    string? TeamId,
    string? ServiceId,
    string? SloId,
    string? Environment,
    string? Region,
    IncidentSeverity Severity,
    string MatchedBy,
    string? UnroutedReason)
{
    public bool IsRouted => TeamId is not null;

    /// <summary>
    /// When the alert arrived outside its owning team's coverage and its region has an out-of-hours route: the owning
    /// team, whose incident <see cref="TeamId"/> takes instead. Null for an alert routed to its owner.
    /// </summary>
    public string? OutOfHoursFor { get; init; }

    /// <summary>The out-of-hours rotation that took the alert (its team is <see cref="TeamId"/>); null with <see cref="OutOfHoursFor"/>.</summary>
    public string? OutOfHoursRotationId { get; init; }
}
