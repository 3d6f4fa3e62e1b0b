using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.OnCall;

namespace Bot.Core.Routing;

/// <summary>
/// The book's out-of-hours dispatch (Table 7.9): in hours an alert goes to the team that owns its service; outside
/// that team's coverage, an alert from a region with an out-of-hours route goes to the route's rotation instead.
/// A pure function of the catalog, the owning team, the region and the time, so that the router deciding it and the
/// message explaining it later always agree.
/// </summary>
public static class OutOfHoursRouting
{
    /// <summary>
    /// The handover of an alert of <paramref name="ownerTeamId"/>'s service from <paramref name="region"/> at
    /// <paramref name="at"/>, or null when the owner keeps it. The owner keeps it when the region has no route, when
    /// the owner has no rotation or any of its rotations is on duty (one without a coverage window always is), and
    /// when the route's rotation is off duty too (nobody better is on; this also covers a route to the owner's own).
    /// </summary>
    public static OutOfHoursHandover? For(ServiceCatalog catalog, string ownerTeamId, string? region, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (catalog.OutOfHoursRouteFor(region) is not { } route
            || catalog.FindTeam(ownerTeamId) is not { } owner
            || catalog.FindRotation(route.RotationId) is not { } rotation
            || catalog.FindTeam(rotation.TeamId) is not { } team)
        {
            return null;
        }
        var ownRotations = catalog.RotationsOf(ownerTeamId).ToList();
        if (ownRotations.Count == 0 || ownRotations.Exists(r => OnCallSchedule.InCoverage(r, at)) || !OnCallSchedule.InCoverage(rotation, at))
        {
            return null;
        }
        return new OutOfHoursHandover(owner, ownRotations, route, rotation, team);
    }

    /// <summary>
    /// The handover that put <paramref name="incident"/> with its team, if one did: the incident's team is not the
    /// owner of its service, and the out-of-hours rule, applied when the incident opened, hands it to that team.
    /// Null for incidents with their owner, and when the catalog has changed so that the rule no longer explains it.
    /// </summary>
    public static OutOfHoursHandover? Of(ServiceCatalog catalog, IncidentRecord incident)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.TeamId is not { } teamId
            || incident.ServiceId is null
            || catalog.FindService(incident.ServiceId) is not { } service
            || service.TeamId == teamId)
        {
            return null;
        }
        return For(catalog, service.TeamId, incident.Region, incident.OpenedAt) is { } handover && handover.Team.Id == teamId ? handover : null;
    }

    /// <summary>
    /// The policy an incident follows: the out-of-hours rotation's when a handover put the incident with its team,
    /// else its team's (<see cref="ServiceCatalog.EscalationPolicyFor"/>). Null for an unrouted incident, or a team
    /// with neither a rotation nor a policy.
    /// </summary>
    public static EscalationPolicy? EscalationPolicyFor(ServiceCatalog catalog, IncidentRecord incident)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(incident);
        if (Of(catalog, incident) is { } handover)
        {
            return catalog.EscalationPolicyOf(handover.Rotation);
        }
        return incident.TeamId is { } teamId ? catalog.EscalationPolicyFor(teamId) : null;
    }
}

/// <summary>An alert handed from its off-duty owner to an out-of-hours rotation.</summary>
/// <param name="Owner">The team that owns the alert's service, off duty.</param>
/// <param name="OwnerRotations">The owner's rotations, none of them on duty at the time.</param>
/// <param name="Route">The region's out-of-hours route.</param>
/// <param name="Rotation">The route's rotation, on duty at the time.</param>
/// <param name="Team">The rotation's team, which takes the incident.</param>
public sealed record OutOfHoursHandover(Team Owner, IReadOnlyList<Rotation> OwnerRotations, OutOfHoursRoute Route, Rotation Rotation, Team Team)
{
    /// <summary>
    /// Why the incident is where it is, for the people who find it in their channel:
    /// <c>outside Search's hours (Mon–Fri 09:00–17:00 America/New_York) to Platform primary, the out-of-hours rotation for eu-central-1</c>.
    /// </summary>
    public string Describe()
    {
        var hours = string.Join("; ", OwnerRotations.Where(r => r.Coverage is not null).Select(r => $"{r.Coverage!.Describe()} {r.TimeZone}"));
        return $"outside {Owner.Name}'s hours ({hours}) to {Rotation.Name}, the out-of-hours rotation for {Route.Region}";
    }
}
