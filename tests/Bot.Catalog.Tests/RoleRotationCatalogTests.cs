using Bot.Core.Catalog;
using Bot.Core.Incidents;

namespace Bot.Catalog.Tests;

/// <summary><c>incidentRoles</c> (in <c>defaults</c> and on teams) and a service's <c>product</c>.</summary>
public sealed class RoleRotationCatalogTests
{
    /// <summary>Payments' rotation and a coordinators' rotation, lines 1–13.</summary>
    private const string Rotations = """
        rotations:
          - id: payments-primary
            team: payments
            shape: onePersonFixed
            timeZone: Europe/Berlin
            startDate: 2025-01-06
            participants: [ana]
          - id: coordinators
            team: payments
            shape: onePersonRotating
            timeZone: Europe/Berlin
            startDate: 2025-01-06
            participants: [ben, ana]
        """;

    private const string TeamWithOwnCommunicator = TempCatalog.Teams + """

            incidentRoles:
              communicator: payments-primary
              expert: coordinators
        """;

    [Fact]
    public void Load_DefaultsAndTeamRoleRotations_TheTeamsWin_AndExpertsFallBackToTheTeamsFirstRotation()
    {
        using var temp = new TempCatalog().With("org.yaml", TempCatalog.Org).With("teams.yaml", TeamWithOwnCommunicator).With("rotations.yaml", Rotations)
            .With("defaults.yaml", """
                defaults:
                  incidentRoles:
                    coordinator: coordinators
                    communicator: coordinators
                """);

        var catalog = temp.Catalog();

        Assert.Equal(new RoleRotations("coordinators", "coordinators", null), catalog.DefaultRoleRotations);
        Assert.Equal(new RoleRotations(null, "payments-primary", "coordinators"), catalog.FindTeam("payments")!.IncidentRoles);
        Assert.Equal("coordinators", catalog.RoleRotationFor("payments", IncidentRole.Coordinator)?.Id);
        Assert.Equal("payments-primary", catalog.RoleRotationFor("payments", IncidentRole.Communicator)?.Id);
        Assert.Equal("coordinators", catalog.RoleRotationFor("payments", IncidentRole.Expert)?.Id);
        // An unrouted incident has only the defaults.
        Assert.Equal("coordinators", catalog.RoleRotationFor(null, IncidentRole.Communicator)?.Id);
        Assert.Null(catalog.RoleRotationFor(null, IncidentRole.Expert));
    }

    [Fact]
    public void Load_NoIncidentRoles_ExpertsAreTheTeamsFirstRotationAndNothingElseHasOne()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("rotations.yaml", Rotations);

        var catalog = temp.Catalog();

        Assert.Equal(RoleRotations.None, catalog.DefaultRoleRotations);
        Assert.Null(catalog.RoleRotationFor("payments", IncidentRole.Coordinator));
        Assert.Equal("payments-primary", catalog.RoleRotationFor("payments", IncidentRole.Expert)?.Id);
    }

    [Fact]
    public void Load_UnknownRoleRotationsAndKeys_ReportEachAtItsLine()
    {
        using var temp = new TempCatalog().With("org.yaml", TempCatalog.Org).With("rotations.yaml", Rotations)
            .With("teams.yaml", TempCatalog.Teams + """

                    incidentRoles:
                      coordinator: payments-nights
                      scribe: coordinators
                """)
            .With("defaults.yaml", """
                defaults:
                  incidentRoles:
                    coordinator: incident-coordinators
                """)
            .With("more-defaults.yaml", """
                defaults:
                  incidentRoles:
                    communicator: coordinators
                """);

        Assert.Equal(
            [
                "manifests/catalog/defaults.yaml:3: defaults.incidentRoles.coordinator: unknown rotation 'incident-coordinators'",
                "manifests/catalog/more-defaults.yaml:3: defaults.incidentRoles is declared twice; first at manifests/catalog/defaults.yaml:3",
                "manifests/catalog/teams.yaml:16: team 'payments': incidentRoles.coordinator: unknown rotation 'payments-nights'",
                "manifests/catalog/teams.yaml:17: team 'payments': unknown key 'incidentRoles.scribe'; allowed: coordinator, communicator, expert",
            ],
            temp.Errors());
    }

    [Fact]
    public void Load_ServiceProduct_IsTheServicesProduct_AbsentIsNone()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("services.yaml", """
            services:
              - id: checkout
                team: payments
                product: storefront
              - id: ledger
                team: payments
            """);

        var catalog = temp.Catalog();

        Assert.Equal("storefront", catalog.FindService("checkout")!.Product);
        Assert.Null(catalog.FindService("ledger")!.Product);
    }

    [Fact]
    public void Load_ServiceProductNotASingleValue_IsAnError()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("services.yaml", """
            services:
              - id: checkout
                team: payments
                product: [storefront, payments]
            """);

        Assert.Equal(["manifests/catalog/services.yaml:4: service 'checkout': 'product' must be a single value, not a list"], temp.Errors());
    }
}
