using Bot.Core.Alerts;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Notifications;

namespace Bot.MsTeams.Tests.Cards;

/// <summary>
/// Incidents as the bot stores them, turned into the neutral message by <see cref="IncidentMessage.For"/> exactly as
/// delivery does: one team, Payments, owning Checkout API and its availability SLO.
/// </summary>
internal static class CardFixtures
{
    public static readonly DateTimeOffset Started = new(2026, 3, 1, 14, 5, 0, TimeSpan.Zero);

    public static readonly ServiceCatalog Catalog = new(
        [new OrgUnit("org", "Northwind", OrgUnitKind.Org, null)],
        [new Team("payments", "Payments", "org",
            [new Member("ana", "Ana Kovač", "ana@example.com", null, "29:1ana", "Europe/Berlin")],
            [new ChatDestination(ChatPlatform.MsTeams, "19:pay@thread.tacv2", "19:team@thread.tacv2", "5b3c2e1a-9f4d-4c7a-8e21-3d6f0a9b7c14")],
            [])],
        [new Service("checkout-api", "Checkout API", "payments", null, ["production"], ["eu-west-1"],
            new Uri("https://runbooks.example.com/checkout"), new Uri("https://grafana.example.com/d/checkout"))],
        [new Slo("checkout-api-availability", "availability", "checkout-api", SliKind.Availability, 0.999, SloWindow.Rolling28Days, null, 1, null, [], false)],
        [], [], [], [], [], []);

    private static readonly Actor Ana = new("ana", "Ana Kovač", ActionSource.MsTeams);

    /// <summary>An open P1 with every fact and all four links; its title is what an alert might say.</summary>
    public static IncidentRecord Open() => new(
        42,
        "slo=checkout-api-availability|env=production|region=eu-west-1",
        "Checkout API availability <99.9% & burning",
        "payments",
        "checkout-api",
        "checkout-api-availability",
        "production",
        "eu-west-1",
        IncidentState.Open,
        IncidentSeverity.Critical,
        1,
        3,
        Started,
        Started.AddMinutes(10),
        Started.AddHours(2),
        null,
        null,
        null,
        false,
        new IncidentLinks(
            new Uri("https://runbooks.example.com/checkout?slo=availability&env=production"),
            new Uri("https://grafana.example.com/d/checkout"),
            new Uri("https://prometheus.example.com/graph?g0.expr=slo%3Aerror_ratio"),
            new Uri("https://alertmanager.example.com/#/silences/new?filter=%7Bslo%3D%22availability%22%7D")),
        new BudgetContext(14.4, 0.375, "1h", "2d 4h"),
        1,
        [new IncidentAlert("a1", Started, IncidentSeverity.Critical, AlertStatus.Firing, null)]);

    public static IncidentRecord Acknowledged() => Open() with
    {
        State = IncidentState.Acknowledged,
        Acknowledged = new Stamp(Ana, Started.AddMinutes(4)),
        Version = 2,
    };

    public static IncidentRecord Resolved() => Acknowledged() with
    {
        State = IncidentState.Resolved,
        Resolved = new Stamp(null, Started.AddMinutes(85)),
        Version = 3,
    };

    /// <summary>An alert no catalog SLO matched: no team, service or SLO, sent to the fallback destination.</summary>
    public static IncidentRecord Unrouted() => Open() with
    {
        Id = 43,
        Title = "HighErrorRate on orders-worker",
        TeamId = null,
        ServiceId = null,
        SloId = null,
        Priority = null,
        Severity = IncidentSeverity.Warning,
        UnroutedReason = "no catalog SLO matched alertname=\"HighErrorRate\", service=\"orders-worker\"",
        Links = new IncidentLinks(null, null, new Uri("https://prometheus.example.com/graph"), null),
        Budget = null,
    };

    public static IncidentMessage Message(IncidentRecord record) => IncidentMessage.For(record, Catalog);
}
