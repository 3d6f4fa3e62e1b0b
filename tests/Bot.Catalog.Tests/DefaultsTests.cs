using Bot.Core.Catalog;

namespace Bot.Catalog.Tests;

/// <summary>Default SLOs and priorities, SLO ids, and the org-tree levels that may be skipped.</summary>
public sealed class DefaultsTests
{
    private const string Services = """
        services:
          - id: ledger
            team: payments
          - id: refunds
            team: payments
            slos:
              - name: requests-availability
                sli: availability
                target: 0.999
              - id: refunds-fast
                name: requests-latency
                sli: latency
                target: 0.95
                threshold: 1s
                window: 4w
        """;

    [Fact]
    public void Load_NoDefaultsDeclared_AppliesTheBuiltInSlosAndPriorities()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("services.yaml", Services);

        var catalog = temp.Catalog();

        Assert.Equal(
            [("ledger-availability", SliKind.Availability, 0.90, (TimeSpan?)null), ("ledger-latency", SliKind.Latency, 0.80, TimeSpan.FromMilliseconds(1000))],
            catalog.SlosOf("ledger").Select(s => (s.Id, s.Sli, s.Target, s.LatencyThreshold)));
        Assert.All(catalog.SlosOf("ledger"), s => Assert.Equal((true, SloWindow.Rolling28Days), (s.IsDefault, s.Window)));
        Assert.Equal(
            [(1, true, true, TimeSpan.FromHours(2)), (2, false, true, TimeSpan.FromHours(4)), (3, false, false, TimeSpan.FromHours(8))],
            catalog.Priorities.Select(p => (p.Level, p.PostmortemRequired, p.ManagementNotified, p.StatusUpdateInterval!.Value)));
    }

    [Fact]
    public void Load_ServiceDeclaringSlos_GetsNoDefaultsAndIdsDefaultToServiceDashName()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("services.yaml", Services);

        var slos = temp.Catalog().SlosOf("refunds").ToList();

        Assert.Equal(["refunds-requests-availability", "refunds-fast"], slos.Select(s => s.Id));
        Assert.All(slos, s => Assert.False(s.IsDefault));
        Assert.Equal(new SloWindow(SloWindowKind.Rolling, 28), slos[1].Window);
        Assert.Equal("requests-latency", slos[1].Name);
    }

    [Fact]
    public void Load_DeclaredDefaults_ReplaceTheBuiltInOnes()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("services.yaml", Services).With("defaults.yaml", """
            defaults:
              slos:
                - name: errors
                  sli: availability
                  target: 95%
                  window: 4w-calendar
                  priority: P3
            """);

        var slo = Assert.Single(temp.Catalog().SlosOf("ledger"));

        Assert.Equal(("ledger-errors", 0.95, SloWindow.FourCalendarWeeks, (int?)3, true), (slo.Id, slo.Target, slo.Window, slo.Priority, slo.IsDefault));
    }

    [Fact]
    public void Load_DefaultSlosDeclaredEmpty_GeneratesNone()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("services.yaml", Services).With("defaults.yaml", """
            defaults:
              slos: []
            """);

        Assert.Empty(temp.Catalog().SlosOf("ledger"));
    }

    [Fact]
    public void Load_DeclaredPriorities_ReplaceTheBuiltInOnesAndMakeP4Valid()
    {
        using var temp = TempCatalog.WithOrgAndTeam()
            .With("services.yaml", Services.Replace("target: 0.999", "target: 0.999\n        priority: P4", StringComparison.Ordinal))
            .With("defaults.yaml", """
                defaults:
                  priorities:
                    - id: P4
                      name: Low
                      statusUpdateInterval: 1d
                """);

        var catalog = temp.Catalog();

        var p4 = Assert.Single(catalog.Priorities);
        Assert.Equal((4, "Low", TimeSpan.FromDays(1), false), (p4.Level, p4.Name, p4.StatusUpdateInterval!.Value, p4.StakeholdersNotified));
        Assert.Equal(4, catalog.FindSlo("refunds-requests-availability")?.Priority);
    }

    [Fact]
    public void Load_TeamAndDomainDirectlyUnderTheOrg_IsAllowed()
    {
        using var temp = TempCatalog.WithOrgAndTeam()
            .With("org.yaml", """
                org:
                  - id: acme
                    name: Acme
                    kind: org
                  - id: shop
                    name: Shop
                    kind: domain
                    parent: acme
                """)
            .With("teams/extra.yaml", """
                teams:
                  - id: sre
                    name: SRE
                    parent: acme
                    destinations:
                      console: sre-slo-breaches
                """);

        var catalog = temp.Catalog();

        Assert.Equal(["acme", "sre"], catalog.PathTo("sre"));
        Assert.Equal(["acme", "shop", "payments"], catalog.PathTo("payments"));
    }

    [Fact]
    public void Load_EmptyFileAndYmlExtension_AreAccepted()
    {
        using var temp = new TempCatalog()
            .With("org.yml", TempCatalog.Org)
            .With("teams/payments.yaml", TempCatalog.Teams)
            .With("empty.yaml", "# nothing here yet")
            .With(".scratch.yaml", "this: is ignored");

        Assert.NotNull(temp.Catalog().FindTeam("payments"));
    }
}
