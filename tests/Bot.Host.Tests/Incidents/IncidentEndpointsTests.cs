using System.Net;
using System.Text.Json.Nodes;
using Bot.Host.Tests.Alerts;
using Bot.Host.Tests.Infrastructure;

namespace Bot.Host.Tests.Incidents;

/// <summary>
/// The read models over three incidents: payment gateway (payments, open), checkout API (checkout, open) and cart
/// (checkout, resolved), opened in that order.
/// </summary>
public sealed class IncidentEndpointsTests(IncidentEndpointsTests.ThreeIncidents host) : IClassFixture<IncidentEndpointsTests.ThreeIncidents>
{
    [Fact]
    public async Task List_NoFilter_ReturnsAllNewestFirstWithoutTimelines()
    {
        var incidents = await ListAsync("");

        Assert.Equal(["cart", "checkout-api", "payment-gateway"], incidents.Select(i => (string?)i["service"]));
        Assert.All(incidents, incident => Assert.Null(incident["timeline"]));
        Assert.All(incidents, incident => Assert.Null(incident["messages"]));
    }

    [Fact]
    public async Task List_ByTeam_ReturnsOnlyThatTeamsIncidents()
    {
        var incidents = await ListAsync("?team=checkout");

        Assert.Equal(["cart", "checkout-api"], incidents.Select(i => (string?)i["service"]));
    }

    [Theory]
    [InlineData("open", new[] { "checkout-api", "payment-gateway" })]
    [InlineData("RESOLVED", new[] { "cart" })]
    [InlineData("acknowledged", new string[0])]
    public async Task List_ByState_ReturnsOnlyIncidentsInThatState(string state, string[] services)
    {
        var incidents = await ListAsync($"?state={state}");

        Assert.Equal(services, incidents.Select(i => (string?)i["service"]));
    }

    [Fact]
    public async Task List_ByTeamAndStateWithLimit_CombinesTheFilters()
    {
        Assert.Equal(["checkout-api"], (await ListAsync("?team=checkout&state=open")).Select(i => (string?)i["service"]));
        Assert.Equal(["cart"], (await ListAsync("?limit=1")).Select(i => (string?)i["service"]));
    }

    [Fact]
    public async Task List_UnknownState_Returns400NamingIt()
    {
        using var response = await host.Client.GetAsync(new Uri("/api/incidents?state=closed", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'closed'", (string)problem["detail"]!, StringComparison.Ordinal);
        Assert.Contains("open, acknowledged or resolved", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    public async Task List_LimitOutOfRange_Returns400(string limit)
    {
        using var response = await host.Client.GetAsync(new Uri($"/api/incidents?limit={limit}", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("limit must be between 1 and 1000", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        using var response = await host.Client.GetAsync(new Uri("/api/incidents/987654", UriKind.Relative));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("There is no incident 987654.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task Get_ResolvedIncident_ShowsItsTimelineOldestFirst()
    {
        var cart = (await ListAsync("?state=resolved")).Single();

        var incident = JsonNode.Parse(await host.Client.GetStringAsync(new Uri($"/api/incidents/{(long)cart["id"]!}", UriKind.Relative)))!;

        Assert.Equal("checkout", (string?)incident["team"]);
        Assert.Equal("cart-requests-availability", (string?)incident["slo"]);
        Assert.Equal("P2", (string?)incident["priority"]);
        Assert.Equal("resolved", (string?)incident["state"]);
        var timeline = incident["timeline"]!.AsArray().Select(e => e!).ToList();
        Assert.Equal(["opened", "resolved"], timeline.Select(e => (string?)e["kind"]));
        Assert.True((DateTimeOffset)timeline[0]["at"]! <= (DateTimeOffset)timeline[1]["at"]!);
        Assert.All(timeline, e => Assert.False(string.IsNullOrEmpty((string?)e["text"])));
        Assert.NotNull(incident["messages"]);
        var alert = Assert.Single(incident["alerts"]!.AsArray())!;
        Assert.Equal("resolved", (string?)alert["status"]);
        Assert.Equal(AlertPayloads.EndsAt, (DateTimeOffset)alert["endsAt"]!);
    }

    [Fact]
    public async Task Get_OpenIncident_ShowsTheAlertsFactsAndLinks()
    {
        var gateway = (await ListAsync("?team=payments")).Single();

        var incident = JsonNode.Parse(await host.Client.GetStringAsync(new Uri($"/api/incidents/{(long)gateway["id"]!}", UriKind.Relative)))!;

        Assert.Equal("open", (string?)incident["state"]);
        Assert.Equal("critical", (string?)incident["severity"]);
        Assert.Equal(1, (int)incident["occurrences"]!);
        Assert.Null(incident["acknowledged"]);
        Assert.Null(incident["resolved"]);
        Assert.Equal("https://runbooks.northwind.example/payments/payment-gateway", (string?)incident["links"]!["runbook"]);
        Assert.StartsWith("http://prometheus.example:9090/graph", (string?)incident["links"]!["source"], StringComparison.Ordinal);
        Assert.Equal(14.4, (double)incident["budget"]!["burnRate"]!);
        Assert.Equal(["opened"], incident["timeline"]!.AsArray().Select(e => (string?)e!["kind"]));
    }

    private async Task<IReadOnlyList<JsonNode>> ListAsync(string query) =>
        [.. JsonNode.Parse(await host.Client.GetStringAsync(new Uri("/api/incidents" + query, UriKind.Relative)))!.AsArray().Select(node => node!)];

    /// <summary>A host holding the three incidents, posted through the Alertmanager webhook.</summary>
    public sealed class ThreeIncidents : IAsyncLifetime
    {
        // Escalation off: an escalation step would add events to the timelines asserted here.
        public BotApplicationFactory Factory { get; } = new(settings: new Dictionary<string, string> { ["OnCall:EscalationEnabled"] = "false" });

        public HttpClient Client { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Client = Factory.CreateClient();
            using var webhook = Factory.CreateAlertSourceClient("alertmanager");
            var gateway = AlertPayloads.SlothAlert();
            gateway["annotations"]!["burn_rate"] = "14.4";
            await PostAsync(webhook, gateway);
            await PostAsync(webhook, AlertPayloads.SlothAlert(service: "checkout-api"));
            await PostAsync(webhook, AlertPayloads.SlothAlert(service: "cart"));
            await PostAsync(webhook, AlertPayloads.SlothAlert(service: "cart", resolved: true));
        }

        public async Task DisposeAsync()
        {
            Client.Dispose();
            await Factory.DisposeAsync();
        }

        private static async Task PostAsync(HttpClient webhook, JsonObject alert)
        {
            using var response = await webhook.PostAsync(new Uri("/api/alerts/alertmanager", UriKind.Relative), AlertPayloads.Json(AlertPayloads.Alertmanager(alert)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}
