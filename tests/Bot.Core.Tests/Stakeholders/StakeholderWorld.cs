using Bot.Core.Catalog;
using Bot.Core.Incidents;

namespace Bot.Core.Tests.Stakeholders;

/// <summary>
/// A catalog cut like the book's example (Tables 8.2–8.4): ring 1 product management and the showcase (worldwide),
/// ring 2 leadership, ring 3 marketing and sales per geography × product; P1 names rings 1–3 every 2 h, P2 rings 1–2
/// every 4 h, P4 notifies nobody. Team payments (Ana, Bo) owns Payment Gateway (product payments).
/// </summary>
internal static class StakeholderWorld
{
    public static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 20, 0, TimeSpan.Zero);

    public static readonly PriorityDefinition P1 = new(1, "Critical business impact", true, true, true, true, TimeSpan.FromHours(2), [1, 2, 3]);
    public static readonly PriorityDefinition P2 = new(2, "Major business impact", false, false, true, true, TimeSpan.FromHours(4), [1, 2]);
    public static readonly PriorityDefinition P4 = new(4, "Low", false, false, false, false, null, []);

    public static ServiceCatalog Catalog()
    {
        var payments = new Team("payments", "Payments", "commerce",
            [new Member("ana", "Ana Kovač", null, "U01ANA", null, "Europe/Berlin"), new Member("bo", "Bo Berg", null, "U01BO", null, "Europe/Oslo")],
            [new ChatDestination(ChatPlatform.Console, "payments-slo-breaches")], []);
        StakeholderGroup[] groups =
        [
            new("product-management", "Product management", "worldwide", [], null) { Destinations = [new ChatDestination(ChatPlatform.Console, "product-management")] },
            new("showcase", "Showcase deployment", "worldwide", [], null),
            new("leadership", "Leadership", null, [], null) { Destinations = [new ChatDestination(ChatPlatform.Slack, "CLEAD")] },
            new("sales-us-payments", "Sales US, payments", "US", ["payments"], null),
            new("sales-eu-payments", "Sales EU, payments", "EU", ["payments"], null),
            new("sales-eu-storefront", "Sales EU, storefront", "EU", ["storefront"], null),
            new("sales-jp", "Sales Japan", "JP", [], null),
        ];
        StakeholderRing[] rings =
        [
            new(1, "Product management", ["product-management", "showcase"]),
            new(2, "Leadership", ["leadership"]),
            new(3, "Marketing and sales", ["sales-us-payments", "sales-eu-payments", "sales-eu-storefront", "sales-jp"]),
        ];
        Service[] services =
        [
            new("payment-gateway", "Payment Gateway", "payments", null, ["production"], ["eu-central-1"], null, null) { Product = "payments" },
        ];
        return new ServiceCatalog(
            [new OrgUnit("commerce", "Commerce", OrgUnitKind.Domain, null)], [payments], services, [], [], [], groups, rings, [P1, P2, P4], []);
    }

    /// <summary>An open incident of Payment Gateway in <paramref name="region"/>, started 5 minutes before it was opened at <see cref="Now"/>.</summary>
    public static IncidentRecord Incident(long id = 42, int? priority = 1, string? region = "eu-central-1") => new(
        id, "k", "Card payments fail", "payments", "payment-gateway", null, "production", region, IncidentState.Open, IncidentSeverity.Critical, priority, 1,
        Now.AddMinutes(-60), Now, Now, null, null, null, false, IncidentLinks.None, null, 1, [])
    {
        StartedAt = Now.AddMinutes(-65),
    };
}
