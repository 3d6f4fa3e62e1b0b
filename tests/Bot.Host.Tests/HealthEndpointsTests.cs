using System.Net;
using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Host.Hosting;
using Bot.Host.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Host.Tests;

public sealed class HealthEndpointsTests(HostFixture host) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Live_HostRunning_Returns200Healthy()
    {
        using var response = await host.Client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("healthy", (string?)body["status"]);
    }

    [Fact]
    public async Task Ready_DatabaseAndCatalogUp_Returns200WithBothChecksHealthy()
    {
        using var response = await host.Client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("healthy", (string?)body["status"]);
        var checks = body["checks"]!.AsArray().ToDictionary(check => (string)check!["name"]!);
        Assert.Equal(["catalog", "database"], checks.Keys.Order());
        Assert.All(checks.Values, check => Assert.Equal("healthy", (string?)check!["status"]));

        var catalog = host.Factory.Services.GetRequiredService<CatalogHolder>().Current;
        Assert.Equal(catalog.Teams.Count, (int)checks["catalog"]!["data"]!["teams"]!);
        Assert.Equal(catalog.Slos.Count, (int)checks["catalog"]!["data"]!["slos"]!);
        Assert.Equal("SQLite", (string?)checks["database"]!["data"]!["provider"]);
    }

    [Fact]
    public async Task Ready_OneCheckUnhealthy_Returns503NamingIt()
    {
        await using var factory = new BotApplicationFactory(configureServices: services => services.AddHealthChecks()
            .AddCheck("queue", () => HealthCheckResult.Unhealthy("The queue is gone."), tags: [HealthTags.Ready]));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("unhealthy", (string?)body["status"]);
        var failed = Assert.Single(body["checks"]!.AsArray(), check => (string?)check!["status"] == "unhealthy");
        Assert.Equal("queue", (string?)failed!["name"]);
        Assert.Equal("The queue is gone.", (string?)failed["description"]);
    }

    [Fact]
    public async Task Ready_DatabaseFileGone_Returns503WithTheDatabaseCheckUnhealthy()
    {
        await using var factory = new BotApplicationFactory();
        using var client = factory.CreateClient();
        using (var before = await client.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // Pooled connections keep the deleted file open; without them the next open finds no folder to open in.
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path.GetDirectoryName(factory.DatabasePath)!, recursive: true);
        using var response = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var checks = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["checks"]!.AsArray();
        var database = checks.Single(check => (string?)check!["name"] == "database")!;
        Assert.Equal("unhealthy", (string?)database["status"]);
        Assert.False(string.IsNullOrEmpty((string?)database["error"]));
        Assert.Equal("healthy", (string?)checks.Single(check => (string?)check!["name"] == "catalog")!["status"]);
    }

    [Fact]
    public async Task Live_OneReadinessCheckUnhealthy_StillReturns200()
    {
        await using var factory = new BotApplicationFactory(configureServices: services => services.AddHealthChecks()
            .AddCheck("queue", () => HealthCheckResult.Unhealthy("The queue is gone."), tags: [HealthTags.Ready]));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/health/live", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task CatalogHealthCheck_NothingLoaded_IsUnhealthy()
    {
        var source = new FailingCatalogSource();
        var check = new CatalogHealthCheck(new CatalogHolder(source, TimeProvider.System), source);

        var result = await check.CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Contains("/nowhere/catalog", result.Description, StringComparison.Ordinal);
    }

    private sealed class FailingCatalogSource : ICatalogSource
    {
        public string Location => "/nowhere/catalog";

        public CatalogLoadResult Load() => CatalogLoadResult.Failure([new CatalogError("catalog/teams.yaml", 1, "broken")]);
    }
}
