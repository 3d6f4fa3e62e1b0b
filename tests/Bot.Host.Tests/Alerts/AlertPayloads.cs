using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Bot.Host.Tests.Alerts;

/// <summary>Webhook bodies as the sources send them (alert-formats-slo.md §1–§3), for SLOs of the example catalog.</summary>
internal static class AlertPayloads
{
    public static readonly DateTimeOffset StartsAt = new(2026, 5, 4, 10, 15, 42, 123, TimeSpan.Zero);
    public static readonly DateTimeOffset EndsAt = new(2026, 5, 4, 11, 2, 10, 456, TimeSpan.Zero);

    /// <summary>
    /// A Sloth burn-rate alert. The defaults name the example catalog's SLO <c>payment-gateway-requests-availability</c>
    /// (team payments, P1); <paramref name="severity"/> is Sloth's <c>page</c> or <c>ticket</c>.
    /// </summary>
    public static JsonObject SlothAlert(
        string service = "payment-gateway",
        string slo = "requests-availability",
        string severity = "page",
        bool resolved = false,
        DateTimeOffset? startsAt = null) => new()
        {
            ["status"] = resolved ? "resolved" : "firing",
            ["labels"] = new JsonObject
            {
                ["alertname"] = "SlothErrorBudgetBurn",
                ["category"] = "availability",
                ["severity"] = severity == "page" ? "critical" : "warning",
                ["sloth_id"] = $"{service}-{slo}",
                ["sloth_service"] = service,
                ["sloth_severity"] = severity,
                ["sloth_slo"] = slo,
            },
            ["annotations"] = new JsonObject
            {
                ["title"] = $"({severity}) {service} {slo} SLO error budget burn rate is too fast.",
                ["summary"] = $"{service} {slo} SLO error budget burn rate is over expected.",
            },
            ["startsAt"] = Time(startsAt ?? StartsAt),
            ["endsAt"] = resolved ? Time(EndsAt) : "0001-01-01T00:00:00Z",
            ["generatorURL"] = "http://prometheus.example:9090/graph?g0.expr=slo%3Asli_error%3Aratio_rate5m&g0.tab=1",
        };

    /// <summary>An Alertmanager webhook message (version 4) carrying <paramref name="alerts"/>.</summary>
    public static string Alertmanager(params JsonObject[] alerts) => Alertmanager(0, alerts);

    public static string Alertmanager(int truncatedAlerts, params JsonObject[] alerts) => new JsonObject
    {
        ["receiver"] = "slo-bot",
        ["status"] = alerts.Any(a => (string?)a["status"] == "firing") ? "firing" : "resolved",
        ["alerts"] = new JsonArray([.. alerts]),
        ["groupLabels"] = new JsonObject { ["alertname"] = "SlothErrorBudgetBurn" },
        ["commonLabels"] = new JsonObject { ["alertname"] = "SlothErrorBudgetBurn" },
        ["commonAnnotations"] = new JsonObject(),
        ["externalURL"] = "http://alertmanager.example:9093",
        ["version"] = "4",
        ["groupKey"] = "{}/{team=\"payments\"}:{alertname=\"SlothErrorBudgetBurn\"}",
        ["truncatedAlerts"] = truncatedAlerts,
    }.ToJsonString();

    /// <summary>A Grafana webhook message (version 1) whose rule has no data: <c>DatasourceNoData</c> for the cart service.</summary>
    public static string GrafanaNoData() => new JsonObject
    {
        ["receiver"] = "slo-bot",
        ["status"] = "firing",
        ["orgId"] = 1,
        ["alerts"] = new JsonArray(new JsonObject
        {
            ["status"] = "firing",
            ["labels"] = new JsonObject
            {
                ["alertname"] = "DatasourceNoData",
                ["grafana_folder"] = "SLOs",
                ["rulename"] = "CartErrorBudgetBurn",
                ["service"] = "cart",
            },
            ["annotations"] = new JsonObject { ["summary"] = "cart burn rate query returned no data" },
            ["startsAt"] = Time(StartsAt),
            ["endsAt"] = "0001-01-01T00:00:00Z",
            ["generatorURL"] = "https://grafana.example/alerting/grafana/abc123/view?orgId=1",
            ["fingerprint"] = "c6eadffa33fcdf37",
            ["silenceURL"] = "https://grafana.example/alerting/silence/new?alertmanager=grafana&orgId=1",
            ["dashboardURL"] = "https://grafana.example/d/slo?orgId=1",
            ["panelURL"] = "https://grafana.example/d/slo?orgId=1&viewPanel=4",
            ["values"] = new JsonObject(),
            ["valueString"] = "",
        }),
        ["groupLabels"] = new JsonObject { ["alertname"] = "DatasourceNoData" },
        ["commonLabels"] = new JsonObject { ["alertname"] = "DatasourceNoData" },
        ["commonAnnotations"] = new JsonObject(),
        ["externalURL"] = "https://grafana.example/",
        ["version"] = "1",
        ["groupKey"] = "{}/{service=\"cart\"}:{alertname=\"DatasourceNoData\"}",
        ["truncatedAlerts"] = 0,
        ["title"] = "[FIRING:1] DatasourceNoData (cart SLOs)",
        ["state"] = "alerting",
        ["message"] = "**Firing** ...",
    }.ToJsonString();

    /// <summary>The generic format: an array in Alertmanager's API shape, here one firing alert for the checkout API.</summary>
    public static string Generic() => new JsonArray(new JsonObject
    {
        ["labels"] = new JsonObject
        {
            ["alertname"] = "CheckoutLatencyProbe",
            ["service"] = "checkout-api",
            ["severity"] = "warning",
        },
        ["annotations"] = new JsonObject { ["summary"] = "p95 latency of the synthetic checkout probe is over 500 ms" },
        ["startsAt"] = Time(StartsAt),
        ["generatorURL"] = "https://ci.example/probes/checkout",
    }).ToJsonString();

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
