using Bot.Core.Alerts;
using Bot.Core.Catalog;
using Bot.Core.Routing;

namespace Bot.Catalog.Tests;

/// <summary>The example catalog that ships in manifests/catalog (copied to the test output by the csproj).</summary>
public sealed class ExampleCatalogTests
{
    private static readonly ServiceCatalog Example = LoadExample();

    private static ServiceCatalog LoadExample()
    {
        var result = new YamlCatalogSource(Path.Combine(AppContext.BaseDirectory, "manifests", "catalog"), "manifests/catalog").Load();
        Assert.True(result.Succeeded, "the example catalog failed to load:\n" + string.Join("\n", result.Errors));
        return result.Catalog!;
    }

    [Fact]
    public void ExampleCatalog_Load_SucceedsWithNoErrors()
    {
        var result = new YamlCatalogSource(Path.Combine(AppContext.BaseDirectory, "manifests", "catalog"), "manifests/catalog").Load();

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Catalog);
    }

    [Fact]
    public void ExampleCatalog_Counts_AreThoseOfARealisticOrganisation()
    {
        Assert.Single(Example.OrgUnits, u => u.Kind == OrgUnitKind.Org);
        Assert.True(Example.OrgUnits.Count(u => u.Kind == OrgUnitKind.BusinessLine) >= 2);
        Assert.True(Example.OrgUnits.Count(u => u.Kind == OrgUnitKind.Domain) >= 3);
        Assert.True(Example.Teams.Count >= 5);
        Assert.True(Example.Services.Count >= 10);
        Assert.True(Example.Slos.Count(s => !s.IsDefault) >= 14);
        // One rotation per team, and Platform also runs the incident coordinator and communicator rotations.
        Assert.Equal(Example.Teams.Select(t => t.Id).Order(), Example.Rotations.Select(r => r.TeamId).Distinct().Order());
        Assert.Equal(["platform-primary", "incident-coordinators", "incident-communicators"], Example.RotationsOf("platform").Select(r => r.Id));
        Assert.All(Example.Rotations, r => Assert.NotNull(Example.EscalationPolicies.SingleOrDefault(p => p.Id == r.EscalationPolicyId)));
        Assert.Equal([1, 2, 3, 4], Example.Rings.Select(r => r.Number));
    }

    [Fact]
    public void ExampleCatalog_ServiceDeclaringNoSlos_GetsOneSloPerDefaultTemplate()
    {
        var slos = Example.SlosOf("refunds").ToList();

        Assert.Equal(["refunds-availability", "refunds-latency"], slos.Select(s => s.Id));
        Assert.All(slos, s => Assert.True(s.IsDefault));
        Assert.All(slos, s => Assert.Empty(s.Matchers));
        Assert.All(slos, s => Assert.Equal(SloWindow.Rolling28Days, s.Window));
        Assert.Equal((SliKind.Availability, 0.90, (TimeSpan?)null), (slos[0].Sli, slos[0].Target, slos[0].LatencyThreshold));
        Assert.Equal((SliKind.Latency, 0.80, (TimeSpan?)TimeSpan.FromMilliseconds(1000)), (slos[1].Sli, slos[1].Target, slos[1].LatencyThreshold));
    }

    [Fact]
    public void ExampleCatalog_FindTeam_ReturnsItsMembersDestinationsAndAdmins()
    {
        var payments = Example.FindTeam("payments");

        Assert.NotNull(payments);
        Assert.Equal("money-movement", payments.ParentId);
        var ana = payments.FindMember("ana");
        Assert.Equal(new Member("ana", "Ana Kovač", "ana.kovac@northwind.example", "U05A1PAY01", "29:1Xq8fAnaKovacPaymentsNw01", "Europe/Berlin"), ana);
        Assert.Equal(
            ["slack:C05PAYSLO01", "msteams:19:b2e4d3c5f6a74e8b9dad1f2e3b4c5d6e@thread.tacv2", "console:payments-slo-breaches"],
            payments.Destinations.Select(d => d.Key));
        var msTeams = payments.Destinations.Single(d => d.Platform == ChatPlatform.MsTeams);
        Assert.Equal("19:a1f3c2d4e5b64f7a8c9d0e1f2a3b4c5d@thread.tacv2", msTeams.MsTeamsTeamId);
        Assert.Equal("5b3c2e1a-9f4d-4c7a-8e21-3d6f0a9b7c14", msTeams.MsTeamsTenantId);
        Assert.True(payments.IsAdmin("lena"));
        Assert.Null(Example.FindTeam("money-movement"));
    }

    [Fact]
    public void ExampleCatalog_EveryTeam_HasAConsoleDestination()
    {
        Assert.All(Example.Teams, t => Assert.Contains(t.Destinations, d => d.Platform == ChatPlatform.Console));
    }

    [Fact]
    public void ExampleCatalog_SlosOf_ReturnsDeclaredSlosWhoseMatchersTieSlothAlerts()
    {
        var slos = Example.SlosOf("checkout-api").ToList();

        Assert.Equal(["checkout-api-requests-availability", "checkout-api-requests-latency"], slos.Select(s => s.Id));
        var availability = slos[0];
        Assert.Equal((SliKind.Availability, 0.999, 1, false), (availability.Sli, availability.Target, availability.Priority, availability.IsDefault));
        var alert = new Dictionary<string, string> { ["sloth_service"] = "checkout-api", ["sloth_slo"] = "requests-availability", ["sloth_severity"] = "page" };
        Assert.All(availability.Matchers, m => Assert.True(m.Matches(alert)));
        Assert.False(slos[1].Matchers.All(m => m.Matches(alert)));
        Assert.Equal(TimeSpan.FromMilliseconds(500), slos[1].LatencyThreshold);
    }

    [Fact]
    public void ExampleCatalog_CalendarWindowAndPercentTargets_AreParsed()
    {
        var ledger = Example.FindSlo("ledger-writes-availability");
        var gateway = Example.FindSlo("payment-gateway-requests-availability");

        Assert.Equal(SloWindow.FourCalendarWeeks, ledger?.Window);
        Assert.Equal(0.9999, ledger?.Target);
        Assert.Equal(0.9995, gateway?.Target);
    }

    [Fact]
    public void ExampleCatalog_MembershipsOfSlackUserId_FindsTheMemberInTheirTeam()
    {
        var (team, member) = Assert.Single(Example.MembershipsOf(ChatPlatform.Slack, "U05C3SRC04"));

        Assert.Equal(("search", "yuki"), (team.Id, member.Id));
        Assert.Empty(Example.MembershipsOf(ChatPlatform.Slack, "U0NOBODY1"));
    }

    [Fact]
    public void ExampleCatalog_PathToTeam_RunsFromTheOrgRootDownToTheTeam()
    {
        Assert.Equal(["northwind", "commerce", "money-movement", "payments"], Example.PathTo("payments"));
        Assert.Equal(["northwind", "technology", "infrastructure", "messaging"], Example.PathTo("messaging"));
    }

    [Fact]
    public void ExampleCatalog_Rotations_CoverEveryShapeAndOneBusinessHoursWindow()
    {
        Assert.Equal(Enum.GetValues<RotationShape>().Order(), Example.Rotations.Select(r => r.Shape).Distinct().Order());
        var businessHours = Assert.Single(Example.Rotations, r => r.Coverage is not null);
        Assert.Equal(
            new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday },
            businessHours.Coverage!.Days);
        Assert.Equal((new TimeOnly(9, 0), new TimeOnly(17, 0)), (businessHours.Coverage.From, businessHours.Coverage.To));
        var payments = Assert.Single(Example.RotationsOf("payments"));
        Assert.Equal((TimeSpan.FromDays(7), DayOfWeek.Monday, new TimeOnly(9, 0), "Europe/Berlin", new DateOnly(2025, 1, 6)),
            (payments.Period, payments.HandoffDay, payments.HandoffTime, payments.TimeZone, payments.StartDate));
    }

    [Fact]
    public void ExampleCatalog_EscalationPolicy_IsMainThenBackupThenRepeatOnce()
    {
        var policy = Example.EscalationPolicies.Single(p => p.Id == "checkout-escalation");

        Assert.Equal(
            [new EscalationStep(EscalationTarget.RotationMain, "checkout-primary", TimeSpan.FromMinutes(30)),
             new EscalationStep(EscalationTarget.RotationBackup, "checkout-primary", TimeSpan.FromMinutes(30))],
            policy.Steps);
        Assert.Equal(1, policy.RepeatCount);
    }

    [Fact]
    public void ExampleCatalog_Priorities_AreTheBooksP1ToP3()
    {
        Assert.Equal(
            [(1, true, true, true, true, TimeSpan.FromHours(2)),
             (2, false, false, true, true, TimeSpan.FromHours(4)),
             (3, false, false, false, true, TimeSpan.FromHours(8))],
            Example.Priorities.Select(p => (p.Level, p.Hotfix, p.PostmortemRequired, p.ManagementNotified, p.StakeholdersNotified, p.StatusUpdateInterval!.Value)));
        Assert.Equal([1, 2, 3], Example.FindPriority(1)!.Rings);
    }

    [Fact]
    public void ExampleCatalog_Admins_AreResolvableMembers()
    {
        Assert.True(Example.IsAdmin("grace"));
        Assert.False(Example.IsAdmin("ana"));
    }

    [Fact]
    public void ExampleCatalog_MessagingPolicy_EndsInTheManagersChannel()
    {
        var last = Example.FindEscalationPolicy("messaging-escalation")!.Steps[^1];

        Assert.Equal(new EscalationStep(EscalationTarget.Destination, "console:infrastructure-managers", TimeSpan.FromHours(1)), last);
    }

    [Fact]
    public void ExampleCatalog_OutOfHours_EuropeGoesToPlatformAndAsiaToIdentity()
    {
        Assert.Equal(
            [new OutOfHoursRoute("eu-central-1", "platform-primary"), new OutOfHoursRoute("ap-northeast-1", "identity-primary")],
            Example.OutOfHoursRoutes);
    }

    [Fact]
    public void ExampleCatalog_BudgetPolicies_CoverPaymentsAndCheckoutWithEveryConditionKind()
    {
        var payments = Example.ErrorBudgetPolicyFor("payments");
        var checkout = Example.ErrorBudgetPolicyFor("checkout");

        Assert.NotNull(payments);
        Assert.NotNull(checkout);
        Assert.Equal(["exhausted", "consumed-70", "consumed-30-within-24h", "consumed-50-within-7d"], payments.Conditions.Select(c => c.Id));
        Assert.Equal(
            [BudgetConditionKind.Exhausted, BudgetConditionKind.Consumed, BudgetConditionKind.ConsumedWithin, BudgetConditionKind.ConsumedWithin],
            payments.Conditions.Select(c => c.Kind));
        Assert.Equal([2], payments.Rings);
        Assert.Equal(new DateOnly(2027, 3, 1), payments.ReviewOn);
        Assert.All(Example.ErrorBudgetPolicies, p => Assert.All(p.Rings, ring => Assert.Contains(Example.Rings, r => r.Number == ring)));
        Assert.All(Example.ErrorBudgetPolicies, p => Assert.All(p.Conditions, c => Assert.False(string.IsNullOrWhiteSpace(c.Consequence))));
    }

    [Fact]
    public void ExampleCatalog_RingsNamedByPolicies_HaveAGroupWithADestination()
    {
        Assert.Equal(["console:leadership"], Example.StakeholderGroups.Single(g => g.Id == "leadership").Destinations.Select(d => d.Key));
        foreach (var ring in Example.ErrorBudgetPolicies.SelectMany(p => p.Rings).Distinct())
        {
            var groups = Example.Rings.Single(r => r.Number == ring).GroupIds;
            Assert.Contains(Example.StakeholderGroups, g => groups.Contains(g.Id) && g.Destinations.Count > 0);
        }
    }

    [Fact]
    public void ExampleCatalog_SomeSlosDeclareASource_MostDoNot()
    {
        Assert.Equal(
            new SliDataSource.PrometheusQueries(
                """sum(rate(http_requests_total{job="cart",code=~"5.."}[{{.window}}]))""", null, """sum(rate(http_requests_total{job="cart"}[{{.window}}]))"""),
            Example.FindSlo("cart-requests-availability")?.Source);
        Assert.Equal(new SliDataSource.SlothRules("edge-gateway-requests-availability"), Example.FindSlo("edge-gateway-requests-availability")?.Source);
        Assert.Equal(new SliDataSource.PyrraRules("search-api-query-availability"), Example.FindSlo("search-api-query-availability")?.Source);
        Assert.True(Example.Slos.Count(s => s.Source is null) > Example.Slos.Count / 2);
        // Payments' SLOs read pushed counts (or estimate from breaches): nothing there needs Prometheus.
        Assert.All(Example.ServicesOf("payments").SelectMany(s => Example.SlosOf(s.Id)), s => Assert.Null(s.Source));
    }

    [Fact]
    public void ExampleCatalog_OpenSloFile_GivesUserProfileItsSlos()
    {
        var slos = Example.SlosOf("user-profile").ToList();

        Assert.Equal(["user-profile-reads-availability", "user-profile-updates-latency"], slos.Select(s => s.Id));
        Assert.All(slos, s => Assert.False(s.IsDefault));
        var reads = slos[0];
        Assert.Equal((SliKind.Availability, 0.995, SloWindow.Rolling28Days, (int?)2, "99.5% of profile reads succeed"), (reads.Sli, reads.Target, reads.Window, reads.Priority, reads.Description));
        Assert.Equal([new LabelMatcher("slo", MatchOperator.Equal, "user-profile-reads-availability")], reads.Matchers);
        Assert.Equal(
            new SliDataSource.PrometheusQueries(
                null,
                """sum(rate(http_requests_total{job="user-profile",method="GET",code!~"5.."}[{{.window}}]))""",
                """sum(rate(http_requests_total{job="user-profile",method="GET"}[{{.window}}]))"""),
            reads.Source);
        var updates = slos[1];
        Assert.Equal((SliKind.Latency, (TimeSpan?)TimeSpan.FromMilliseconds(500), 0.95, SloWindow.FourCalendarWeeks, (int?)3),
            (updates.Sli, updates.LatencyThreshold, updates.Target, updates.Window, updates.Priority));
        Assert.Equal(["service=\"user-profile\"", "slo=\"updates-latency\""], updates.Matchers.Select(m => m.ToString()));
    }

    [Fact]
    public void ExampleCatalog_IncidentRoles_GoToPlatformsRoleRotations_AndExpertsToTheTeamsOwn()
    {
        Assert.Equal(new RoleRotations("incident-coordinators", "incident-communicators", null), Example.DefaultRoleRotations);
        Assert.Equal("incident-coordinators", Example.RoleRotationFor("payments", Bot.Core.Incidents.IncidentRole.Coordinator)?.Id);
        Assert.Equal("incident-communicators", Example.RoleRotationFor("search", Bot.Core.Incidents.IncidentRole.Communicator)?.Id);
        Assert.Equal("payments-primary", Example.RoleRotationFor("payments", Bot.Core.Incidents.IncidentRole.Expert)?.Id);
        Assert.Equal(["grace", "tomasz"], Example.FindRotation("incident-coordinators")!.Participants);
    }

    [Fact]
    public void ExampleCatalog_Services_BelongToTheProductsStakeholderGroupsAreCutBy()
    {
        Assert.Equal(
            [("payment-gateway", "payments"), ("ledger", "payments"), ("refunds", "payments"), ("checkout-api", "storefront"), ("cart", "storefront"),
             ("search-api", "storefront"), ("catalog-indexer", "storefront"), ("auth", "accounts"), ("user-profile", "accounts"),
             ("edge-gateway", null), ("notification-service", null)],
            Example.Services.Select(s => (s.Id, s.Product)));
        var products = Example.StakeholderGroups.SelectMany(g => g.Products).ToHashSet();
        Assert.All(Example.Services.Where(s => s.Product is not null), s => Assert.Contains(s.Product!, products));
    }

    [Fact]
    public void ExampleCatalog_BudgetPriority_IsOff()
    {
        Assert.Null(Example.BudgetPriority);
    }

    [Theory]
    // Monday 15:00 UTC is 10:00 in New York: Search is on duty.
    [InlineData("2025-03-03T15:00:00Z", "eu-central-1", "search", null)]
    // Monday 03:00 UTC is Sunday 22:00 in New York: Europe's breaches go to Platform, Asia's to Identity.
    [InlineData("2025-03-03T03:00:00Z", "eu-central-1", "platform", "search")]
    [InlineData("2025-03-03T03:00:00Z", "ap-northeast-1", "identity", "search")]
    // us-east-1 has no out-of-hours route: it waits for Search.
    [InlineData("2025-03-03T03:00:00Z", "us-east-1", "search", null)]
    public void ExampleCatalog_SearchBreach_GoesOutOfHoursToTheRegionsRotation(string at, string region, string team, string? outOfHoursFor)
    {
        var labels = new Dictionary<string, string> { ["alertname"] = "ErrorBudgetBurn", ["slo"] = "search-api-query-availability", ["region"] = region };
        var alert = new IncomingAlert("alertmanager", AlertFingerprint.Compute(labels), AlertStatus.Firing, labels, new Dictionary<string, string>(),
            DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), null, AlertLinks.None, false, null);

        var route = AlertRouter.Route(Example, alert, DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal((team, outOfHoursFor, "search-api"), (route.TeamId, route.OutOfHoursFor, route.ServiceId));
    }
}
