namespace Bot.Catalog.Tests;

/// <summary>
/// The remaining validation rules, table-driven: each row replaces or adds one file on top of the valid
/// <see cref="TempCatalog.Org"/> and <see cref="TempCatalog.Teams"/> and lists every error expected, exactly.
/// </summary>
public sealed class RuleTests
{
    /// <summary>The base org tree plus a unit 'outlet' whose parent line is line 16.</summary>
    private static string OrgWithOutlet(string kind, string parent) => TempCatalog.Org + $"""

          - id: outlet
            name: Outlet
            kind: {kind}
            parent: {parent}
        """;

    public static TheoryData<string, string, string[]> Cases { get; } = new()
    {
        {
            "teams.yaml", """
            teams:
              - id: payments
                name: Payments
                destinations:
                  console: payments-slo-breaches
            """,
            ["manifests/catalog/teams.yaml:2: team 'payments': missing required field 'parent'"]
        },
        {
            "teams.yaml", """
            teams:
              - id: payments
                name: Payments
                parent: shop
            """,
            ["manifests/catalog/teams.yaml:2: team 'payments': no destination; declare at least one of destinations.slack, destinations.msTeams, destinations.console"]
        },
        {
            "teams.yaml", TempCatalog.Teams + "\n    admins: [carol]",
            ["manifests/catalog/teams.yaml:15: team 'payments': admin 'carol' is not a member of the team"]
        },
        {
            "admins.yaml", """
            admins:
              - ana
              - zoe
            """,
            ["manifests/catalog/admins.yaml:3: admins: unknown member 'zoe'"]
        },
        {
            "org.yaml", OrgWithOutlet("domain", "shop"),
            ["manifests/catalog/org.yaml:16: org unit 'outlet': parent 'shop' is a domain; a domain sits below the org or a business line"]
        },
        {
            "org.yaml", OrgWithOutlet("businessLine", "retail"),
            ["manifests/catalog/org.yaml:16: org unit 'outlet': parent 'retail' is a business line; a business line sits below the org"]
        },
        {
            "org.yaml", OrgWithOutlet("domain", "payments"),
            ["manifests/catalog/org.yaml:16: org unit 'outlet': parent 'payments' is a team; teams are leaves of the org tree"]
        },
        {
            "org.yaml", TempCatalog.Org + """

              - id: globex
                name: Globex
                kind: org
            """,
            ["manifests/catalog/org.yaml:13: org unit 'globex': a second org unit of kind org; the tree has one root, 'acme' at manifests/catalog/org.yaml:2"]
        },
        {
            "org.yaml", """
            org:
              - id: shop
                name: Shop
                kind: domain
                parent: acme
            """,
            [
                "manifests/catalog:0: the org tree has no root; declare one org unit with kind: org",
                "manifests/catalog/org.yaml:5: org unit 'shop': unknown parent 'acme'",
            ]
        },
        {
            "org.yaml", TempCatalog.Org.Replace("kind: org", "kind: org\n    parent: retail", StringComparison.Ordinal),
            ["manifests/catalog/org.yaml:5: org unit 'acme': the org is the root of the tree and has no parent"]
        },
        {
            "teams/extra.yaml", """
            teams:
              - id: shop
                name: Shop team
                parent: retail
                destinations:
                  console: shop-slo-breaches
            """,
            ["manifests/catalog/teams/extra.yaml:2: team 'shop': duplicate id, already used by the org unit at manifests/catalog/org.yaml:9"]
        },
        {
            "teams/extra.yaml", """
            teams:
              - id: checkout
                name: Checkout
                parent: shop
                members:
                  - id: ana
                    name: Ana
                    timeZone: Europe/Lisbon
                destinations:
                  console: checkout-slo-breaches
            """,
            ["manifests/catalog/teams/extra.yaml:6: team 'checkout': member 'ana' differs from member 'ana' of team 'payments' at manifests/catalog/teams.yaml:6; one id is one person, so declare them alike"]
        },
        {
            "teams.yaml", """
            teams:
              - id: payments
                name: Payments
                parent: shop
                members:
                  - id: ana
                    name: Ana
                    email: ana.example.com
                    slackUserId: C0ANA00001
                    msTeamsUserId: 19:ana
                    timeZone: Europe/Berlin
                destinations:
                  slack: U0PAYMENTS
                  msTeams:
                    teamId: "19:abc@thread.tacv2"
                    tenantId: not-a-guid
                  console: Payments SLO
            """,
            [
                "manifests/catalog/teams.yaml:8: team 'payments': member 'ana' has invalid email 'ana.example.com'; expected an address like ana@example.com",
                "manifests/catalog/teams.yaml:9: team 'payments': member 'ana' has invalid slackUserId 'C0ANA00001'; a Slack user id looks like U0123ABCD",
                "manifests/catalog/teams.yaml:10: team 'payments': member 'ana' has invalid msTeamsUserId '19:ana'; a Teams user id looks like 29:1AbC…",
                "manifests/catalog/teams.yaml:13: team 'payments' has invalid destinations.slack 'U0PAYMENTS'; a Slack channel id looks like C0123ABCD",
                "manifests/catalog/teams.yaml:15: team 'payments': missing required field 'destinations.msTeams.channelId'",
                "manifests/catalog/teams.yaml:16: team 'payments' has invalid destinations.msTeams.tenantId 'not-a-guid'; a tenant id is a GUID",
                "manifests/catalog/teams.yaml:17: team 'payments' has invalid destinations.console 'Payments SLO'; use lower-case letters, digits, '-' and '_'",
            ]
        },
        {
            "services.yaml", """
            services:
              - team: payments
              - id: led ger
                team: payments
            """,
            [
                "manifests/catalog/services.yaml:2: service: missing required field 'id'",
                "manifests/catalog/services.yaml:3: service 'led ger' has invalid id 'led ger'; use letters, digits, '.', '_' and '-' (ids appear in chat commands)",
            ]
        },
        {
            "services.yaml", """
            services:
              - id: ledger
                team: payments
                slos:
                  - name: writes
                    sli: availability
                    target: 0.999
                    threshold: 200ms
                    priority: P4
                  - name: latency
                    sli: latency
                    target: 0.99
                    window: 30days
            """,
            [
                "manifests/catalog/services.yaml:8: slo 'ledger-writes': threshold applies only to latency SLIs",
                "manifests/catalog/services.yaml:9: slo 'ledger-writes': priority P4 is not defined; defined: P1, P2, P3",
                "manifests/catalog/services.yaml:10: slo 'ledger-latency': missing required field 'threshold' (a latency SLI counts requests at most this slow as good)",
                "manifests/catalog/services.yaml:13: slo 'ledger-latency' has invalid window '30days'; use 28d (rolling days) or 4w-calendar (calendar weeks)",
            ]
        },
        {
            "services.yaml", """
            services:
              - id: ledger
                team: payments
                slos:
                  - name: writes
                    sli: availability
                    target: 0.999
                  - name: writes
                    sli: availability
                    target: 0.99
            """,
            ["manifests/catalog/services.yaml:8: slo 'ledger-writes': duplicate id, first declared at manifests/catalog/services.yaml:5"]
        },
        {
            "rotations.yaml", """
            rotations:
              - id: payments-primary
                team: payments
                shape: mainBackupSwap
                timeZone: Europe/Berlin
                startDate: 2025-01-06
                participants:
                  - ana
                  - carol
            """,
            ["manifests/catalog/rotations.yaml:9: rotation 'payments-primary': participant 'carol' is not a member of team 'payments'"]
        },
        {
            "rotations.yaml", """
            rotations:
              - id: payments-primary
                team: paymentz
                shape: onePersonFixed
                timeZone: Europe/Berlin
                startDate: 2025-01-06
                participants: [ana]
                escalationPolicy: payments-escalation
            """,
            [
                "manifests/catalog/rotations.yaml:3: rotation 'payments-primary': unknown team 'paymentz'",
                "manifests/catalog/rotations.yaml:8: rotation 'payments-primary': unknown escalation policy 'payments-escalation'",
            ]
        },
        {
            "rotations.yaml", """
            rotations:
              - id: payments-primary
                team: payments
                shape: onePersonRotating
                timeZone: Europe/Berlin
                handoffDay: monday
                startDate: 2025-01-07
                participants: [ana, ana]
                coverage:
                  days: [monday, funday]
                  from: "09:00"
                  to: "09:00"
            """,
            [
                "manifests/catalog/rotations.yaml:7: rotation 'payments-primary': startDate 2025-01-07 is a Tuesday, but handoffDay is Monday",
                "manifests/catalog/rotations.yaml:8: rotation 'payments-primary': participant 'ana' is listed twice",
                "manifests/catalog/rotations.yaml:10: rotation 'payments-primary' has invalid coverage.days 'funday'; use day names like monday",
                "manifests/catalog/rotations.yaml:12: rotation 'payments-primary': coverage.from and coverage.to are equal; leave coverage out for around-the-clock duty",
            ]
        },
        {
            "rotations.yaml", """
            rotations:
              - id: payments-primary
                team: payments
                shape: onePersonRotating
                timeZone: Europe/Berlin
                startDate: 2025-01-06
                participants: [ana, ben]
            escalationPolicies:
              - id: payments-escalation
                team: payments
                steps:
                  - notify: rotationMain
                    rotation: payments-primary
                    member: ana
                    ackTimeout: 15m
                  - notify: rotationBackup
                    rotation: payments-primary
                    ackTimeout: 15m
                  - notify: member
                    member: zoe
                    ackTimeout: 1h
                  - notify: team
                    team: checkout
                    ackTimeout: 1h
                  - notify: manager
                    ackTimeout: 1h
                repeat: 11
            """,
            [
                "manifests/catalog/rotations.yaml:14: escalation policy 'payments-escalation': step 1: 'member' does not apply to notify: rotationMain",
                "manifests/catalog/rotations.yaml:17: escalation policy 'payments-escalation': step 2: rotation 'payments-primary' has no backup (shape onePersonRotating)",
                "manifests/catalog/rotations.yaml:20: escalation policy 'payments-escalation': step 3: unknown member 'zoe'",
                "manifests/catalog/rotations.yaml:23: escalation policy 'payments-escalation': step 4: unknown team 'checkout'",
                "manifests/catalog/rotations.yaml:25: escalation policy 'payments-escalation': step 5 has invalid notify 'manager'; allowed: rotationMain, rotationBackup, member, team, destination",
                "manifests/catalog/rotations.yaml:27: escalation policy 'payments-escalation' has invalid repeat '11'; a whole number of repeats from 0 to 10",
            ]
        },
        {
            "more.yaml", """
            teams:
              - id: checkout
                name: Checkout
                parent: shop
                members:
                  - id: carl
                    name: Carl
                    timeZone: Europe/Madrid
                destinations:
                  console: checkout-slo-breaches
            rotations:
              - id: checkout-primary
                team: checkout
                shape: onePersonFixed
                timeZone: Europe/Madrid
                startDate: 2025-01-06
                participants: [carl]
                escalationPolicy: payments-escalation
            escalationPolicies:
              - id: payments-escalation
                team: payments
                steps:
                  - notify: team
                    ackTimeout: 1h
            """,
            ["manifests/catalog/more.yaml:18: rotation 'checkout-primary': escalation policy 'payments-escalation' belongs to team 'payments', not to team 'checkout'"]
        },
        {
            "admins.yaml", """
            admins:
              - ana
              - ""
              - [ben]
            teams:
              - payments
            org:
              id: acme
            """,
            [
                "manifests/catalog/admins.yaml:3: each item of 'admins' must not be empty",
                "manifests/catalog/admins.yaml:4: each item of 'admins' must be a single value, not a list",
                "manifests/catalog/admins.yaml:6: each item of 'teams' must be a mapping, not a single value",
                "manifests/catalog/admins.yaml:8: 'org' must be a list, not a mapping",
            ]
        },
        {
            "stakeholders.yaml", """
            stakeholderGroups:
              - id: product-management
                name: Product management
            rings:
              - number: 1
                name: Product management
                groups: [product-management, leadership]
              - number: 1
                name: Leadership
            defaults:
              priorities:
                - id: P1
                  rings: [1, 2]
            """,
            [
                "manifests/catalog/stakeholders.yaml:7: ring 1: unknown stakeholder group 'leadership'",
                "manifests/catalog/stakeholders.yaml:8: ring 1: duplicate number, first declared at manifests/catalog/stakeholders.yaml:5",
                "manifests/catalog/stakeholders.yaml:13: priority P1: unknown ring 2",
            ]
        },
        {
            "defaults.yaml", """
            defaults:
              slos:
                - name: availability
                  sli: availability
                  target: 0.9
                  priority: P5
                - name: availability
                  sli: availability
                  target: 0.95
            """,
            [
                "manifests/catalog/defaults.yaml:6: default slo 'availability': priority P5 is not defined; defined: P1, P2, P3",
                "manifests/catalog/defaults.yaml:7: default slo 'availability': duplicate name, first declared at manifests/catalog/defaults.yaml:3",
            ]
        },
        {
            "more/defaults.yaml", """
            defaults:
              slos: []
              priorities: []
              escalation: {}
            """,
            [
                "manifests/catalog/more/defaults.yaml:4: unknown key 'defaults.escalation'; allowed: slos, priorities, budgetPriority, incidentRoles",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Load_BrokenRule_ReportsExactlyTheseErrors(string file, string yaml, string[] expected)
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With(file, yaml);

        Assert.Equal(expected, catalog.Errors());
    }

    [Fact]
    public void Load_DefaultsDeclaredInTwoFiles_ReportsTheSecond()
    {
        using var catalog = TempCatalog.WithOrgAndTeam()
            .With("defaults.yaml", """
                defaults:
                  slos: []
                """)
            .With("more/defaults.yaml", """
                defaults:
                  slos:
                    - name: availability
                      sli: availability
                      target: 0.9
                """);

        Assert.Equal(["manifests/catalog/more/defaults.yaml:3: defaults.slos is declared twice; first at manifests/catalog/defaults.yaml:2"], catalog.Errors());
    }
}
