using System.Net;
using System.Security.Cryptography;
using System.Text;
using Bot.Host.Tests.Infrastructure;

namespace Bot.Host.Tests.Alerts;

/// <summary>With <c>AlertSources:grafana:HmacSecret</c> set, a Grafana webhook must be signed as well as carry its token.</summary>
public sealed class GrafanaSignatureTests
{
    private const string Secret = "grafana-hmac-secret-4f3e2d1c0b";
    private static readonly Uri s_grafana = new("/api/alerts/grafana", UriKind.Relative);

    [Fact]
    public async Task Post_WrongSignature_Returns401AndStoresNothing()
    {
        await using var factory = new BotApplicationFactory(settings: new Dictionary<string, string> { ["AlertSources:grafana:HmacSecret"] = Secret });
        using var client = factory.CreateAlertSourceClient("grafana");
        var body = AlertPayloads.GrafanaNoData();
        using var request = Request(body, Sign("another-secret-of-16-chars", body));

        using var response = await client.SendAsync(request);

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("X-Grafana-Alerting-Signature", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, problem.ToJsonString(), StringComparison.Ordinal);
        await AlertWebhookRejectionTests.AssertNothingStoredAsync(factory);
    }

    [Fact]
    public async Task Post_NoSignature_Returns401()
    {
        await using var factory = new BotApplicationFactory(settings: new Dictionary<string, string> { ["AlertSources:grafana:HmacSecret"] = Secret });
        using var client = factory.CreateAlertSourceClient("grafana");

        using var response = await client.PostAsync(s_grafana, AlertPayloads.Json(AlertPayloads.GrafanaNoData()));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("header is missing", (string)problem["detail"]!, StringComparison.Ordinal);
        await AlertWebhookRejectionTests.AssertNothingStoredAsync(factory);
    }

    [Fact]
    public async Task Post_RightSignatureButNoToken_Returns401()
    {
        await using var factory = new BotApplicationFactory(settings: new Dictionary<string, string> { ["AlertSources:grafana:HmacSecret"] = Secret });
        using var client = factory.CreateClient();
        var body = AlertPayloads.GrafanaNoData();
        using var request = Request(body, Sign(Secret, body));

        using var response = await client.SendAsync(request);

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Unauthorized);
        await AlertWebhookRejectionTests.AssertNothingStoredAsync(factory);
    }

    [Fact]
    public async Task Post_RightSignature_Returns200()
    {
        await using var factory = new BotApplicationFactory(settings: new Dictionary<string, string> { ["AlertSources:grafana:HmacSecret"] = Secret });
        using var client = factory.CreateAlertSourceClient("grafana");
        var body = AlertPayloads.GrafanaNoData();
        using var request = Request(body, Sign(Secret, body));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await StoredIncidentsAsync(factory));
    }

    [Fact]
    public async Task Post_WithTimestampHeader_SignsTimestampColonBody()
    {
        await using var factory = new BotApplicationFactory(settings: new Dictionary<string, string>
        {
            ["AlertSources:grafana:HmacSecret"] = Secret,
            ["AlertSources:grafana:TimestampHeader"] = "X-Grafana-Alerting-Signature-Timestamp",
        });
        using var client = factory.CreateAlertSourceClient("grafana");
        var body = AlertPayloads.GrafanaNoData();

        using var bodyOnly = Request(body, Sign(Secret, body));
        bodyOnly.Headers.Add("X-Grafana-Alerting-Signature-Timestamp", "1777889742");
        using var refused = await client.SendAsync(bodyOnly);
        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Unauthorized);

        using var signed = Request(body, Sign(Secret, "1777889742:" + body));
        signed.Headers.Add("X-Grafana-Alerting-Signature-Timestamp", "1777889742");
        using var accepted = await client.SendAsync(signed);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    private static HttpRequestMessage Request(string body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, s_grafana) { Content = AlertPayloads.Json(body) };
        request.Headers.Add("X-Grafana-Alerting-Signature", signature);
        return request;
    }

    private static string Sign(string secret, string signed) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signed)));

    private static async Task<int> StoredIncidentsAsync(BotApplicationFactory factory)
    {
        using var client = factory.CreateClient();
        return System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync(new Uri("/api/incidents", UriKind.Relative)))!.AsArray().Count;
    }
}
