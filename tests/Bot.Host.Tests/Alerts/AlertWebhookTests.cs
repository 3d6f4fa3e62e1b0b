using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Bot.Testing;

namespace Bot.Host.Tests.Alerts;

/// <summary>Accepted webhooks: the counts in the answer, and the incidents they leave behind.</summary>
public sealed class AlertWebhookTests : IDisposable
{
    private static readonly Uri s_alertmanager = new("/api/alerts/alertmanager", UriKind.Relative);

    private readonly RecordingLoggerProvider _logs = new();
    private readonly BotApplicationFactory _factory;

    public AlertWebhookTests()
    {
        _factory = new BotApplicationFactory(configureServices: services => services.AddSingleton<ILoggerProvider>(_logs));
    }

    public void Dispose()
    {
        _factory.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task Post_SlothPageAlert_Returns200CountsAndOpensAnIncidentForTheOwningTeam()
    {
        using var client = _factory.CreateAlertSourceClient("alertmanager");

        using var response = await client.PostAsync(s_alertmanager, AlertPayloads.Json(AlertPayloads.Alertmanager(AlertPayloads.SlothAlert())));

        await AssertCountsAsync(response, accepted: 1, opened: 1, updated: 0, unrouted: 0, ignored: 0);
        var incident = Assert.Single(await ListAsync());
        Assert.Equal("payments", (string?)incident["team"]);
        Assert.Equal("payment-gateway", (string?)incident["service"]);
        Assert.Equal("payment-gateway-requests-availability", (string?)incident["slo"]);
        Assert.Equal("open", (string?)incident["state"]);
        Assert.Equal("critical", (string?)incident["severity"]);
        Assert.Equal("P1", (string?)incident["priority"]);
        Assert.Equal("(page) payment-gateway requests-availability SLO error budget burn rate is too fast.", (string?)incident["title"]);
        Assert.False((bool)incident["missingData"]!);
        var alert = Assert.Single(incident["alerts"]!.AsArray())!;
        Assert.Equal("firing", (string?)alert["status"]);
        Assert.Equal(AlertPayloads.StartsAt, (DateTimeOffset)alert["startsAt"]!);
    }

    [Fact]
    public async Task Post_SamePayloadTwice_KeepsOneIncident()
    {
        using var client = _factory.CreateAlertSourceClient("alertmanager");
        var body = AlertPayloads.Alertmanager(AlertPayloads.SlothAlert());

        using var first = await client.PostAsync(s_alertmanager, AlertPayloads.Json(body));
        using var again = await client.PostAsync(s_alertmanager, AlertPayloads.Json(body));

        await AssertCountsAsync(first, accepted: 1, opened: 1, updated: 0, unrouted: 0, ignored: 0);
        await AssertCountsAsync(again, accepted: 1, opened: 0, updated: 0, unrouted: 0, ignored: 0);
        var incident = Assert.Single(await ListAsync());
        Assert.Equal(1, (int)incident["occurrences"]!);
    }

    [Fact]
    public async Task Post_Resolved_ResolvesTheIncidentWithATimelineEntry()
    {
        using var client = _factory.CreateAlertSourceClient("alertmanager");
        using var firing = await client.PostAsync(s_alertmanager, AlertPayloads.Json(AlertPayloads.Alertmanager(AlertPayloads.SlothAlert())));
        Assert.Equal(HttpStatusCode.OK, firing.StatusCode);

        using var resolved = await client.PostAsync(s_alertmanager, AlertPayloads.Json(AlertPayloads.Alertmanager(AlertPayloads.SlothAlert(resolved: true))));

        await AssertCountsAsync(resolved, accepted: 1, opened: 0, updated: 1, unrouted: 0, ignored: 0);
        var id = (long)Assert.Single(await ListAsync())["id"]!;
        var incident = JsonNode.Parse(await client.GetStringAsync(new Uri($"/api/incidents/{id}", UriKind.Relative)))!;
        Assert.Equal("resolved", (string?)incident["state"]);
        Assert.Equal(AlertPayloads.EndsAt, (DateTimeOffset)incident["resolved"]!["at"]!);
        Assert.Null(incident["resolved"]!["by"]);
        // An escalation step may have paged the on-call in between; the alert's own lifecycle is opened → resolved.
        Assert.Equal(["opened", "resolved"], incident["timeline"]!.AsArray().Select(e => (string?)e!["kind"]).Where(kind => kind != "escalated"));
    }

    [Fact]
    public async Task Post_ResolutionOfAnAlertNeverSeen_IsIgnored()
    {
        using var client = _factory.CreateAlertSourceClient("alertmanager");

        using var response = await client.PostAsync(s_alertmanager, AlertPayloads.Json(AlertPayloads.Alertmanager(AlertPayloads.SlothAlert(resolved: true))));

        await AssertCountsAsync(response, accepted: 1, opened: 0, updated: 0, unrouted: 0, ignored: 1);
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task Post_AlertNoTeamOwns_OpensAnUnroutedIncident()
    {
        using var client = _factory.CreateAlertSourceClient("alertmanager");

        using var response = await client.PostAsync(s_alertmanager, AlertPayloads.Json(AlertPayloads.Alertmanager(AlertPayloads.SlothAlert(service: "warehouse", slo: "picks-latency"))));

        await AssertCountsAsync(response, accepted: 1, opened: 1, updated: 0, unrouted: 1, ignored: 0);
        var incident = Assert.Single(await ListAsync());
        Assert.Null(incident["team"]);
        Assert.Contains("sloth_service=\"warehouse\"", (string?)incident["unroutedReason"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_GenericArrayChunked_Returns200AndOpensAnIncident()
    {
        using var client = _factory.CreateAlertSourceClient("generic");
        using var content = new ChunkedContent(Encoding.UTF8.GetBytes(AlertPayloads.Generic()));

        using var response = await client.PostAsync(new Uri("/api/alerts/generic", UriKind.Relative), content);

        await AssertCountsAsync(response, accepted: 1, opened: 1, updated: 0, unrouted: 0, ignored: 0);
        var incident = Assert.Single(await ListAsync());
        Assert.Equal("checkout", (string?)incident["team"]);
        Assert.Equal("checkout-api", (string?)incident["service"]);
        Assert.Equal("warning", (string?)incident["severity"]);
    }

    [Fact]
    public async Task Post_GrafanaNoData_FlagsTheIncidentAsMissingData()
    {
        using var client = _factory.CreateAlertSourceClient("grafana");

        using var response = await client.PostAsync(new Uri("/api/alerts/grafana", UriKind.Relative), AlertPayloads.Json(AlertPayloads.GrafanaNoData()));

        await AssertCountsAsync(response, accepted: 1, opened: 1, updated: 0, unrouted: 0, ignored: 0);
        var incident = Assert.Single(await ListAsync());
        Assert.True((bool)incident["missingData"]!);
        Assert.Equal("checkout", (string?)incident["team"]);
        Assert.Equal("warning", (string?)incident["severity"]);
        Assert.Equal("https://grafana.example/d/slo?orgId=1", (string?)incident["links"]!["dashboard"]);
    }

    [Fact]
    public async Task Post_GrafanasVariantToAlertmanager_IsAccepted()
    {
        using var client = _factory.CreateAlertSourceClient("alertmanager");

        using var response = await client.PostAsync(s_alertmanager, AlertPayloads.Json(AlertPayloads.GrafanaNoData()));

        await AssertCountsAsync(response, accepted: 1, opened: 1, updated: 0, unrouted: 0, ignored: 0);
    }

    [Fact]
    public async Task Post_TruncatedByAlertmanager_AcceptsWhatCameAndWarnsOfTheDroppedAlerts()
    {
        using var client = _factory.CreateAlertSourceClient("alertmanager");

        using var response = await client.PostAsync(s_alertmanager, AlertPayloads.Json(AlertPayloads.Alertmanager(truncatedAlerts: 7, AlertPayloads.SlothAlert())));

        await AssertCountsAsync(response, accepted: 1, opened: 1, updated: 0, unrouted: 0, ignored: 0);
        var accepted = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Information && e.Message.StartsWith("Alert batch from alertmanager accepted", StringComparison.Ordinal));
        Assert.Equal(7, accepted.Values["TruncatedAlerts"]);
        Assert.Equal(1, accepted.Values["Opened"]);
        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Values.ContainsKey("TruncatedAlerts"));
        Assert.Contains("max_alerts", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_Rejected_LogsAWarningWithSourceReasonAndPath()
    {
        using var client = _factory.CreateAlertSourceClient("alertmanager");
        var alert = AlertPayloads.SlothAlert();
        alert.Remove("startsAt");

        using var response = await client.PostAsync(s_alertmanager, AlertPayloads.Json(AlertPayloads.Alertmanager(alert)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var warning = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Warning && e.Values.ContainsKey("RejectionReason"));
        Assert.Equal("alertmanager", warning.Values["AlertSource"]);
        Assert.Equal("$.alerts[0].startsAt", warning.Values["JsonPath"]);
    }

    private async Task<IReadOnlyList<JsonNode>> ListAsync()
    {
        using var client = _factory.CreateClient();
        return [.. JsonNode.Parse(await client.GetStringAsync(new Uri("/api/incidents", UriKind.Relative)))!.AsArray().Select(node => node!)];
    }

    private static async Task AssertCountsAsync(HttpResponseMessage response, int accepted, int opened, int updated, int unrouted, int ignored)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(
            new Dictionary<string, int> { ["accepted"] = accepted, ["opened"] = opened, ["updated"] = updated, ["unrouted"] = unrouted, ["ignored"] = ignored },
            body!.ToDictionary(p => p.Key, p => (int)p.Value!));
    }
}
