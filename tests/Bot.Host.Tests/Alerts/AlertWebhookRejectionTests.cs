using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Host.Tests.Infrastructure;

namespace Bot.Host.Tests.Alerts;

/// <summary>Every refused webhook gets a problem that says what to fix, and leaves nothing stored.</summary>
public sealed class AlertWebhookRejectionTests(HostFixture host) : IClassFixture<HostFixture>
{
    private static readonly Uri s_alertmanager = new("/api/alerts/alertmanager", UriKind.Relative);

    [Fact]
    public async Task Post_UnknownSource_Returns404NamingItAndTheKnownSources()
    {
        using var client = host.Factory.CreateAlertSourceClient("alertmanager");

        using var response = await client.PostAsync(new Uri("/api/alerts/datadog", UriKind.Relative), AlertPayloads.Json(AlertPayloads.Alertmanager(AlertPayloads.SlothAlert())));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        var detail = (string)problem["detail"]!;
        Assert.Contains("'datadog'", detail, StringComparison.Ordinal);
        Assert.Contains("alertmanager, grafana, generic", detail, StringComparison.Ordinal);
        await AssertNothingStoredAsync(host.Factory);
    }

    [Fact]
    public async Task Post_WithoutToken_Returns401()
    {
        using var client = host.Factory.CreateClient();

        using var response = await client.PostAsync(s_alertmanager, AlertPayloads.Json(AlertPayloads.Alertmanager(AlertPayloads.SlothAlert())));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("AlertSources:alertmanager:Token", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        await AssertNothingStoredAsync(host.Factory);
    }

    [Fact]
    public async Task Post_AnotherSourcesToken_Returns401WithoutEchoingEitherToken()
    {
        using var client = host.Factory.CreateClient();
        var grafanaToken = BotApplicationFactory.AlertSourceTokens["grafana"];
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", grafanaToken);

        using var response = await client.PostAsync(s_alertmanager, AlertPayloads.Json(AlertPayloads.Alertmanager(AlertPayloads.SlothAlert())));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        var text = problem.ToJsonString();
        Assert.DoesNotContain(grafanaToken, text, StringComparison.Ordinal);
        Assert.DoesNotContain(BotApplicationFactory.AlertSourceTokens["alertmanager"], text, StringComparison.Ordinal);
        await AssertNothingStoredAsync(host.Factory);
    }

    [Fact]
    public async Task Post_SourceWithoutConfiguredToken_Returns401SayingTheKeyIsNotConfigured()
    {
        await using var factory = new BotApplicationFactory(settings: new Dictionary<string, string> { ["AlertSources:generic:Token"] = "" });
        using var client = factory.CreateAlertSourceClient("generic");

        using var response = await client.PostAsync(new Uri("/api/alerts/generic", UriKind.Relative), AlertPayloads.Json(AlertPayloads.Generic()));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("AlertSources:generic:Token is not configured", (string)problem["detail"]!, StringComparison.Ordinal);
        await AssertNothingStoredAsync(factory);
    }

    [Fact]
    public async Task Post_BodyOverTheLimitWithContentLength_Returns413()
    {
        using var client = host.Factory.CreateAlertSourceClient("alertmanager");
        using var content = new ByteArrayContent(OversizedBody());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await client.PostAsync(s_alertmanager, content);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("AlertSources:MaxBodyBytes (1048576 bytes)", (string)problem["detail"]!, StringComparison.Ordinal);
        await AssertNothingStoredAsync(host.Factory);
    }

    [Fact]
    public async Task Post_BodyOverTheLimitChunked_Returns413()
    {
        using var client = host.Factory.CreateAlertSourceClient("alertmanager");
        using var content = new ChunkedContent(OversizedBody());

        using var response = await client.PostAsync(s_alertmanager, content);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        await AssertNothingStoredAsync(host.Factory);
    }

    [Fact]
    public async Task Post_MalformedJson_Returns400AtTheRoot()
    {
        using var client = host.Factory.CreateAlertSourceClient("alertmanager");

        using var response = await client.PostAsync(s_alertmanager, AlertPayloads.Json("{\"alerts\": [ {\"labels\": "));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("$", (string?)problem["path"]);
        Assert.Contains("malformed JSON", (string)problem["detail"]!, StringComparison.Ordinal);
        await AssertNothingStoredAsync(host.Factory);
    }

    [Fact]
    public async Task Post_AlertWithoutLabels_Returns400NamingTheField()
    {
        using var client = host.Factory.CreateAlertSourceClient("alertmanager");
        var alert = AlertPayloads.SlothAlert();
        alert.Remove("labels");

        // A valid alert first: a batch is stored whole or not at all.
        using var response = await client.PostAsync(s_alertmanager, AlertPayloads.Json(AlertPayloads.Alertmanager(alert, AlertPayloads.SlothAlert())));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("$.alerts[0].labels", (string?)problem["path"]);
        Assert.StartsWith("$.alerts[0].labels: ", (string)problem["detail"]!, StringComparison.Ordinal);
        await AssertNothingStoredAsync(host.Factory);
    }

    [Fact]
    public async Task Post_SecondAlertInvalid_Returns400AndStoresNeitherAlert()
    {
        using var client = host.Factory.CreateAlertSourceClient("alertmanager");
        var bad = AlertPayloads.SlothAlert(service: "ledger", slo: "writes-availability");
        bad["status"] = "pending";

        using var response = await client.PostAsync(s_alertmanager, AlertPayloads.Json(AlertPayloads.Alertmanager(AlertPayloads.SlothAlert(), bad)));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("$.alerts[1].status", (string?)problem["path"]);
        await AssertNothingStoredAsync(host.Factory);
    }

    internal static async Task AssertNothingStoredAsync(BotApplicationFactory factory)
    {
        using var client = factory.CreateClient();
        var incidents = JsonNode.Parse(await client.GetStringAsync(new Uri("/api/incidents", UriKind.Relative)))!.AsArray();
        Assert.Empty(incidents);
        Assert.Equal(0, await StoredRows.CountAsync(factory.DatabasePath));
    }

    /// <summary>A syntactically valid webhook a little over the default 1 MiB limit.</summary>
    private static byte[] OversizedBody()
    {
        var alert = AlertPayloads.SlothAlert();
        alert["annotations"]!["description"] = new string('x', 1024 * 1024);
        return Encoding.UTF8.GetBytes(AlertPayloads.Alertmanager(alert));
    }
}
