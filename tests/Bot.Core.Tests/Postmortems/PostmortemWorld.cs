using Bot.Core.Catalog;
using Bot.Core.Incidents;

namespace Bot.Core.Tests.Postmortems;

/// <summary>
/// A resolved P1 incident of team payments (rotation in Europe/Berlin): started 10:00 UTC, acknowledged by Ana at 10:12,
/// resolved by Bo at 12:00, burning 14.4× — and the small catalog around it.
/// </summary>
internal static class PostmortemWorld
{
    public static readonly DateTimeOffset Start = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    public static readonly Actor Ana = new("ana", "Ana Kovač", ActionSource.Slack);
    public static readonly Actor Bo = new("bo", "Bo Berg", ActionSource.MsTeams);

    public static ServiceCatalog World(bool withRotation = true)
    {
        var payments = new Team("payments", "Payments", "commerce",
            [new Member("ana", "Ana Kovač", null, "U01ANA", null, "Europe/Berlin"), new Member("bo", "Bo Berg", null, "U01BO", null, "Europe/Oslo")],
            [new ChatDestination(ChatPlatform.Console, "payments-slo-breaches")], ["ana"]);
        Service[] services = [new("checkout", "Checkout", "payments", null, ["production"], [], new Uri("https://runbooks.example.com/checkout"), null)];
        Slo[] slos = [new("checkout-availability", "availability", "checkout", SliKind.Availability, 0.999, SloWindow.Rolling28Days, null, 1, null, [], false)];
        Rotation[] rotations = withRotation
            ? [new("payments-primary", "Payments primary", "payments", RotationShape.OnePersonRotating, TimeSpan.FromDays(7), DayOfWeek.Monday,
                new TimeOnly(9, 0), "Europe/Berlin", new DateOnly(2026, 1, 5), ["ana", "bo"], null, null)]
            : [];
        PriorityDefinition[] priorities =
        [
            new(1, "P1", true, PostmortemRequired: true, true, true, TimeSpan.FromHours(2), []),
            new(2, "P2", false, PostmortemRequired: false, true, true, TimeSpan.FromHours(4), []),
        ];
        return new ServiceCatalog([new OrgUnit("commerce", "Commerce", OrgUnitKind.Domain, null)], [payments], services, slos, rotations, [], [], [], priorities, []);
    }

    public static IncidentDetails Details(double? burnRate = 14.4, bool resolved = true) => new(
        new IncidentRecord(
            42, "checkout-availability|production", "Checkout availability below 99.9%", "payments", "checkout", "checkout-availability", "production", "eu-west-1",
            resolved ? IncidentState.Resolved : IncidentState.Acknowledged, IncidentSeverity.Critical, 1, 3,
            OpenedAt: Start.AddMinutes(1), LastOccurrenceAt: Start.AddMinutes(30), SnoozedUntil: Start.AddMinutes(1),
            new Stamp(Ana, Start.AddMinutes(12)), resolved ? new Stamp(Bo, Start.AddHours(2)) : null, null, false,
            new IncidentLinks(new Uri("https://runbooks.example.com/checkout"), null, null, null),
            new BudgetContext(burnRate, 0.6, "1h", null), 5, [])
        {
            StartedAt = Start,
            Roles = [new RoleHolder(IncidentRole.Coordinator, "ana", "Ana Kovač"), new RoleHolder(IncidentRole.Expert, "bo", "Bo Berg"), new RoleHolder(IncidentRole.Expert, "mei", "Mei Tan")],
        },
        [
            new IncidentEvent(IncidentEventKind.Opened, Start.AddMinutes(1), null, "SLO breach: CheckoutHighErrorRate fired"),
            new IncidentEvent(IncidentEventKind.Acknowledged, Start.AddMinutes(12), Ana, "Acknowledged by Ana Kovač"),
            new IncidentEvent(IncidentEventKind.Escalated, Start.AddMinutes(20), new Actor("escalation", "Escalation", ActionSource.Scheduler), "Paged Bo Berg"),
            new IncidentEvent(IncidentEventKind.Repeated, Start.AddMinutes(30), Actor.Webhook("alertmanager"), "Fired again (×3)"),
            new IncidentEvent(IncidentEventKind.PriorityChanged, Start.AddMinutes(40), Ana with { Source = ActionSource.Console }, "Priority changed from P2 to P1 by Ana Kovač"),
            new IncidentEvent(IncidentEventKind.Resolved, Start.AddHours(2), Bo, "Resolved by Bo Berg"),
        ]);
}
