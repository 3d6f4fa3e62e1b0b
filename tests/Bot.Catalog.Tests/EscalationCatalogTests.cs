using Bot.Core.Catalog;

namespace Bot.Catalog.Tests;

/// <summary>Escalation steps to a chat destination, the default policy of a rotation that names none, and which policy a team's incidents follow.</summary>
public sealed class EscalationCatalogTests
{
    private const string DestinationHint =
        "a destination key is slack:<channel id>, msteams:<19:…@thread.tacv2> or console:<channel name>; to page a person use notify: member";

    /// <summary>Rotation payments-primary (main and backup) and a policy whose first step notifies <paramref name="destination"/> (line 13).</summary>
    private static string PolicyNotifying(string destination) => $"""
        rotations:
          - id: payments-primary
            team: payments
            shape: mainBackupSwap
            timeZone: Europe/Berlin
            startDate: 2025-01-06
            participants: [ana, ben]
        escalationPolicies:
          - id: payments-escalation
            team: payments
            steps:
              - notify: destination
                destination: {destination}
                ackTimeout: 1h
        """;

    [Fact]
    public void Load_DestinationSteps_KeepTheDestinationKeyAsTarget()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("rotations.yaml", PolicyNotifying("slack:C0MANAGERS") + """

                  - notify: destination
                    destination: "msteams:19:b2e4d3c5f6a74e8b@thread.tacv2"
                    ackTimeout: 1h
                  - notify: destination
                    destination: console:payments-managers
                    ackTimeout: 2h
            """);

        var policy = temp.Catalog().FindEscalationPolicy("payments-escalation");

        Assert.Equal(
            [
                new EscalationStep(EscalationTarget.Destination, "slack:C0MANAGERS", TimeSpan.FromHours(1)),
                new EscalationStep(EscalationTarget.Destination, "msteams:19:b2e4d3c5f6a74e8b@thread.tacv2", TimeSpan.FromHours(1)),
                new EscalationStep(EscalationTarget.Destination, "console:payments-managers", TimeSpan.FromHours(2)),
            ],
            policy?.Steps);
    }

    [Theory]
    [InlineData("teams:C0MANAGERS")]
    [InlineData("C0MANAGERS")]
    [InlineData("\"slack:\"")]
    [InlineData("slack:managers")]
    [InlineData("\"slack:dm:U0ANA00001\"")]
    [InlineData("\"msteams:19:managers\"")]
    [InlineData("console:Payments-Managers")]
    public void Load_DestinationKeyOfUnknownShape_ReportsTheKeyAtItsLine(string destination)
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("rotations.yaml", PolicyNotifying(destination));

        Assert.Equal(
            [$"manifests/catalog/rotations.yaml:13: escalation policy 'payments-escalation': step 1 has invalid destination '{destination.Trim('"')}'; {DestinationHint}"],
            temp.Errors());
    }

    [Fact]
    public void Load_DestinationStepWithoutDestination_OrDestinationOnAnotherStep_IsAnError()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("rotations.yaml", """
            rotations:
              - id: payments-primary
                team: payments
                shape: mainBackupSwap
                timeZone: Europe/Berlin
                startDate: 2025-01-06
                participants: [ana, ben]
            escalationPolicies:
              - id: payments-escalation
                team: payments
                steps:
                  - notify: destination
                    ackTimeout: 1h
                  - notify: member
                    member: ana
                    destination: slack:C0MANAGERS
                    ackTimeout: 1h
            """);

        Assert.Equal(
            [
                "manifests/catalog/rotations.yaml:12: escalation policy 'payments-escalation': step 1: missing required field 'destination'",
                "manifests/catalog/rotations.yaml:16: escalation policy 'payments-escalation': step 2: 'destination' does not apply to notify: member",
            ],
            temp.Errors());
    }

    [Theory]
    [InlineData("mainBackupSwap", "[ana, ben]", new[] { EscalationTarget.RotationMain, EscalationTarget.RotationBackup })]
    [InlineData("onePersonRotating", "[ana, ben]", new[] { EscalationTarget.RotationMain })]
    [InlineData("onePersonFixed", "[ana]", new[] { EscalationTarget.RotationMain })]
    public void Load_RotationWithoutPolicy_GetsTheBooksDefault_MainThenBackupRepeatedOnce(string shape, string participants, EscalationTarget[] targets)
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("rotations.yaml", $"""
            rotations:
              - id: payments-primary
                name: Payments primary
                team: payments
                shape: {shape}
                timeZone: Europe/Berlin
                startDate: 2025-01-06
                participants: {participants}
            """);

        var catalog = temp.Catalog();

        var rotation = Assert.Single(catalog.Rotations);
        Assert.Equal("payments-primary-default", rotation.EscalationPolicyId);
        var policy = Assert.Single(catalog.EscalationPolicies);
        Assert.Equal(("payments-primary-default", "Payments primary (default)", "payments", 1, true), (policy.Id, policy.Name, policy.TeamId, policy.RepeatCount, policy.IsDefault));
        Assert.Equal([.. targets.Select(t => new EscalationStep(t, "payments-primary", TimeSpan.FromMinutes(15)))], policy.Steps);
        Assert.Same(policy, catalog.EscalationPolicyFor("payments"));
    }

    [Fact]
    public void Load_RotationNamingAPolicy_GetsNoDefault()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("rotations.yaml", PolicyNotifying("slack:C0MANAGERS").Replace(
            "participants: [ana, ben]", "participants: [ana, ben]\n    escalationPolicy: payments-escalation", StringComparison.Ordinal));

        var catalog = temp.Catalog();

        Assert.Equal(["payments-escalation"], catalog.EscalationPolicies.Select(p => p.Id));
        Assert.False(catalog.EscalationPolicies[0].IsDefault);
    }

    [Fact]
    public void Load_DeclaredPolicyHoldingTheDefaultsId_IsReportedOnTheRotation()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("rotations.yaml", PolicyNotifying("slack:C0MANAGERS").Replace(
            "id: payments-escalation", "id: payments-primary-default", StringComparison.Ordinal));

        Assert.Equal(
            ["manifests/catalog/rotations.yaml:2: rotation 'payments-primary': names no escalationPolicy, so it gets the default policy 'payments-primary-default', " +
             "but that id is declared at manifests/catalog/rotations.yaml:9; name that policy in escalationPolicy, or give it another id"],
            temp.Errors());
    }

    /// <summary>Payments has two rotations (<paramref name="first"/> declared first); checkout has a policy but no rotation; search has neither.</summary>
    private static ServiceCatalog TwoRotations(string first)
    {
        const string Primary = """
              - id: payments-primary
                team: payments
                shape: mainBackupSwap
                timeZone: Europe/Berlin
                startDate: 2025-01-06
                participants: [ana, ben]
                escalationPolicy: payments-escalation
            """;
        const string Coordinators = """
              - id: payments-coordinators
                team: payments
                shape: onePersonRotating
                period: 14d
                timeZone: Europe/Berlin
                startDate: 2025-01-06
                participants: [ben, ana]
            """;
        using var temp = TempCatalog.WithOrgAndTeam()
            .With("rotations.yaml", $"""
                rotations:
                {(first == "payments-primary" ? Primary + "\n" + Coordinators : Coordinators + "\n" + Primary)}
                escalationPolicies:
                  - id: payments-escalation
                    team: payments
                    steps:
                      - notify: rotationMain
                        rotation: payments-primary
                        ackTimeout: 15m
                  - id: checkout-escalation
                    team: checkout
                    steps:
                      - notify: team
                        ackTimeout: 30m
                """)
            .With("more-teams.yaml", """
                teams:
                  - id: checkout
                    name: Checkout
                    parent: shop
                    destinations:
                      console: checkout-slo-breaches
                  - id: search
                    name: Search
                    parent: shop
                    destinations:
                      console: search-slo-breaches
                """);
        return temp.Catalog();
    }

    [Theory]
    [InlineData("payments-primary", "payments-escalation")]
    [InlineData("payments-coordinators", "payments-coordinators-default")]
    public void EscalationPolicyFor_TeamWithTwoRotations_IsThePolicyOfTheFirstDeclared(string first, string expected)
    {
        var catalog = TwoRotations(first);

        Assert.Equal(expected, catalog.EscalationPolicyFor("payments")?.Id);
        // The other rotation keeps its own policy.
        Assert.Equal(
            ["payments-escalation", "payments-coordinators-default"],
            new[] { "payments-primary", "payments-coordinators" }.Select(id => catalog.EscalationPolicyOf(catalog.FindRotation(id)!).Id));
    }

    [Fact]
    public void EscalationPolicyFor_TeamWithoutRotation_IsItsDeclaredPolicy_ElseNone()
    {
        var catalog = TwoRotations("payments-primary");

        Assert.Equal("checkout-escalation", catalog.EscalationPolicyFor("checkout")?.Id);
        Assert.Null(catalog.EscalationPolicyFor("search"));
        Assert.Null(catalog.EscalationPolicyFor("nobody"));
    }

    [Fact]
    public void EscalationPolicyOf_RotationOfACatalogBuiltInCode_IsItsDefault()
    {
        var rotation = new Rotation("swap", "Swap", "payments", RotationShape.MainBackupSwap, TimeSpan.FromDays(7), DayOfWeek.Monday, new TimeOnly(9, 0),
            "Europe/Berlin", new DateOnly(2025, 1, 6), ["ana", "ben"], null, EscalationPolicyId: null);
        var catalog = new ServiceCatalog([], [], [], [], [rotation], [], [], [], [], []);

        var policy = catalog.EscalationPolicyOf(rotation);

        Assert.Equal(("swap-default", true), (policy.Id, policy.IsDefault));
        Assert.Equal([EscalationTarget.RotationMain, EscalationTarget.RotationBackup], policy.Steps.Select(s => s.Target));
        Assert.Equal("swap-default", catalog.EscalationPolicyFor("payments")?.Id);
    }
}

public sealed class CoverageWindowTests
{
    [Theory]
    [InlineData(new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday }, "09:00", "17:00", "Mon–Fri 09:00–17:00")]
    [InlineData(new[] { DayOfWeek.Saturday, DayOfWeek.Friday }, "22:00", "06:00", "Fri, Sat 22:00–06:00")]
    [InlineData(new[] { DayOfWeek.Friday, DayOfWeek.Wednesday, DayOfWeek.Monday }, "08:30", "12:00", "Mon, Wed, Fri 08:30–12:00")]
    [InlineData(new[] { DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Saturday, DayOfWeek.Sunday }, "07:00", "19:00", "Mon–Wed, Sat, Sun 07:00–19:00")]
    [InlineData(new[] { DayOfWeek.Sunday, DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday }, "08:00", "20:00", "daily 08:00–20:00")]
    public void Describe_Window_ReadsAsPeopleWriteIt(DayOfWeek[] days, string from, string to, string expected) =>
        Assert.Equal(expected, new CoverageWindow(days, TimeOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), TimeOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)).Describe());
}
