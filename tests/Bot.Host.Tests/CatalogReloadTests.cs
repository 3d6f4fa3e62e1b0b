using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Bot.Host.Tests.Infrastructure;

namespace Bot.Host.Tests;

public sealed class CatalogReloadTests
{
    private static readonly Uri s_reload = new("/api/catalog/reload", UriKind.Relative);

    [Fact]
    public async Task Reload_NoToken_Returns401ProblemDetailsWithBearerChallenge()
    {
        await using var factory = new BotApplicationFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(s_reload, content: null);

        await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("Bearer wrong-token-of-some-length")]
    [InlineData("Bearer " + BotApplicationFactory.AdminToken + "x")]
    [InlineData("Basic " + BotApplicationFactory.AdminToken)]
    [InlineData(BotApplicationFactory.AdminToken)]
    public async Task Reload_WrongCredentials_Returns401(string authorization)
    {
        await using var factory = new BotApplicationFactory();
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, s_reload);
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await client.SendAsync(request);

        await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Reload_AdminTokenNotConfigured_Returns403NamingTheKey()
    {
        await using var factory = new BotApplicationFactory(adminToken: null);
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BotApplicationFactory.AdminToken);

        using var response = await client.PostAsync(s_reload, content: null);

        var problem = await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("Admin:Token", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reload_ValidCatalog_Returns200WithCounts()
    {
        await using var factory = new BotApplicationFactory(copyExampleCatalog: true);
        using var client = factory.CreateAdminClient();

        using var response = await client.PostAsync(s_reload, content: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True((int)body["teams"]! > 0);
        Assert.True((int)body["services"]! > 0);
        Assert.True((int)body["slos"]! > 0);
        Assert.NotNull((string?)body["loadedAt"]);
    }

    [Fact]
    public async Task Reload_CatalogMadeInvalid_Returns422WithEachErrorAndKeepsServingTheLastGoodCatalog()
    {
        await using var factory = new BotApplicationFactory(copyExampleCatalog: true);
        using var client = factory.CreateAdminClient();
        var expected = BrokenCatalog.BreakTwoThings(factory.CatalogPath);

        using var response = await client.PostAsync(s_reload, content: null);

        var problem = await ProblemDetailsTests.AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var errors = problem["errors"]!.AsArray().Select(error => (string)error!).ToList();
        Assert.Equal(expected.Count, errors.Count);
        Assert.All(expected, error => Assert.Contains(errors, error.IsReportedBy));

        using var teams = await client.GetAsync(new Uri("/api/catalog/teams", UriKind.Relative));
        var payments = JsonNode.Parse(await teams.Content.ReadAsStringAsync())!.AsArray().Single(t => (string?)t!["id"] == "payments")!;
        Assert.Equal("money-movement", (string?)payments["parent"]);
    }

    [Fact]
    public async Task Reload_InvalidCatalogFixedAgain_Returns200AndServesTheNewCatalog()
    {
        await using var factory = new BotApplicationFactory(copyExampleCatalog: true);
        using var client = factory.CreateAdminClient();
        BrokenCatalog.BreakTwoThings(factory.CatalogPath);
        using var rejected = await client.PostAsync(s_reload, content: null);
        BrokenCatalog.Replace(factory.CatalogPath, "teams.yaml", "parent: money-move", "parent: discovery", fragment: "");
        BrokenCatalog.Replace(factory.CatalogPath, "services.yaml", "target: 199.95%", "target: 99.9%", fragment: "");

        using var response = await client.PostAsync(s_reload, content: null);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, rejected.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var teams = await client.GetAsync(new Uri("/api/catalog/teams", UriKind.Relative));
        var payments = JsonNode.Parse(await teams.Content.ReadAsStringAsync())!.AsArray().Single(t => (string?)t!["id"] == "payments")!;
        Assert.Equal("discovery", (string?)payments["parent"]);
    }
}
