using Bot.Core.Alerts;
using Bot.Core.Routing;

namespace Bot.Core.Incidents;

/// <summary>Builds the key that decides which alerts share one open incident.</summary>
public static class DedupKey
{
    public static string For(IncomingAlert alert, AlertRoute route, IEnumerable<string> parts)
    {
        var key = string.Join('|', parts.Select(part => Part(alert, route, part)));
        // Missing data is a different problem from a breach of the same SLO, and gets its own incident.
        return alert.MissingData ? $"nodata|{key}" : key;
    }

    private static string Part(IncomingAlert alert, AlertRoute route, string part) => part switch
    {
        "slo" => route.SloId is { } slo ? $"slo={slo}"
            : route.ServiceId is { } service ? $"service={service}/alert={alert.AlertName}"
            : route.TeamId is { } team ? $"team={team}/alert={alert.AlertName}"
            : $"alert={alert.AlertName}",
        "environment" => $"env={route.Environment}",
        "region" => $"region={route.Region}",
        "service" => $"service={route.ServiceId}",
        "team" => $"team={route.TeamId}",
        _ => $"{part}={alert.Label(part)}",
    };
}
