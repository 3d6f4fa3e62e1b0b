using Bot.Core.Alerts;
using Bot.Core.Catalog;
using Bot.Core.Incidents;

namespace Bot.Core.Routing;

/// <summary>
/// Ties an alert to the catalog: labels → SLO → service → owning team. A pure function of the catalog and the
/// labels, tried in this order: the catalog's SLO matchers; Sloth labels (<c>sloth_id</c>, or
/// <c>sloth_service</c> + <c>sloth_slo</c>); Pyrra's <c>slo</c>; a <c>service</c> label; a <c>team</c> or
/// <c>owner</c> label. The catalog's ownership wins over a team label that disagrees with it. Given the time of
/// arrival, out of hours it hands the alert to the region's out-of-hours rotation (book Table 7.9).
/// </summary>
public static class AlertRouter
{
    private static readonly string[] EnvironmentLabels = ["environment", "env", "deployment", "stage"];
    private static readonly string[] RegionLabels = ["region", "location"];
    private static readonly string[] HintLabels = ["sloth_id", "sloth_service", "slo", "service", "team", "owner"];

    /// <summary>
    /// Routes an alert received at <paramref name="at"/>: to the team that owns it, unless it arrived outside that
    /// team's coverage and its region has an out-of-hours route (<see cref="OutOfHoursRouting.For"/>); then to the
    /// route's rotation's team, with <see cref="AlertRoute.OutOfHoursFor"/> naming the owner. Only alerts tied to a
    /// service are handed over: the incident must be able to say whose service it is and why it went elsewhere.
    /// </summary>
    public static AlertRoute Route(ServiceCatalog catalog, IncomingAlert alert, DateTimeOffset at)
    {
        var route = Route(catalog, alert);
        if (route is not { TeamId: { } owner, ServiceId: not null }
            || OutOfHoursRouting.For(catalog, owner, route.Region, at) is not { } handover)
        {
            return route;
        }
        return route with
        {
            TeamId = handover.Team.Id,
            MatchedBy = $"{route.MatchedBy}; out of hours for team '{owner}', to rotation '{handover.Rotation.Id}' of team '{handover.Team.Id}' for region {handover.Route.Region}",
            OutOfHoursFor = owner,
            OutOfHoursRotationId = handover.Rotation.Id,
        };
    }

    /// <summary>Routes an alert to the team that owns it, whatever the time (no out-of-hours routing).</summary>
    public static AlertRoute Route(ServiceCatalog catalog, IncomingAlert alert)
    {
        var environment = FirstLabel(alert, EnvironmentLabels);
        var region = FirstLabel(alert, RegionLabels);
        var severity = SeverityOf(alert);

        if (FindSlo(catalog, alert) is ({ } slo, var how))
        {
            var service = catalog.FindService(slo.ServiceId)!;
            return new AlertRoute(service.TeamId, service.Id, slo.Id, environment, region, severity, how, null);
        }
        foreach (var label in (string[])["sloth_service", "service"])
        {
            if (alert.Label(label) is { } serviceId && catalog.FindService(serviceId) is { } service)
            {
                return new AlertRoute(service.TeamId, service.Id, null, environment, region, severity, $"label {label}=\"{serviceId}\"", null);
            }
        }
        foreach (var label in (string[])["team", "owner"])
        {
            if (alert.Label(label) is { } teamId && catalog.FindTeam(teamId) is { } team)
            {
                return new AlertRoute(team.Id, null, null, environment, region, severity, $"label {label}=\"{teamId}\"", null);
            }
        }
        return new AlertRoute(null, null, null, environment, region, severity, "no match", UnroutedReasonFor(alert));
    }

    /// <summary>
    /// The severity the alert's labels ask for. Sloth's page/ticket and Grafana SLO's critical/warning map to
    /// critical/warning; anything unclear is critical, as the book advises for ambiguous cases; missing data
    /// is a warning (nobody knows the SLO is breached).
    /// </summary>
    public static IncidentSeverity SeverityOf(IncomingAlert alert)
    {
        if (alert.MissingData)
        {
            return IncidentSeverity.Warning;
        }
        var label = alert.Label("sloth_severity") ?? alert.Label("grafana_slo_severity") ?? alert.Label("severity");
        return label?.ToLowerInvariant() switch
        {
            "page" or "critical" or "p1" or "p2" => IncidentSeverity.Critical,
            "error" or "high" or "major" => IncidentSeverity.Error,
            "ticket" or "warning" or "warn" or "info" or "low" or "minor" => IncidentSeverity.Warning,
            _ => IncidentSeverity.Critical,
        };
    }

    private static (Slo, string)? FindSlo(ServiceCatalog catalog, IncomingAlert alert)
    {
        foreach (var slo in catalog.Slos)
        {
            if (slo.Matchers.Count > 0 && slo.Matchers.All(m => m.Matches(alert.Labels)))
            {
                return (slo, $"catalog matchers of SLO '{slo.Id}'");
            }
        }
        if (alert.Label("sloth_id") is { } slothId && catalog.FindSlo(slothId) is { } bySlothId)
        {
            return (bySlothId, $"label sloth_id=\"{slothId}\"");
        }
        if (alert.Label("sloth_service") is { } slothService && alert.Label("sloth_slo") is { } slothSlo
            && catalog.SlosOf(slothService).FirstOrDefault(s => s.Name == slothSlo) is { } bySloth)
        {
            return (bySloth, $"labels sloth_service=\"{slothService}\", sloth_slo=\"{slothSlo}\"");
        }
        if (alert.Label("slo") is { } pyrraSlo)
        {
            var byName = catalog.FindSlo(pyrraSlo) ?? SingleOrNull(catalog.Slos.Where(s => s.Name == pyrraSlo));
            if (byName is not null)
            {
                return (byName, $"label slo=\"{pyrraSlo}\"");
            }
        }
        return null;
    }

    private static string UnroutedReasonFor(IncomingAlert alert)
    {
        var hints = HintLabels
            .Where(l => alert.Label(l) is not null)
            .Select(l => $"{l}=\"{alert.Label(l)}\"")
            .ToList();
        return hints.Count == 0
            ? "no catalog SLO matchers matched and the alert has none of the labels sloth_id, sloth_service, slo, service, team, owner"
            : $"no catalog SLO matchers matched and no catalog SLO, service or team is named by {string.Join(", ", hints)}";
    }

    private static string? FirstLabel(IncomingAlert alert, string[] names) =>
        names.Select(alert.Label).FirstOrDefault(v => v is not null);

    private static Slo? SingleOrNull(IEnumerable<Slo> slos)
    {
        using var e = slos.GetEnumerator();
        if (!e.MoveNext())
        {
            return null;
        }
        var first = e.Current;
        return e.MoveNext() ? null : first;
    }
}
