using Bot.Core.Catalog;

namespace Bot.Core.Tests.Support;

/// <summary>A small catalog built in code: two teams, three services, SLOs with and without matchers.</summary>
internal static class TestCatalog
{
    public static ServiceCatalog Create()
    {
        var payments = new Team("payments", "Payments", "commerce", [new Member("ana", "Ana Souza", "ana@example.com", "U01ANA", "29:1ana", "Europe/Berlin")],
            [new ChatDestination(ChatPlatform.Console, "payments-slo-breaches")], ["ana"]);
        var search = new Team("search", "Search", "discovery", [new Member("li", "Li Wei", null, "U01LI", null, "Asia/Singapore")],
            [new ChatDestination(ChatPlatform.Console, "search-slo-breaches")], []);
        Service[] services =
        [
            new("checkout", "Checkout", "payments", null, ["production"], ["eu-west-1"], new Uri("https://runbooks.example.com/checkout"), new Uri("https://grafana.example.com/d/checkout")),
            new("ledger", "Ledger", "payments", null, ["production"], [], null, null),
            new("search-api", "Search API", "search", null, ["production"], [], null, null),
        ];
        Slo[] slos =
        [
            new("checkout-requests-availability", "requests-availability", "checkout", SliKind.Availability, 0.999, SloWindow.Rolling28Days, null, 1, null, [], false),
            new("checkout-latency", "latency", "checkout", SliKind.Latency, 0.99, SloWindow.Rolling28Days, TimeSpan.FromMilliseconds(300), 2, null,
                [new LabelMatcher("alertname", MatchOperator.Equal, "CheckoutSlowRequests")], false),
            new("ledger-availability", "availability", "ledger", SliKind.Availability, 0.9, SloWindow.Rolling28Days, null, null, null, [], true),
            new("search-api-queries", "queries", "search-api", SliKind.Availability, 0.995, SloWindow.FourCalendarWeeks, null, 3, null, [], false),
        ];
        return new ServiceCatalog(
            [new OrgUnit("acme", "Acme", OrgUnitKind.Org, null), new OrgUnit("commerce", "Commerce", OrgUnitKind.Domain, "acme"), new OrgUnit("discovery", "Discovery", OrgUnitKind.Domain, "acme")],
            [payments, search], services, slos, [], [], [], [], [], []);
    }
}
