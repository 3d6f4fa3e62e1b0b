using System.Globalization;
using System.Text.Json;

namespace Bot.Host.Tests.LocalConsole;

/// <summary>Alertmanager webhook bodies (version 4) with one firing alert, as <c>POST /api/alerts/alertmanager</c> receives them.</summary>
internal static class AlertmanagerPayload
{
    /// <summary>A page-severity burn of Payment Gateway's availability SLO, owned by team payments.</summary>
    public static string PaymentGatewayBurn(DateTimeOffset startsAt) => Firing(
        startsAt,
        ("alertname", "PaymentGatewayHighErrorRate"),
        ("sloth_service", "payment-gateway"),
        ("sloth_slo", "requests-availability"),
        ("sloth_severity", "page"),
        ("environment", "production"),
        ("region", "eu-central-1"));

    /// <summary>An alert no catalog SLO, service or team claims.</summary>
    public static string Unknown(DateTimeOffset startsAt) => Firing(
        startsAt,
        ("alertname", "MysteryQueueBacklog"),
        ("service", "mystery-queue"),
        ("severity", "warning"));

    public static string Firing(DateTimeOffset startsAt, params (string Name, string Value)[] labels)
    {
        var map = labels.ToDictionary(l => l.Name, l => l.Value);
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["version"] = "4",
            ["status"] = "firing",
            ["receiver"] = "slo-bot",
            ["groupKey"] = "{}:{alertname=\"" + map["alertname"] + "\"}",
            ["alerts"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["status"] = "firing",
                    ["labels"] = map,
                    ["annotations"] = new Dictionary<string, string> { ["summary"] = map["alertname"] + " is burning the error budget." },
                    ["startsAt"] = startsAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
                    ["endsAt"] = "0001-01-01T00:00:00Z",
                    ["generatorURL"] = "http://prometheus.example:9090/graph?g0.expr=slo",
                },
            },
        });
    }
}
