using Bot.Core.Alerts;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Routing;

namespace Bot.Persistence.Tests.Support;

/// <summary>
/// A small catalog in code and alerts for it, to run the incident use cases on the real stores. Team
/// <c>payments</c> (Ana, admin of it, and Bo) owns <c>checkout</c> and its SLO <c>checkout-availability</c> (P1), and
/// posts to two console channels; team <c>search</c> (Li) owns <c>search-api</c>. Times are whole microseconds,
/// as the database keeps them.
/// </summary>
public static class IncidentTestData
{
    public const string Payments = "payments";
    public const string CheckoutSlo = "checkout-availability";
    public const string PaymentsChannel = "console:payments-slo-breaches";
    public const string PaymentsOnCallChannel = "console:payments-oncall";
    public const string UnroutedChannel = "console:unrouted-slo-breaches";

    public static readonly DateTimeOffset T0 = new(2026, 5, 4, 10, 15, 42, 123, TimeSpan.Zero);

    public static readonly Actor Ana = new("ana", "Ana Souza", ActionSource.Slack);
    public static readonly Actor Bo = new("bo", "Bo Berg", ActionSource.MsTeams);
    public static readonly Actor Li = new("li", "Li Wei", ActionSource.Console);

    public static ServiceCatalog Catalog()
    {
        var payments = new Team(
            Payments,
            "Payments",
            "commerce",
            [new Member("ana", "Ana Souza", "ana@example.com", "U01ANA", "29:1ana", "Europe/Berlin"), new Member("bo", "Bo Berg", null, "U01BO", "29:1bo", "Europe/Oslo")],
            [new ChatDestination(ChatPlatform.Console, "payments-slo-breaches"), new ChatDestination(ChatPlatform.Console, "payments-oncall")],
            ["ana"]);
        var search = new Team("search", "Search", "commerce", [new Member("li", "Li Wei", null, "U01LI", null, "Asia/Singapore")],
            [new ChatDestination(ChatPlatform.Console, "search-slo-breaches")], []);
        Service[] services =
        [
            new("checkout", "Checkout", Payments, null, ["production"], ["eu-west-1"], new Uri("https://runbooks.example.com/checkout"), new Uri("https://grafana.example.com/d/checkout")),
            new("search-api", "Search API", "search", null, ["production"], [], null, null),
        ];
        Slo[] slos =
        [
            new(CheckoutSlo, "availability", "checkout", SliKind.Availability, 0.999, SloWindow.Rolling28Days, null, 1, null, [], false),
            new("search-api-queries", "queries", "search-api", SliKind.Availability, 0.995, SloWindow.Rolling28Days, null, 3, null, [], false),
        ];
        return new ServiceCatalog(
            [new OrgUnit("acme", "Acme", OrgUnitKind.Org, null), new OrgUnit("commerce", "Commerce", OrgUnitKind.Domain, "acme")],
            [payments, search], services, slos, [], [], [], [], [], []);
    }

    public static IngestAlerts Ingest(IIncidentStore store, TimeProvider time) =>
        new(LoadedCatalog(time), store, Destinations(), new IncidentOptions(), time);

    public static IncidentActions Actions(IIncidentStore store, TimeProvider time) => new(LoadedCatalog(time), store, time);

    public static DestinationResolver Destinations() => new(new RoutingOptions(), new HashSet<ChatPlatform> { ChatPlatform.Console });

    /// <summary>A firing alert of an SLO (Sloth's labels); <paramref name="instance"/> tells apart alerts of one SLO.</summary>
    public static IncomingAlert Firing(string instance, DateTimeOffset startsAt, string sloId = CheckoutSlo, string severity = "page", params (string Name, string Value)[] extra)
    {
        var labels = new Dictionary<string, string>
        {
            ["alertname"] = "CheckoutHighErrorRate",
            ["sloth_id"] = sloId,
            ["sloth_severity"] = severity,
            ["environment"] = "production",
            ["region"] = "eu-west-1",
            ["instance"] = instance,
        };
        foreach (var (name, value) in extra)
        {
            labels[name] = value;
        }

        return Alert(labels, startsAt);
    }

    /// <summary>An alert no catalog SLO, service or team claims.</summary>
    public static IncomingAlert Unrouted(string instance, DateTimeOffset startsAt) =>
        Alert(new Dictionary<string, string> { ["alertname"] = "DiskFull", ["instance"] = instance }, startsAt);

    public static IncomingAlert Resolved(this IncomingAlert alert, DateTimeOffset endsAt) =>
        alert with { Status = AlertStatus.Resolved, EndsAt = endsAt };

    public static AlertBatch Batch(params IEnumerable<IncomingAlert> alerts) => new("alertmanager", [.. alerts], 0, null);

    private static IncomingAlert Alert(Dictionary<string, string> labels, DateTimeOffset startsAt) =>
        new("alertmanager", AlertFingerprint.Compute(labels), AlertStatus.Firing, labels,
            new Dictionary<string, string> { ["summary"] = $"{labels["alertname"]} on {labels["instance"]}", ["burn_rate"] = "14.4" },
            startsAt, null, AlertLinks.None, false, null);

    public static CatalogHolder LoadedCatalog(TimeProvider time)
    {
        var holder = new CatalogHolder(new InCodeCatalog(Catalog()), time);
        holder.Reload();
        return holder;
    }

    private sealed class InCodeCatalog(ServiceCatalog catalog) : ICatalogSource
    {
        public string Location => "(in code)";

        public CatalogLoadResult Load() => CatalogLoadResult.Success(catalog);
    }
}
