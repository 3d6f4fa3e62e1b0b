using Bot.Core.Catalog;

namespace Bot.Catalog.Tests;

/// <summary>Error budget policies (book ch. 10), stakeholder group destinations and <c>defaults.budgetPriority</c> (book Tables 9.5/9.6).</summary>
public sealed class BudgetPolicyCatalogTests
{
    private const string Stakeholders = """
        stakeholderGroups:
          - id: leadership
            name: Leadership
            destinations:
              console: leadership
              slack: C0LEADERS1
          - id: sales
            name: Sales
        rings:
          - number: 1
            name: Leadership
            groups: [leadership]
          - number: 2
            name: Sales
            groups: [sales]
        """;

    /// <summary>A policy of team payments whose conditions start at line 9, each two lines.</summary>
    private static string Policy(string conditions, string team = "payments", string rings = "[2]") => $"""
        errorBudgetPolicies:
          - id: payments-budget-policy
            team: {team}
            rings: {rings}
            agreedBy: Payments ops, developers and product owner, 2026-09-01
            escalateTo: Head of Engineering, Money Movement
            reviewOn: 2027-03-01
            conditions:
        {string.Join("\n", conditions.Split('\n').Select(line => "      " + line))}
        """;

    private static TempCatalog WithPolicies(string policies) =>
        TempCatalog.WithOrgAndTeam().With("stakeholders.yaml", Stakeholders).With("policies.yaml", policies);

    [Fact]
    public void Load_Policy_ReadsEveryPartAndDerivesConditionIds()
    {
        using var temp = WithPolicies(Policy("""
            - when: exhausted
              consequence: Freeze feature releases.
            - when: consumed 70%
              consequence: Half the team on reliability.
            - when: consumed 30% within 24h
              consequence: Postmortem within 3 days.
            - when: Consumed 12.5% within 7d
              consequence: Action item first in the backlog.
            - when: consumed 5% within 1h
              consequence: Page the manager.
            """));

        var catalog = temp.Catalog();

        var policy = Assert.Single(catalog.ErrorBudgetPolicies);
        Assert.Same(policy, catalog.ErrorBudgetPolicyFor("payments"));
        Assert.Equal(
            ("payments-budget-policy", "payments", 2, "Payments ops, developers and product owner, 2026-09-01", "Head of Engineering, Money Movement", new DateOnly(2027, 3, 1)),
            (policy.Id, policy.TeamId, Assert.Single(policy.Rings), policy.AgreedBy, policy.EscalateTo, policy.ReviewOn));
        Assert.Equal(
            [
                new BudgetCondition("exhausted", BudgetConditionKind.Exhausted, 1.0, null, "Freeze feature releases."),
                new BudgetCondition("consumed-70", BudgetConditionKind.Consumed, 0.7, null, "Half the team on reliability."),
                new BudgetCondition("consumed-30-within-24h", BudgetConditionKind.ConsumedWithin, 0.3, TimeSpan.FromHours(24), "Postmortem within 3 days."),
                new BudgetCondition("consumed-12.5-within-7d", BudgetConditionKind.ConsumedWithin, 0.125, TimeSpan.FromDays(7), "Action item first in the backlog."),
                new BudgetCondition("consumed-5-within-1h", BudgetConditionKind.ConsumedWithin, 0.05, TimeSpan.FromHours(1), "Page the manager."),
            ],
            policy.Conditions);
    }

    [Fact]
    public void Load_NoPolicies_LeavesEveryTeamWithoutOne()
    {
        using var temp = TempCatalog.WithOrgAndTeam();

        var catalog = temp.Catalog();

        Assert.Empty(catalog.ErrorBudgetPolicies);
        Assert.Null(catalog.ErrorBudgetPolicyFor("payments"));
    }

    [Fact]
    public void Load_PolicyWithOnlyRequiredParts_HasNoRingsAgreementOrReview()
    {
        using var temp = WithPolicies("""
            errorBudgetPolicies:
              - id: minimal
                team: payments
                conditions:
                  - when: exhausted
                    consequence: Stop.
            """);

        var policy = Assert.Single(temp.Catalog().ErrorBudgetPolicies);

        Assert.Equal((0, null, null, (DateOnly?)null), (policy.Rings.Count, policy.AgreedBy, policy.EscalateTo, policy.ReviewOn));
    }

    [Theory]
    [InlineData("- when: consumd 70%\n  consequence: x",
        "manifests/catalog/policies.yaml:9: error budget policy 'payments-budget-policy': condition 1 has invalid when 'consumd 70%'; use exhausted, consumed <n>%, or consumed <n>% within 1h, 6h, 24h or 7d")]
    [InlineData("- when: consumed 70\n  consequence: x",
        "manifests/catalog/policies.yaml:9: error budget policy 'payments-budget-policy': condition 1 has invalid when 'consumed 70'; use exhausted, consumed <n>%, or consumed <n>% within 1h, 6h, 24h or 7d")]
    [InlineData("- when: consumed 30% within 2d\n  consequence: x",
        "manifests/catalog/policies.yaml:9: error budget policy 'payments-budget-policy': condition 1 has invalid when 'consumed 30% within 2d'; within must be one of 1h, 6h, 24h, 7d (the burn windows the bot reads)")]
    [InlineData("- when: consumed 0%\n  consequence: x",
        "manifests/catalog/policies.yaml:9: error budget policy 'payments-budget-policy': condition 1 has invalid when 'consumed 0%'; the share consumed must be above 0% and at most 100%")]
    [InlineData("- when: consumed 120% within 7d\n  consequence: x",
        "manifests/catalog/policies.yaml:9: error budget policy 'payments-budget-policy': condition 1 has invalid when 'consumed 120% within 7d'; the share consumed must be above 0% and at most 100%")]
    [InlineData("- when: exhausted",
        "manifests/catalog/policies.yaml:9: error budget policy 'payments-budget-policy': condition 1: missing required field 'consequence'")]
    [InlineData("- consequence: x",
        "manifests/catalog/policies.yaml:9: error budget policy 'payments-budget-policy': condition 1: missing required field 'when'")]
    [InlineData("- when: exhausted\n  consequence: x\n  notify: team",
        "manifests/catalog/policies.yaml:11: error budget policy 'payments-budget-policy': condition 1: unknown key 'notify'; allowed: when, consequence")]
    [InlineData("- when: consumed 70%\n  consequence: x\n- when: consumed 70.0%\n  consequence: y",
        "manifests/catalog/policies.yaml:11: error budget policy 'payments-budget-policy': condition 2: duplicate condition 'consumed-70', first declared at manifests/catalog/policies.yaml:9")]
    public void Load_InvalidCondition_ReportsItAtItsLine(string conditions, string error)
    {
        using var temp = WithPolicies(Policy(conditions));

        Assert.Equal([error], temp.Errors());
    }

    [Fact]
    public void Load_PolicyOfUnknownTeamWithUnknownRingAndBadDate_ReportsEach()
    {
        using var temp = WithPolicies(Policy("- when: exhausted\n  consequence: x", team: "paymnets", rings: "[2, 5]").Replace("2027-03-01", "01.03.2027", StringComparison.Ordinal));

        Assert.Equal(
            [
                "manifests/catalog/policies.yaml:3: error budget policy 'payments-budget-policy': unknown team 'paymnets'",
                "manifests/catalog/policies.yaml:4: error budget policy 'payments-budget-policy': unknown ring 5",
                "manifests/catalog/policies.yaml:7: error budget policy 'payments-budget-policy' has invalid reviewOn '01.03.2027'; use yyyy-MM-dd",
            ],
            temp.Errors());
    }

    [Fact]
    public void Load_TwoPoliciesForOneTeam_ReportsTheSecondAgainstTheFirst()
    {
        using var temp = WithPolicies(Policy("- when: exhausted\n  consequence: x")).With("team-policies/payments.yaml", """
            errorBudgetPolicies:
              - id: payments-fast-burn
                team: payments
                conditions:
                  - when: consumed 30% within 24h
                    consequence: y
              - id: payments-fast-burn
                team: payments
                conditions: []
            """);

        Assert.Equal(
            [
                "manifests/catalog/team-policies/payments.yaml:3: error budget policy 'payments-fast-burn': team 'payments' already has error budget policy 'payments-budget-policy' at manifests/catalog/policies.yaml:2; a team has at most one, so merge their conditions",
                "manifests/catalog/team-policies/payments.yaml:7: error budget policy 'payments-fast-burn': duplicate id, first declared at manifests/catalog/team-policies/payments.yaml:2",
                "manifests/catalog/team-policies/payments.yaml:8: error budget policy 'payments-fast-burn': team 'payments' already has error budget policy 'payments-budget-policy' at manifests/catalog/policies.yaml:2; a team has at most one, so merge their conditions",
                "manifests/catalog/team-policies/payments.yaml:9: error budget policy 'payments-fast-burn': conditions must list at least one condition",
            ],
            temp.Errors());
    }

    [Fact]
    public void Load_PolicyWithoutConditions_IsReported()
    {
        using var temp = WithPolicies("""
            errorBudgetPolicies:
              - id: payments-budget-policy
                team: payments
            """);

        Assert.Equal(["manifests/catalog/policies.yaml:2: error budget policy 'payments-budget-policy': missing required field 'conditions'"], temp.Errors());
    }

    [Fact]
    public void Load_StakeholderGroupDestinations_AreReadLikeATeams()
    {
        using var temp = WithPolicies("errorBudgetPolicies: []");

        var catalog = temp.Catalog();

        Assert.Equal(["console:leadership", "slack:C0LEADERS1"], catalog.StakeholderGroups.Single(g => g.Id == "leadership").Destinations.Select(d => d.Key).Order());
        Assert.Empty(catalog.StakeholderGroups.Single(g => g.Id == "sales").Destinations);
    }

    [Theory]
    [InlineData("destinations:\n      console: Leadership",
        "manifests/catalog/stakeholders.yaml:5: stakeholder group 'leadership' has invalid destinations.console 'Leadership'; use lower-case letters, digits, '-' and '_'")]
    [InlineData("destinations:\n      slack: '#leadership'",
        "manifests/catalog/stakeholders.yaml:5: stakeholder group 'leadership' has invalid destinations.slack '#leadership'; a Slack channel id looks like C0123ABCD")]
    [InlineData("destinations:\n      msTeams:\n        teamId: \"19:abc@thread.tacv2\"",
        "manifests/catalog/stakeholders.yaml:6: stakeholder group 'leadership': missing required field 'destinations.msTeams.channelId'")]
    [InlineData("destinations:\n      email: leaders@example.com",
        "manifests/catalog/stakeholders.yaml:5: stakeholder group 'leadership': unknown key 'destinations.email'; allowed: slack, msTeams, console")]
    [InlineData("destinations: {}",
        "manifests/catalog/stakeholders.yaml:4: stakeholder group 'leadership': destinations names no platform; declare at least one of destinations.slack, destinations.msTeams, destinations.console, or leave destinations out")]
    public void Load_InvalidGroupDestination_ReportsItWithTheTeamsMessages(string destinations, string error)
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("stakeholders.yaml", $"""
            stakeholderGroups:
              - id: leadership
                name: Leadership
                {destinations}
            """);

        Assert.Equal([error], temp.Errors());
    }

    private static BudgetPriorityRules? BudgetPriorityOf(string defaults)
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("defaults.yaml", defaults);
        return temp.Catalog().BudgetPriority;
    }

    [Fact]
    public void Load_BudgetPriorityBookWithP1ToP4Defined_IsTheBooksTables()
    {
        var rules = BudgetPriorityOf("""
            defaults:
              budgetPriority: book
              priorities:
                - id: P1
                - id: P2
                - id: P3
                - id: P4
            """);

        Assert.Same(BudgetPriorityRules.Book, rules);
    }

    [Fact]
    public void Load_BudgetPriorityBookWithTheBuiltInP1ToP3_KeepsTheirRowsOnly()
    {
        var rules = BudgetPriorityOf("defaults:\n  budgetPriority: book");

        Assert.NotNull(rules);
        Assert.Equal([(1, 0.2), (2, 0.4), (3, 0.6)], rules.BudgetLeft);
        Assert.Equal([(1, 0.75, TimeSpan.FromMinutes(5)), (2, 0.5, TimeSpan.FromMinutes(10)), (3, 0.25, TimeSpan.FromMinutes(15))], rules.Velocity);
    }

    [Theory]
    [InlineData("defaults:\n  budgetPriority: off")]
    [InlineData("defaults:\n  budgetPriority: Off")]
    [InlineData("defaults:\n  slos: []")]
    public void Load_BudgetPriorityOffOrAbsent_IsNull(string defaults)
    {
        Assert.Null(BudgetPriorityOf(defaults));
    }

    [Fact]
    public void Load_BudgetPriorityTables_AreReadSortedByLevel()
    {
        var rules = BudgetPriorityOf("""
            defaults:
              budgetPriority:
                budgetLeft: { P2: 40%, P1: 20%, P3: 0.6 }
                velocity:
                  P1: 75% in 5m
                  P3: 25% in 15m
                  P2: 50% in 10m
            """);

        Assert.NotNull(rules);
        Assert.Equal([(1, 0.2), (2, 0.4), (3, 0.6)], rules.BudgetLeft);
        Assert.Equal([(1, 0.75, TimeSpan.FromMinutes(5)), (2, 0.5, TimeSpan.FromMinutes(10)), (3, 0.25, TimeSpan.FromMinutes(15))], rules.Velocity);
    }

    [Fact]
    public void Load_BudgetPriorityWithOneTable_LeavesTheOtherEmpty()
    {
        var rules = BudgetPriorityOf("defaults:\n  budgetPriority:\n    velocity: { P1: 75% in 5m }");

        Assert.NotNull(rules);
        Assert.Empty(rules.BudgetLeft);
        Assert.Equal([(1, 0.75, TimeSpan.FromMinutes(5))], rules.Velocity);
    }

    [Theory]
    [InlineData("budgetPriority: yes",
        "manifests/catalog/defaults.yaml:2: defaults.budgetPriority has invalid value 'yes'; use book, off, or the tables budgetLeft and velocity")]
    [InlineData("budgetPriority: {}",
        "manifests/catalog/defaults.yaml:2: defaults.budgetPriority declares no table; declare budgetLeft, velocity or both, or write book or off")]
    [InlineData("budgetPriority:\n    budgetLeft: { P1: 20%, Q2: 40% }",
        "manifests/catalog/defaults.yaml:3: defaults.budgetPriority.budgetLeft has invalid priority 'Q2'; use P1 to P5")]
    [InlineData("budgetPriority:\n    budgetLeft: { P1: 120% }",
        "manifests/catalog/defaults.yaml:3: defaults.budgetPriority.budgetLeft has invalid P1 '120%'; write the share of the budget left, like 20%, above 0 and at most 100%")]
    [InlineData("budgetPriority:\n    budgetLeft: { P1: 20%, p1: 30% }",
        "manifests/catalog/defaults.yaml:3: defaults.budgetPriority.budgetLeft names P1 twice")]
    [InlineData("budgetPriority:\n    velocity:\n      P1: 75% per 5m",
        "manifests/catalog/defaults.yaml:4: defaults.budgetPriority.velocity has invalid P1 '75% per 5m'; write the share of the budget and the time it burns in, like 75% in 5m")]
    [InlineData("budgetPriority:\n    velocity:\n      P1: 75% in 5",
        "manifests/catalog/defaults.yaml:4: defaults.budgetPriority.velocity has invalid P1 '75% in 5'; write the share of the budget and the time it burns in, like 75% in 5m")]
    [InlineData("budgetPriority:\n    budgetLeft: { P4: 80% }",
        "manifests/catalog/defaults.yaml:3: defaults.budgetPriority: priority P4 is not defined; defined: P1, P2, P3")]
    [InlineData("budgetPriority:\n    speed: { P1: 75% in 5m }",
        "manifests/catalog/defaults.yaml:3: unknown key 'defaults.budgetPriority.speed'; allowed: budgetLeft, velocity")]
    public void Load_InvalidBudgetPriority_ReportsItAtItsLine(string budgetPriority, string error)
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("defaults.yaml", "defaults:\n  " + budgetPriority);

        Assert.Equal([error], temp.Errors());
    }

    [Fact]
    public void Load_BudgetPriorityInTwoFiles_ReportsTheSecond()
    {
        using var temp = TempCatalog.WithOrgAndTeam()
            .With("defaults.yaml", "defaults:\n  budgetPriority: book")
            .With("more/defaults.yaml", "defaults:\n  budgetPriority: off");

        Assert.Equal(
            ["manifests/catalog/more/defaults.yaml:2: defaults.budgetPriority is declared twice; first at manifests/catalog/defaults.yaml:2"],
            temp.Errors());
    }
}
