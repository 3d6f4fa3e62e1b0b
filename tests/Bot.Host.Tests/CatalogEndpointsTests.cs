using System.Net;
using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests;

/// <summary>The catalog API over the example catalog in manifests/catalog.</summary>
public sealed class CatalogEndpointsTests(HostFixture host) : IClassFixture<HostFixture>
{
    private ServiceCatalog Catalog => host.Factory.Services.GetRequiredService<CatalogHolder>().Current;

    [Fact]
    public async Task Teams_ExampleCatalog_ListsEveryTeamWithMembersAndDestinations()
    {
        var teams = (await GetJsonAsync("/api/catalog/teams")).AsArray();

        Assert.Equal(Catalog.Teams.Select(t => t.Id), teams.Select(t => (string)t!["id"]!));
        var payments = teams.Single(t => (string?)t!["id"] == "payments")!;
        Assert.Equal("Payments", (string?)payments["name"]);
        Assert.Equal("money-movement", (string?)payments["parent"]);
        Assert.Equal(["lena"], payments["admins"]!.AsArray().Select(a => (string)a!));

        var ana = payments["members"]!.AsArray().Single(m => (string?)m!["id"] == "ana")!;
        Assert.Equal("Ana Kovač", (string?)ana["displayName"]);
        Assert.Equal("ana.kovac@northwind.example", (string?)ana["email"]);
        Assert.Equal("Europe/Berlin", (string?)ana["timeZone"]);
        Assert.Equal("U05A1PAY01", (string?)ana["chatIds"]!["slack"]);
        Assert.Equal("29:1Xq8fAnaKovacPaymentsNw01", (string?)ana["chatIds"]!["msTeams"]);

        var destinations = payments["destinations"]!.AsArray();
        var console = destinations.Single(d => (string?)d!["platform"] == "console")!;
        Assert.Equal("payments-slo-breaches", (string?)console["channel"]);
        Assert.Equal("console:payments-slo-breaches", (string?)console["key"]);
        var msTeams = destinations.Single(d => (string?)d!["platform"] == "msTeams")!;
        Assert.Equal("5b3c2e1a-9f4d-4c7a-8e21-3d6f0a9b7c14", (string?)msTeams["msTeamsTenantId"]);
    }

    [Fact]
    public async Task Teams_MemberWithoutTeamsAccount_OmitsTheNullsInsteadOfPrintingThem()
    {
        var teams = (await GetJsonAsync("/api/catalog/teams")).AsArray();

        var diego = teams.Single(t => (string?)t!["id"] == "checkout")!["members"]!.AsArray().Single(m => (string?)m!["id"] == "diego")!;
        Assert.Equal("U05B2CHK01", (string?)diego["chatIds"]!["slack"]);
        Assert.False(diego["chatIds"]!.AsObject().ContainsKey("msTeams"));
        var slack = teams.Single(t => (string?)t!["id"] == "checkout")!["destinations"]!.AsArray().Single(d => (string?)d!["platform"] == "slack")!;
        Assert.False(slack.AsObject().ContainsKey("msTeamsTenantId"));
    }

    [Fact]
    public async Task Services_ExampleCatalog_ListsServicesWithTheirSlos()
    {
        var services = (await GetJsonAsync("/api/catalog/services")).AsArray();

        Assert.Equal(Catalog.Services.Select(s => s.Id), services.Select(s => (string)s!["id"]!));
        var gateway = services.Single(s => (string?)s!["id"] == "payment-gateway")!;
        Assert.Equal("payments", (string?)gateway["team"]);
        Assert.Equal(["production", "staging"], gateway["environments"]!.AsArray().Select(e => (string)e!));
        Assert.Equal("https://runbooks.northwind.example/payments/payment-gateway", (string?)gateway["runbook"]);
        Assert.Equal("https://grafana.northwind.example/d/pay-gw/payment-gateway", (string?)gateway["dashboard"]);

        var availability = gateway["slos"]!.AsArray().Single(s => (string?)s!["name"] == "requests-availability")!;
        Assert.Equal("payment-gateway-requests-availability", (string?)availability["id"]);
        Assert.Equal("availability", (string?)availability["sli"]);
        Assert.Equal(0.9995, (double)availability["target"]!, precision: 10);
        Assert.Equal(0.0005, (double)availability["errorBudget"]!, precision: 10);
        Assert.Equal("P1", (string?)availability["priority"]);
        Assert.Equal("rolling", (string?)availability["window"]!["kind"]);
        Assert.Equal(28, (int)availability["window"]!["days"]!);
        Assert.Equal(
            ["sloth_service=\"payment-gateway\"", "sloth_slo=\"requests-availability\""],
            availability["matchers"]!.AsArray().Select(m => (string)m!));
        Assert.False((bool)availability["isDefault"]!);

        var latency = gateway["slos"]!.AsArray().Single(s => (string?)s!["name"] == "requests-latency")!;
        Assert.Equal("latency", (string?)latency["sli"]);
        Assert.Equal(300, (double)latency["latencyThresholdMs"]!);
    }

    [Fact]
    public async Task Services_ServiceDeclaringNoSlo_ShowsTheDefaultSlos()
    {
        var services = (await GetJsonAsync("/api/catalog/services")).AsArray();

        var refunds = services.Single(s => (string?)s!["id"] == "refunds")!;
        var slos = refunds["slos"]!.AsArray();
        Assert.NotEmpty(slos);
        Assert.All(slos, slo => Assert.True((bool)slo!["isDefault"]!));
        var availability = slos.Single(s => (string?)s!["sli"] == "availability")!;
        Assert.Equal(0.9, (double)availability["target"]!, precision: 10);
        Assert.False(refunds.AsObject().ContainsKey("dashboard"));
    }

    [Fact]
    public async Task Org_ExampleCatalog_NestsOrgBusinessLinesDomainsAndTeamsWithCounts()
    {
        var org = await GetJsonAsync("/api/catalog/org");

        Assert.Equal("northwind", (string?)org["id"]);
        Assert.Equal("org", (string?)org["kind"]);
        Assert.Equal(Catalog.Services.Count, (int)org["services"]!);
        Assert.Equal(Catalog.Slos.Count, (int)org["slos"]!);

        var commerce = org["children"]!.AsArray().Single(c => (string?)c!["id"] == "commerce")!;
        Assert.Equal("businessLine", (string?)commerce["kind"]);
        var moneyMovement = commerce["children"]!.AsArray().Single(c => (string?)c!["id"] == "money-movement")!;
        Assert.Equal("domain", (string?)moneyMovement["kind"]);
        Assert.Equal(["payments", "checkout"], moneyMovement["teams"]!.AsArray().Select(t => (string)t!["id"]!));

        var payments = moneyMovement["teams"]!.AsArray().Single(t => (string?)t!["id"] == "payments")!;
        var paymentsServices = Catalog.ServicesOf("payments").ToList();
        Assert.Equal(paymentsServices.Count, (int)payments["services"]!);
        Assert.Equal(paymentsServices.Sum(s => Catalog.SlosOf(s.Id).Count()), (int)payments["slos"]!);
        Assert.Equal(
            moneyMovement["teams"]!.AsArray().Sum(t => (int)t!["slos"]!),
            (int)moneyMovement["slos"]!);
    }

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await host.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
