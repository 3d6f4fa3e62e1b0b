using System.Text.Json;

namespace Bot.Core.Alerts;

/// <summary>The parsers for the sources the bot accepts, by name.</summary>
public static class AlertPayloadParsers
{
    public static IReadOnlyList<IAlertPayloadParser> All { get; } =
        [new AlertmanagerPayloadParser(), new GrafanaPayloadParser(), new GenericPayloadParser()];

    public static IAlertPayloadParser? Find(string source) =>
        All.FirstOrDefault(p => string.Equals(p.Source, source, StringComparison.OrdinalIgnoreCase));

    internal static JsonDocument ParseJson(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            throw JsonFields.Error("$", $"malformed JSON{where}");
        }
    }

    /// <summary>
    /// Reads one alert in the Alertmanager webhook shape (also Grafana's, which adds per-alert links).
    /// With <paramref name="statusRequired"/> false (the Alertmanager API shape), the status follows from <c>endsAt</c>.
    /// </summary>
    internal static IncomingAlert ReadAlert(JsonFields alert, string source, bool statusRequired, DateTimeOffset receivedAt, string? groupKey)
    {
        var labels = alert.StringMap("labels", required: true)!;
        if (labels.Count == 0)
        {
            throw JsonFields.Error($"{alert.Path}.labels", "must hold at least one label");
        }
        var annotations = alert.StringMap("annotations", required: false) ?? [];
        var startsAt = alert.RequiredTime("startsAt");
        var endsAt = alert.OptionalTime("endsAt");
        var status = statusRequired
            ? alert.RequiredString("status") switch
            {
                "firing" => AlertStatus.Firing,
                "resolved" => AlertStatus.Resolved,
                var other => throw JsonFields.Error($"{alert.Path}.status", $"must be 'firing' or 'resolved', got '{other}'"),
            }
            : endsAt is { } end && end <= receivedAt ? AlertStatus.Resolved : AlertStatus.Firing;
        var fingerprint = alert.OptionalString("fingerprint");
        var alertName = labels.GetValueOrDefault("alertname");
        var runbook = annotations.GetValueOrDefault("runbook_url") ?? annotations.GetValueOrDefault("runbook");
        return new IncomingAlert(
            source,
            string.IsNullOrEmpty(fingerprint) ? AlertFingerprint.Compute(labels) : fingerprint,
            status,
            labels,
            annotations,
            startsAt,
            status == AlertStatus.Resolved ? endsAt ?? receivedAt : null,
            new AlertLinks(
                alert.OptionalUrl("generatorURL"),
                alert.OptionalUrl("dashboardURL"),
                alert.OptionalUrl("panelURL"),
                alert.OptionalUrl("silenceURL"),
                Uri.TryCreate(runbook, UriKind.Absolute, out var runbookUri) ? runbookUri : null),
            MissingData: alertName is "DatasourceNoData" or "DatasourceError",
            groupKey);
    }
}

/// <summary>
/// Prometheus Alertmanager's webhook (payload <c>version</c> "4"), and Grafana's variant of it
/// (<c>version</c> "1" with <c>orgId</c>, <c>state</c>, <c>title</c> and per-alert links).
/// </summary>
/// <remarks>See https://prometheus.io/docs/alerting/latest/configuration/#webhook_config</remarks>
public sealed class AlertmanagerPayloadParser : IAlertPayloadParser
{
    public string Source => "alertmanager";

    public AlertBatch Parse(ReadOnlyMemory<byte> body, DateTimeOffset receivedAt) => ParseWebhook(Source, body, receivedAt);

    internal static AlertBatch ParseWebhook(string source, ReadOnlyMemory<byte> body, DateTimeOffset receivedAt)
    {
        using var document = AlertPayloadParsers.ParseJson(body);
        var root = JsonFields.Root(document.RootElement, "a webhook message");
        var groupKey = root.OptionalString("groupKey");
        var alerts = root.RequiredArray("alerts");
        var parsed = new List<IncomingAlert>(alerts.GetArrayLength());
        var index = 0;
        foreach (var item in alerts.EnumerateArray())
        {
            parsed.Add(AlertPayloadParsers.ReadAlert(root.Item(item, "alerts", index++), source, statusRequired: true, receivedAt, groupKey));
        }
        return new AlertBatch(source, parsed, root.OptionalInt("truncatedAlerts"), groupKey);
    }
}

/// <summary>
/// Grafana's webhook contact point. Its body is Alertmanager's shape plus Grafana's fields; its optional
/// HMAC signature is checked by the endpoint before parsing.
/// </summary>
/// <remarks>See https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/</remarks>
public sealed class GrafanaPayloadParser : IAlertPayloadParser
{
    public string Source => "grafana";

    public AlertBatch Parse(ReadOnlyMemory<byte> body, DateTimeOffset receivedAt) =>
        AlertmanagerPayloadParser.ParseWebhook(Source, body, receivedAt);
}

/// <summary>
/// A JSON array of alerts in the Alertmanager API shape (<c>labels</c>, <c>annotations</c>, <c>startsAt</c>,
/// <c>endsAt</c>, <c>generatorURL</c>), for scripts and tools that already post to Alertmanager.
/// An alert whose <c>endsAt</c> has passed is resolved.
/// </summary>
/// <remarks>See https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml (postableAlert).</remarks>
public sealed class GenericPayloadParser : IAlertPayloadParser
{
    public string Source => "generic";

    public AlertBatch Parse(ReadOnlyMemory<byte> body, DateTimeOffset receivedAt)
    {
        using var document = AlertPayloadParsers.ParseJson(body);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw JsonFields.Error("$", "expected a JSON array of alerts");
        }
        var parsed = new List<IncomingAlert>(document.RootElement.GetArrayLength());
        var index = 0;
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw JsonFields.Error($"$[{index}]", "must be an object");
            }
            parsed.Add(AlertPayloadParsers.ReadAlert(new JsonFields(item, $"$[{index}]"), Source, statusRequired: false, receivedAt, groupKey: null));
            index++;
        }
        return new AlertBatch(Source, parsed, 0, null);
    }
}
