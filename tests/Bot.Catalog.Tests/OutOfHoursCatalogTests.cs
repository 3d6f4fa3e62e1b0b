using Bot.Core.Catalog;

namespace Bot.Catalog.Tests;

/// <summary>The <c>outOfHours</c> section: which rotation takes a region's alerts while the owning team is off duty.</summary>
public sealed class OutOfHoursCatalogTests
{
    /// <summary>Payments' rotation, lines 1–7.</summary>
    private const string Rotation = """
        rotations:
          - id: payments-primary
            team: payments
            shape: onePersonFixed
            timeZone: Europe/Berlin
            startDate: 2025-01-06
            participants: [ana]
        """;

    [Fact]
    public void Load_OutOfHoursRoutes_AreInTheCatalogByRegion()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("rotations.yaml", Rotation).With("out-of-hours.yaml", """
            outOfHours:
              - region: eu-west-1
                rotation: payments-primary
              - region: us-east-1
                rotation: payments-primary
            """);

        var catalog = temp.Catalog();

        Assert.Equal([new OutOfHoursRoute("eu-west-1", "payments-primary"), new OutOfHoursRoute("us-east-1", "payments-primary")], catalog.OutOfHoursRoutes);
        Assert.Equal("payments-primary", catalog.OutOfHoursRouteFor("us-east-1")?.RotationId);
        // Regions are label values: compared exactly, as Prometheus does.
        Assert.Null(catalog.OutOfHoursRouteFor("EU-WEST-1"));
        Assert.Null(catalog.OutOfHoursRouteFor(null));
    }

    [Fact]
    public void Load_NoOutOfHoursSection_HasNoRoutes()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("rotations.yaml", Rotation);

        Assert.Empty(temp.Catalog().OutOfHoursRoutes);
    }

    [Fact]
    public void Load_OutOfHoursRotationWithACoverageWindowOfItsOwn_IsAllowed()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("rotations.yaml", Rotation + """

                coverage:
                  days: [saturday, sunday]
                  from: "08:00"
                  to: "20:00"
            outOfHours:
              - region: eu-west-1
                rotation: payments-primary
            """);

        var catalog = temp.Catalog();

        Assert.NotNull(catalog.FindRotation("payments-primary")?.Coverage);
        Assert.Single(catalog.OutOfHoursRoutes);
    }

    [Fact]
    public void Load_BrokenOutOfHoursRoutes_ReportEachAtItsLine()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("rotations.yaml", Rotation + """

            outOfHours:
              - region: eu-west-1
                rotation: payments-primary
              - region: eu-west-1
                rotation: payments-primary
              - region: us-east-1
                rotation: payments-nights
              - rotation: payments-primary
              - region: ""
                rotation: payments-primary
              - region: ap-south-1
                team: payments
            """);

        Assert.Equal(
            [
                "manifests/catalog/rotations.yaml:11: out-of-hours route 'eu-west-1': duplicate region, first declared at manifests/catalog/rotations.yaml:9",
                "manifests/catalog/rotations.yaml:14: out-of-hours route 'us-east-1': unknown rotation 'payments-nights'",
                "manifests/catalog/rotations.yaml:15: out-of-hours route: missing required field 'region'",
                "manifests/catalog/rotations.yaml:16: out-of-hours route: missing required field 'region'",
                "manifests/catalog/rotations.yaml:18: out-of-hours route 'ap-south-1': missing required field 'rotation'",
                "manifests/catalog/rotations.yaml:19: out-of-hours route 'ap-south-1': unknown key 'team'; allowed: region, rotation",
            ],
            temp.Errors());
    }

    [Fact]
    public void Load_RegionRoutedInTwoFiles_ReportsTheSecondAgainstTheFirst()
    {
        using var temp = TempCatalog.WithOrgAndTeam()
            .With("rotations.yaml", Rotation)
            .With("out-of-hours/emea.yaml", """
                outOfHours:
                  - region: eu-west-1
                    rotation: payments-primary
                """)
            .With("out-of-hours/more.yaml", """
                # Copied from emea.yaml by mistake.
                outOfHours:
                  - region: eu-west-1
                    rotation: payments-primary
                """);

        Assert.Equal(
            ["manifests/catalog/out-of-hours/more.yaml:3: out-of-hours route 'eu-west-1': duplicate region, first declared at manifests/catalog/out-of-hours/emea.yaml:2"],
            temp.Errors());
    }

    [Fact]
    public void Load_OutOfHoursNotAList_IsAnError()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("rotations.yaml", Rotation + """

            outOfHours:
              region: eu-west-1
            """);

        Assert.Equal(["manifests/catalog/rotations.yaml:9: 'outOfHours' must be a list, not a mapping"], temp.Errors());
    }
}
