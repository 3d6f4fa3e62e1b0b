using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Routing;
using static Bot.Core.Tests.Routing.OutOfHoursWorld;

namespace Bot.Core.Tests.Routing;

/// <summary>
/// The book's Table 7.9: in hours an alert goes to the team owning its service; outside that team's coverage, an alert
/// from a region with an out-of-hours route goes to the route's rotation's team.
/// </summary>
public sealed class OutOfHoursRoutingTests
{
    private static readonly ServiceCatalog Catalog = Create();

    private static DateTimeOffset At(string utc) => DateTimeOffset.Parse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>Search API breaches in eu-west-1 across Search's Mon–Fri 09:00–17:00 America/New_York window.</summary>
    public static TheoryData<string, string, string> AcrossTheBoundary { get; } = new()
    {
        // Winter (EST, UTC−5).
        { "2025-03-03T13:59:59Z", "emea", "Mon 08:59:59 EST: a second before Search's day starts" },
        { "2025-03-03T14:00:00Z", "search", "Mon 09:00 EST: the first instant belongs to Search" },
        { "2025-03-03T21:59:59Z", "search", "Mon 16:59:59 EST" },
        { "2025-03-03T22:00:00Z", "emea", "Mon 17:00 EST: the window's end is out" },
        { "2025-03-08T15:00:00Z", "emea", "Sat 10:00 EST: weekends are not covered" },
        { "2025-03-03T13:00:00Z", "emea", "Mon 08:00 EST" },
        { "2025-03-03T21:00:00Z", "search", "Mon 16:00 EST" },
        // Spring forward on Sun 9 Mar 2025: the same UTC instants now fall an hour later in New York.
        { "2025-03-09T07:30:00Z", "emea", "Sun 03:30 EDT, just after the gap" },
        { "2025-03-10T12:59:59Z", "emea", "Mon 08:59:59 EDT" },
        { "2025-03-10T13:00:00Z", "search", "Mon 09:00 EDT, an hour earlier in UTC than a week before" },
        { "2025-03-10T20:59:59Z", "search", "Mon 16:59:59 EDT" },
        { "2025-03-10T21:00:00Z", "emea", "Mon 17:00 EDT" },
        // Fall back on Sun 2 Nov 2025.
        { "2025-10-31T13:00:00Z", "search", "Fri 09:00 EDT" },
        { "2025-10-31T21:00:00Z", "emea", "Fri 17:00 EDT" },
        { "2025-11-02T06:30:00Z", "emea", "Sun 01:30 EST, the repeated hour" },
        { "2025-11-03T13:00:00Z", "emea", "Mon 08:00 EST, an hour later in UTC than the Friday before" },
        { "2025-11-03T14:00:00Z", "search", "Mon 09:00 EST" },
        { "2025-11-03T21:59:59Z", "search", "Mon 16:59:59 EST" },
        { "2025-11-03T22:00:00Z", "emea", "Mon 17:00 EST" },
    };

    [Theory]
    [MemberData(nameof(AcrossTheBoundary))]
    public void Route_SearchBreachInARoutedRegion_GoesOutOfHoursToTheRegionsRotation(string at, string team, string when)
    {
        var route = AlertRouter.Route(Catalog, Alert("eu-west-1"), At(at));

        Assert.True(team == route.TeamId, $"{when}: expected team {team}, got {route.TeamId}");
        Assert.Equal(team == "emea" ? ("search", "emea-follow-the-sun") : (null, null), (route.OutOfHoursFor, route.OutOfHoursRotationId));
        // The service and SLO stay the owner's: only who answers changes.
        Assert.Equal(("search-api", "search-api-queries"), (route.ServiceId, route.SloId));
    }

    [Fact]
    public void Route_OutOfHours_SaysWhyInMatchedBy()
    {
        var route = AlertRouter.Route(Catalog, Alert("eu-west-1"), At("2025-03-04T03:00:00Z"));

        Assert.Equal(
            "label sloth_id=\"search-api-queries\"; out of hours for team 'search', to rotation 'emea-follow-the-sun' of team 'emea' for region eu-west-1",
            route.MatchedBy);
    }

    [Theory]
    [InlineData("us-east-1")]
    [InlineData("EU-WEST-1")]
    [InlineData(null)]
    public void Route_RegionWithoutARoute_StaysWithTheOwnerOutOfHours(string? region)
    {
        var route = AlertRouter.Route(Catalog, Alert(region), At("2025-03-04T03:00:00Z"));

        Assert.Equal(("search", (string?)null), (route.TeamId, route.OutOfHoursFor));
        Assert.Equal("label sloth_id=\"search-api-queries\"", route.MatchedBy);
    }

    [Theory]
    [InlineData("edge", "platform")]
    [InlineData("wiki", "tools")]
    public void Route_OwnerWithoutCoverageWindowOrWithoutRotation_IsNeverOutOfHours(string service, string owner)
    {
        foreach (var at in new[] { "2025-03-04T03:00:00Z", "2025-03-08T15:00:00Z", "2025-03-09T07:30:00Z", "2025-11-02T06:30:00Z" })
        {
            var route = AlertRouter.Route(Catalog, Alert("eu-west-1", service), At(at));

            Assert.Equal((owner, (string?)null), (route.TeamId, route.OutOfHoursFor));
        }
    }

    [Theory]
    // Mon 03:00 UTC: Sunday 22:00 in New York, Monday 12:00 in Tokyo: APAC is on.
    [InlineData("2025-03-03T03:00:00Z", "apac", "search")]
    // Mon 13:00 UTC: 08:00 in New York, 22:00 in Tokyo: both are off, so the breach waits for Search.
    [InlineData("2025-03-03T13:00:00Z", "search", null)]
    public void Route_OutOfHoursRotationWithAWindowOfItsOwn_TakesOverOnlyWhileOnDuty(string at, string team, string? outOfHoursFor)
    {
        var route = AlertRouter.Route(Catalog, Alert("ap-northeast-1"), At(at));

        Assert.Equal((team, outOfHoursFor), (route.TeamId, route.OutOfHoursFor));
    }

    [Theory]
    // Mon 18:00 EST: Search's evening rotation is on.
    [InlineData("2025-03-03T23:00:00Z", "search")]
    // Tue 00:00 EST: both of Search's rotations are off.
    [InlineData("2025-03-04T05:00:00Z", "emea")]
    public void Route_OwnerWithTwoRotations_IsOutOfHoursOnlyWhenNeitherIsOnDuty(string at, string team)
    {
        var evenings = OnePerson("search-evenings", "Search evenings", "search", "emma", "America/New_York", BusinessHours with { From = new TimeOnly(17, 0), To = new TimeOnly(23, 0) }, null);

        var route = AlertRouter.Route(Create(evenings), Alert("eu-west-1"), At(at));

        Assert.Equal(team, route.TeamId);
    }

    [Fact]
    public void Route_AlertTiedToATeamByLabelOnly_IsNotHandedOver()
    {
        var alert = Support.TestAlerts.Firing(("alertname", "X"), ("team", "search"), ("region", "eu-west-1"));

        var route = AlertRouter.Route(Catalog, alert, At("2025-03-04T03:00:00Z"));

        Assert.Equal(("search", (string?)null), (route.TeamId, route.OutOfHoursFor));
    }

    [Fact]
    public void Route_UnroutedAlert_StaysUnrouted()
    {
        var alert = Support.TestAlerts.Firing(("alertname", "X"), ("service", "feed"), ("region", "eu-west-1"));

        var route = AlertRouter.Route(Catalog, alert, At("2025-03-04T03:00:00Z"));

        Assert.False(route.IsRouted);
        Assert.Null(route.OutOfHoursFor);
    }

    [Fact]
    public void Route_WithoutTheTime_RoutesToTheOwner()
    {
        var route = AlertRouter.Route(Catalog, Alert("eu-west-1"));

        Assert.Equal(("search", (string?)null), (route.TeamId, route.OutOfHoursFor));
    }

    [Fact]
    public void Of_IncidentHandedOverOutOfHours_NamesOwnerRouteAndRotation()
    {
        var handover = OutOfHoursRouting.Of(Catalog, Incident("emea", "eu-west-1", At("2025-03-04T03:00:00Z")));

        Assert.NotNull(handover);
        Assert.Equal(("search", "eu-west-1", "emea-follow-the-sun", "emea"), (handover.Owner.Id, handover.Route.Region, handover.Rotation.Id, handover.Team.Id));
        Assert.Equal(
            "outside Search's hours (Mon–Fri 09:00–17:00 America/New_York) to EMEA follow-the-sun, the out-of-hours rotation for eu-west-1",
            handover.Describe());
    }

    [Theory]
    // With its owner.
    [InlineData("search", "eu-west-1", "2025-03-04T03:00:00Z")]
    // With another team, but opened while Search was on duty: the rule does not explain it.
    [InlineData("emea", "eu-west-1", "2025-03-04T15:00:00Z")]
    // With another team than the region's rotation's.
    [InlineData("apac", "eu-west-1", "2025-03-04T03:00:00Z")]
    public void Of_IncidentTheRuleDoesNotExplain_IsNull(string team, string region, string openedAt) =>
        Assert.Null(OutOfHoursRouting.Of(Catalog, Incident(team, region, At(openedAt))));

    [Fact]
    public void Describe_OwnerWithTwoWindows_NamesBoth()
    {
        var evenings = OnePerson("search-evenings", "Search evenings", "search", "emma", "America/Chicago", BusinessHours with { From = new TimeOnly(17, 0), To = new TimeOnly(22, 0) }, null);

        var handover = OutOfHoursRouting.For(Create(evenings), "search", "eu-west-1", At("2025-03-04T05:00:00Z"));

        Assert.Equal(
            "outside Search's hours (Mon–Fri 09:00–17:00 America/New_York; Mon–Fri 17:00–22:00 America/Chicago) to EMEA follow-the-sun, the out-of-hours rotation for eu-west-1",
            handover?.Describe());
    }

    [Fact]
    public void EscalationPolicyFor_IncidentHandedOver_IsTheOutOfHoursRotationsPolicy_ElseTheTeams()
    {
        var otherFirst = OnePerson("emea-platform", "EMEA platform", "emea", "grace", "Europe/London", null, null);
        // EMEA declares another rotation first, so the team's policy is that one's; a handed-over incident follows the route's rotation.
        var catalog = new ServiceCatalog(Catalog.OrgUnits, Catalog.Teams, Catalog.Services, Catalog.Slos, [otherFirst, .. Catalog.Rotations],
            Catalog.EscalationPolicies, [], [], [], [], Catalog.OutOfHoursRoutes);

        var handedOver = OutOfHoursRouting.EscalationPolicyFor(catalog, Incident("emea", "eu-west-1", At("2025-03-04T03:00:00Z")));
        var own = OutOfHoursRouting.EscalationPolicyFor(catalog, Incident("search", "eu-west-1", At("2025-03-04T15:00:00Z")));

        Assert.Equal("emea-follow-the-sun-default", handedOver?.Id);
        Assert.Equal("emea-platform-default", catalog.EscalationPolicyFor("emea")?.Id);
        Assert.Equal("search-escalation", own?.Id);
        Assert.Null(OutOfHoursRouting.EscalationPolicyFor(catalog, Incident("search", "eu-west-1", At("2025-03-04T15:00:00Z")) with { TeamId = null }));
    }
}
