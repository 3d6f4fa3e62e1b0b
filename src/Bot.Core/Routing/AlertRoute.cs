using Bot.Core.Incidents;

namespace Bot.Core.Routing;

/// <summary>
/// Where an alert belongs: its SLO, service and owning team as far as they could be told, its environment and
/// region, and the severity its labels ask for. <see cref="TeamId"/> is null for an unrouted alert, and
/// <see cref="UnroutedReason"/> says why.
/// </summary>
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
}
