using Bot.Core.Incidents;
using Bot.Core.Routing;
using Bot.Core.Tests.Support;

namespace Bot.Core.Tests.Routing;

public sealed class AlertRouterTests
{
    private readonly Catalog.ServiceCatalog _catalog = TestCatalog.Create();

    [Fact]
    public void Route_CatalogMatchersMatch_UsesThatSlo()
    {
        var route = AlertRouter.Route(_catalog, TestAlerts.Firing(("alertname", "CheckoutSlowRequests"), ("team", "search")));

        Assert.Equal(("payments", "checkout", "checkout-latency"), (route.TeamId, route.ServiceId, route.SloId));
        Assert.Equal("catalog matchers of SLO 'checkout-latency'", route.MatchedBy);
    }

    [Fact]
    public void Route_SlothId_FindsSlo()
    {
        var route = AlertRouter.Route(_catalog, TestAlerts.Firing(("alertname", "X"), ("sloth_id", "checkout-requests-availability")));

        Assert.Equal("checkout-requests-availability", route.SloId);
        Assert.Equal("payments", route.TeamId);
    }

    [Fact]
    public void Route_SlothServiceAndSlo_FindsSlo()
    {
        var route = AlertRouter.Route(_catalog, TestAlerts.Firing(("alertname", "X"), ("sloth_service", "search-api"), ("sloth_slo", "queries")));

        Assert.Equal(("search", "search-api-queries"), (route.TeamId, route.SloId));
    }

    [Theory]
    [InlineData("search-api-queries")]
    [InlineData("queries")]
    public void Route_PyrraSloLabel_FindsSloByIdOrUniqueName(string slo)
    {
        var route = AlertRouter.Route(_catalog, TestAlerts.Firing(("alertname", "ErrorBudgetBurn"), ("slo", slo)));

        Assert.Equal("search-api-queries", route.SloId);
    }

    [Fact]
    public void Route_ServiceLabelOnly_RoutesToOwningTeamWithoutSlo()
    {
        var route = AlertRouter.Route(_catalog, TestAlerts.Firing(("alertname", "X"), ("service", "ledger"), ("team", "search")));

        Assert.Equal(("payments", "ledger", (string?)null), (route.TeamId, route.ServiceId, route.SloId));
    }

    [Theory]
    [InlineData("team")]
    [InlineData("owner")]
    public void Route_TeamOrOwnerLabel_RoutesToTeam(string label)
    {
        var route = AlertRouter.Route(_catalog, TestAlerts.Firing(("alertname", "X"), (label, "search")));

        Assert.Equal("search", route.TeamId);
        Assert.True(route.IsRouted);
    }

    [Fact]
    public void Route_NothingMatches_IsUnroutedWithReasonNamingLabels()
    {
        var route = AlertRouter.Route(_catalog, TestAlerts.Firing(("alertname", "X"), ("team", "growth"), ("service", "feed")));

        Assert.False(route.IsRouted);
        Assert.Equal("no catalog SLO matchers matched and no catalog SLO, service or team is named by service=\"feed\", team=\"growth\"", route.UnroutedReason);
    }

    [Fact]
    public void Route_EnvironmentAndRegionLabels_AreCarried()
    {
        var route = AlertRouter.Route(_catalog, TestAlerts.Firing(("alertname", "X"), ("team", "search"), ("env", "staging"), ("region", "eu-west-1")));

        Assert.Equal(("staging", "eu-west-1"), (route.Environment, route.Region));
    }

    [Theory]
    [InlineData("sloth_severity", "page", IncidentSeverity.Critical)]
    [InlineData("sloth_severity", "ticket", IncidentSeverity.Warning)]
    [InlineData("severity", "critical", IncidentSeverity.Critical)]
    [InlineData("severity", "warning", IncidentSeverity.Warning)]
    [InlineData("severity", "error", IncidentSeverity.Error)]
    [InlineData("grafana_slo_severity", "warning", IncidentSeverity.Warning)]
    [InlineData("other", "x", IncidentSeverity.Critical)]
    public void SeverityOf_Labels_MapsToSeverity(string label, string value, IncidentSeverity expected) =>
        Assert.Equal(expected, AlertRouter.SeverityOf(TestAlerts.Firing(("alertname", "X"), (label, value))));

    [Fact]
    public void SeverityOf_MissingData_IsWarning() =>
        Assert.Equal(IncidentSeverity.Warning, AlertRouter.SeverityOf(TestAlerts.Firing(("alertname", "DatasourceNoData"), ("severity", "critical")) with { MissingData = true }));
}

public sealed class LabelMatcherTests
{
    [Fact]
    public void Equals_SameRegexMatcher_IsEqual() =>
        Assert.Equal(new Catalog.LabelMatcher("severity", Catalog.MatchOperator.Regex, "critical|warning"), new Catalog.LabelMatcher("severity", Catalog.MatchOperator.Regex, "critical|warning"));

    [Theory]
    [InlineData(Catalog.MatchOperator.Equal, "page", "page", true)]
    [InlineData(Catalog.MatchOperator.NotEqual, "page", "ticket", true)]
    [InlineData(Catalog.MatchOperator.Regex, "crit.*", "critical", true)]
    [InlineData(Catalog.MatchOperator.Regex, "crit", "critical", false)]
    [InlineData(Catalog.MatchOperator.NotRegex, "crit.*", "warning", true)]
    public void Matches_Operator_AnchorsLikePrometheus(Catalog.MatchOperator op, string value, string actual, bool expected) =>
        Assert.Equal(expected, new Catalog.LabelMatcher("severity", op, value).Matches(new Dictionary<string, string> { ["severity"] = actual }));
}
