using Bot.Core.Alerts;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Tests.Support;

namespace Bot.Core.Tests.Routing;

/// <summary>
/// A catalog for out-of-hours routing, built in code. Search works business hours in New York (Mon–Fri 09:00–17:00
/// America/New_York); EMEA follow-the-sun (team emea, around the clock) takes eu-west-1 out of hours; APAC days (team
/// apac, daily 08:00–20:00 Asia/Tokyo) takes ap-northeast-1; us-east-1 has no route. Platform is on duty around the
/// clock, and Tools has no rotation at all.
/// </summary>
internal static class OutOfHoursWorld
{
    public static readonly CoverageWindow BusinessHours = new(
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], new TimeOnly(9, 0), new TimeOnly(17, 0));

    public static readonly Rotation SearchBusinessHours = OnePerson(
        "search-business-hours", "Search business hours", "search", "emma", "America/New_York", BusinessHours, "search-escalation");

    public static readonly Rotation EmeaFollowTheSun = OnePerson("emea-follow-the-sun", "EMEA follow-the-sun", "emea", "grace", "Europe/London", null, null);

    public static readonly Rotation ApacDays = OnePerson(
        "apac-days", "APAC days", "apac", "hiro", "Asia/Tokyo", new CoverageWindow(Enum.GetValues<DayOfWeek>(), new TimeOnly(8, 0), new TimeOnly(20, 0)), null);

    public static readonly EscalationPolicy SearchEscalation = new(
        "search-escalation", "Search", "search", [new EscalationStep(EscalationTarget.RotationMain, "search-business-hours", TimeSpan.FromMinutes(30))], 1);

    /// <param name="extraRotations">Rotations added after the others, e.g. a second one for Search.</param>
    public static ServiceCatalog Create(params Rotation[] extraRotations)
    {
        Team[] teams =
        [
            Team("search", "Search", "emma", "America/New_York"),
            Team("emea", "EMEA on-call", "grace", "Europe/London"),
            Team("apac", "APAC on-call", "hiro", "Asia/Tokyo"),
            Team("platform", "Platform", "isabel", "America/Toronto"),
            Team("tools", "Tools", "tom", "Europe/Paris"),
        ];
        Service[] services =
        [
            new("search-api", "Search API", "search", null, ["production"], ["us-east-1", "eu-west-1", "ap-northeast-1"], null, null),
            new("edge", "Edge Gateway", "platform", null, ["production"], ["eu-west-1"], null, null),
            new("wiki", "Wiki", "tools", null, ["production"], ["eu-west-1"], null, null),
        ];
        Slo[] slos =
        [
            new("search-api-queries", "queries", "search-api", SliKind.Availability, 0.995, SloWindow.Rolling28Days, null, 2, null, [], false),
        ];
        Rotation[] rotations =
        [
            SearchBusinessHours,
            EmeaFollowTheSun,
            ApacDays,
            OnePerson("platform-primary", "Platform primary", "platform", "isabel", "Etc/UTC", null, null),
            .. extraRotations,
        ];
        return new ServiceCatalog(
            [new OrgUnit("acme", "Acme", OrgUnitKind.Org, null)],
            teams, services, slos, rotations, [SearchEscalation], [], [], [], [],
            [new OutOfHoursRoute("eu-west-1", "emea-follow-the-sun"), new OutOfHoursRoute("ap-northeast-1", "apac-days")]);
    }

    public static Rotation OnePerson(string id, string name, string teamId, string member, string zone, CoverageWindow? coverage, string? policyId) =>
        new(id, name, teamId, RotationShape.OnePersonFixed, TimeSpan.FromDays(7), DayOfWeek.Monday, new TimeOnly(9, 0), zone, new DateOnly(2025, 1, 6),
            [member], coverage, policyId);

    /// <summary>A firing alert tied to its service by the Sloth id of its SLO (or, with <paramref name="service"/>, by a service label).</summary>
    public static IncomingAlert Alert(string? region, string service = "search-api")
    {
        (string, string)[] labels = service == "search-api"
            ? [("alertname", "ErrorBudgetBurn"), ("sloth_id", "search-api-queries")]
            : [("alertname", "ErrorBudgetBurn"), ("service", service)];
        return TestAlerts.Firing(region is null ? labels : [.. labels, ("region", region)]);
    }

    /// <summary>An open incident of Search API's SLO, with <paramref name="teamId"/>, opened at <paramref name="openedAt"/> in <paramref name="region"/>.</summary>
    public static IncidentRecord Incident(string teamId, string region, DateTimeOffset openedAt) => new(
        7, "slo=search-api-queries|env=production|region=" + region, "Search errors", teamId, "search-api", "search-api-queries", "production", region,
        IncidentState.Open, IncidentSeverity.Critical, 2, 1, openedAt, openedAt, openedAt.AddHours(2), null, null, null, false, IncidentLinks.None, null, 1,
        [new IncidentAlert("f", openedAt, IncidentSeverity.Critical, AlertStatus.Firing, null)]);

    private static Team Team(string id, string name, string member, string zone) =>
        new(id, name, "acme", [new Member(member, member, null, null, null, zone)], [new ChatDestination(ChatPlatform.Console, $"{id}-slo-breaches")], []);
}
