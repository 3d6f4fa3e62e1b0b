namespace Bot.Catalog.Tests;

/// <summary>
/// One test per kind of catalog error, each asserting the exact <c>file:line: message</c> an operator reads.
/// Each starts from the valid <see cref="TempCatalog.Org"/> and <see cref="TempCatalog.Teams"/> and breaks one thing.
/// </summary>
public sealed class ValidationTests
{
    private const string TargetHint = "write a ratio like 0.999 or a percentage like 99.9%";

    [Fact]
    public void Load_ServiceOfUnknownTeam_ReportsTheTeamAtItsLine()
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("services.yaml", """
            services:
              - id: checkout-api
                team: paymnets
            """);

        Assert.Equal(["manifests/catalog/services.yaml:3: service 'checkout-api': unknown team 'paymnets'"], catalog.Errors());
    }

    [Fact]
    public void Load_DuplicateIds_ReportsEachLaterDeclarationAgainstTheFirst()
    {
        using var catalog = TempCatalog.WithOrgAndTeam()
            .With("teams/extra.yaml", """
                teams:
                  - id: payments
                    name: Payments again
                    parent: shop
                    destinations:
                      console: payments-2
                """)
            .With("services.yaml", """
                services:
                  - id: ledger
                    team: payments
                  - id: ledger
                    team: payments
                """);

        Assert.Equal(
            [
                "manifests/catalog/services.yaml:4: service 'ledger': duplicate id, first declared at manifests/catalog/services.yaml:2",
                "manifests/catalog/teams/extra.yaml:2: team 'payments': duplicate id, first declared at manifests/catalog/teams.yaml:2",
            ],
            catalog.Errors());
    }

    [Fact]
    public void Load_DuplicateMemberInTeam_ReportsTheMember()
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("teams.yaml", """
            teams:
              - id: payments
                name: Payments
                parent: shop
                members:
                  - id: ana
                    name: Ana
                    timeZone: Europe/Berlin
                  - id: ana
                    name: Ana again
                    timeZone: Europe/Berlin
                destinations:
                  console: payments-slo-breaches
            """);

        Assert.Equal(
            ["manifests/catalog/teams.yaml:9: team 'payments': member 'ana': duplicate id, first declared at manifests/catalog/teams.yaml:6"],
            catalog.Errors());
    }

    [Fact]
    public void Load_MemberWithUnknownTimeZone_ReportsTheZoneAtItsLine()
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("teams.yaml", """
            teams:
              - id: payments
                name: Payments
                parent: shop
                destinations:
                  slack: C0PAYMENTS1
                  console: payments-slo-breaches
                members:
                  - id: ana
                    name: Ana Kovač
                    email: ana@example.com
                    slackUserId: U0ANA00001
                    msTeamsUserId: 29:1AnaKovac
                    timeZone: Europe/Berlinn
            """);

        Assert.Equal(["manifests/catalog/teams.yaml:14: team 'payments': member 'ana' has unknown time zone 'Europe/Berlinn'"], catalog.Errors());
    }

    [Fact]
    public void Load_WindowsTimeZoneId_IsRefusedForAnIanaOne()
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("teams.yaml", """
            teams:
              - id: payments
                name: Payments
                parent: shop
                members:
                  - id: ana
                    name: Ana
                    timeZone: W. Europe Standard Time
                destinations:
                  console: payments-slo-breaches
            """);

        Assert.Equal(["manifests/catalog/teams.yaml:8: team 'payments': member 'ana' has unknown time zone 'W. Europe Standard Time'"], catalog.Errors());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1")]
    [InlineData("1.5")]
    [InlineData("-0.1")]
    [InlineData("100%")]
    [InlineData("99.9")]
    public void Load_TargetOutsideZeroToOne_ReportsTheTarget(string target)
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("services.yaml", $"""
            services:
              - id: ledger
                team: payments
                slos:
                  - name: writes
                    sli: availability
                    target: {target}
            """);

        Assert.Equal([$"manifests/catalog/services.yaml:7: slo 'ledger-writes' has target '{target}' outside (0, 1); {TargetHint}"], catalog.Errors());
    }

    [Fact]
    public void Load_TargetThatIsNotANumber_ReportsTheSyntax()
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("services.yaml", """
            services:
              - id: ledger
                team: payments
                slos:
                  - id: ledger-writes-v2
                    name: writes
                    sli: availability
                    target: three nines
            """);

        Assert.Equal([$"manifests/catalog/services.yaml:8: slo 'ledger-writes-v2' has invalid target 'three nines'; {TargetHint}"], catalog.Errors());
    }

    [Fact]
    public void Load_UnknownParents_ReportTeamAndOrgUnit()
    {
        using var catalog = TempCatalog.WithOrgAndTeam()
            .With("org.yaml", TempCatalog.Org + """

                  - id: logistics
                    name: Logistics
                    kind: businessLine
                    parent: acmee
                """)
            .With("teams.yaml", TempCatalog.Teams.Replace("parent: shop", "parent: shopp", StringComparison.Ordinal));

        Assert.Equal(
            [
                "manifests/catalog/org.yaml:16: org unit 'logistics': unknown parent 'acmee'",
                "manifests/catalog/teams.yaml:4: team 'payments': unknown parent 'shopp'",
            ],
            catalog.Errors());
    }

    [Fact]
    public void Load_CycleInOrgTree_NamesEveryUnitOnTheCycleOnce()
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("org.yaml", """
            org:
              - id: acme
                name: Acme
                kind: org
              - id: retail
                name: Retail
                kind: businessLine
                parent: acme
              - id: shop
                name: Shop
                kind: domain
                parent: warehouse
              - id: warehouse
                name: Warehouse
                kind: domain
                parent: outlet
              - id: outlet
                name: Outlet
                kind: domain
                parent: shop
            """);

        Assert.Equal(["manifests/catalog/org.yaml:12: org unit 'shop': cycle in the org tree: shop -> warehouse -> outlet -> shop"], catalog.Errors());
    }

    [Fact]
    public void Load_OrgUnitItsOwnParent_IsACycle()
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("org.yaml", TempCatalog.Org.Replace("parent: retail", "parent: shop", StringComparison.Ordinal));

        Assert.Equal(["manifests/catalog/org.yaml:12: org unit 'shop': cycle in the org tree: shop -> shop"], catalog.Errors());
    }

    [Fact]
    public void Load_MalformedYaml_ReportsTheParserLineAndStillReadsTheOtherFiles()
    {
        using var catalog = TempCatalog.WithOrgAndTeam()
            .With("teams.yaml", """
                teams:
                  - id: payments
                    name: Payments
                   parent: shop
                """)
            .With("services.yaml", """
                services:
                  - id: ledger
                    team: payments
                    runbookUrl: runbooks/ledger
                """);

        // No "unknown team 'payments'": references are not checked against a catalog missing a file.
        Assert.Equal(
            [
                "manifests/catalog/services.yaml:4: service 'ledger' has invalid runbookUrl 'runbooks/ledger'; an absolute http(s) URL is required",
                "manifests/catalog/teams.yaml:4: malformed YAML: While parsing a block collection, did not find expected '-' indicator.",
            ],
            catalog.Errors());
    }

    [Fact]
    public void Load_UnclosedFlowList_ReportsMalformedYamlAtTheListsLine()
    {
        // YamlDotNet fails here with an InvalidOperationException that carries no position.
        using var catalog = TempCatalog.WithOrgAndTeam().With("admins.yaml", """
            admins: [ana, ben
            teams: []
            """);

        Assert.Equal(["manifests/catalog/admins.yaml:1: malformed YAML: unexpected end of a flow collection or document"], catalog.Errors());
    }

    [Fact]
    public void Load_UnterminatedQuote_ReportsMalformedYamlWhereTheQuoteOpens()
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("services.yaml", """
            services:
              - id: "ledger
            """);

        Assert.Equal(["manifests/catalog/services.yaml:2: malformed YAML: While scanning a quoted scalar, found unexpected end of stream."], catalog.Errors());
    }

    [Fact]
    public void Load_DuplicateYamlKey_IsMalformedYaml()
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("services.yaml", """
            services:
              - id: ledger
                team: payments
                team: checkout
            """);

        Assert.Equal(["manifests/catalog/services.yaml:4: malformed YAML: Duplicate key team"], catalog.Errors());
    }

    [Fact]
    public void Load_UnknownKeys_NameTheKeyAndTheAllowedOnes()
    {
        using var catalog = TempCatalog.WithOrgAndTeam()
            .With("teams.yaml", TempCatalog.Teams.Replace("members:", "memebers:", StringComparison.Ordinal))
            .With("services.yaml", """
                service:
                  - id: ledger
                """);

        Assert.Equal(
            [
                "manifests/catalog/services.yaml:1: unknown key 'service'; allowed: org, admins, teams, services, rotations, escalationPolicies, outOfHours, stakeholderGroups, rings, errorBudgetPolicies, defaults",
                "manifests/catalog/teams.yaml:5: team 'payments': unknown key 'memebers'; allowed: id, name, parent, members, destinations, admins, incidentRoles",
            ],
            catalog.Errors());
    }

    [Fact]
    public void Load_UnknownNestedKey_ShowsItsPath()
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("teams.yaml", TempCatalog.Teams.Replace("console:", "consol:", StringComparison.Ordinal));

        Assert.Equal(
            [
                "manifests/catalog/teams.yaml:2: team 'payments': no destination; declare at least one of destinations.slack, destinations.msTeams, destinations.console",
                "manifests/catalog/teams.yaml:14: team 'payments': unknown key 'destinations.consol'; allowed: slack, msTeams, console",
            ],
            catalog.Errors());
    }

    [Fact]
    public void Load_BadMatchers_ReportTheSyntaxAndTheRegexError()
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("services.yaml", """
            services:
              - id: cart
                team: payments
                slos:
                  - name: availability
                    sli: availability
                    target: 99.5%
                    matchers:
                      - sloth_service=cart
                      - slo=~"(unclosed"
            """);

        Assert.Equal(
            [
                """manifests/catalog/services.yaml:9: slo 'cart-availability' has invalid matcher 'sloth_service=cart'; expected name="value", name!="value", name=~"regex" or name!~"regex" """.TrimEnd(),
                """manifests/catalog/services.yaml:10: slo 'cart-availability' has invalid matcher 'slo=~"(unclosed"'; invalid regex: Invalid pattern '(unclosed' at offset 9. Not enough )'s.""",
            ],
            catalog.Errors());
    }

    [Fact]
    public void Load_BadDurations_NameTheFieldAndTheValue()
    {
        using var catalog = TempCatalog.WithOrgAndTeam()
            .With("rotations.yaml", """
                rotations:
                  - id: payments-primary
                    team: payments
                    shape: mainBackupSwap
                    period: 36h
                    timeZone: Europe/Berlin
                    startDate: 2025-01-06
                    participants: [ana, ben]
                escalationPolicies:
                  - id: payments-escalation
                    team: payments
                    steps:
                      - notify: rotationMain
                        rotation: payments-primary
                        ackTimeout: 30 minutes
                """)
            .With("services.yaml", """
                services:
                  - id: ledger
                    team: payments
                    slos:
                      - name: latency
                        sli: latency
                        target: 0.99
                        threshold: 1000
                """);

        Assert.Equal(
            [
                "manifests/catalog/rotations.yaml:5: rotation 'payments-primary' has invalid period '36h'; a shift lasts a whole number of days, like 7d or 14d",
                "manifests/catalog/rotations.yaml:15: escalation policy 'payments-escalation': step 1 has invalid ackTimeout '30 minutes'; use a duration like 30m or 1h",
                "manifests/catalog/services.yaml:8: slo 'ledger-latency' has invalid threshold '1000'; use a duration like 1000ms or 1s",
            ],
            catalog.Errors());
    }

    [Fact]
    public void Load_BadUrls_RequireAbsoluteHttp()
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("services.yaml", """
            services:
              - id: ledger
                team: payments
                runbookUrl: wiki/ledger
                dashboardUrl: ftp://grafana.example/ledger
            """);

        Assert.Equal(
            [
                "manifests/catalog/services.yaml:4: service 'ledger' has invalid runbookUrl 'wiki/ledger'; an absolute http(s) URL is required",
                "manifests/catalog/services.yaml:5: service 'ledger' has invalid dashboardUrl 'ftp://grafana.example/ledger'; an absolute http(s) URL is required",
            ],
            catalog.Errors());
    }

    [Theory]
    [InlineData("onePersonFixed", "[ana, ben]", "exactly 1 participant, found 2")]
    [InlineData("onePersonRotating", "[]", "at least 1 participant, found 0")]
    [InlineData("mainBackupSwap", "[ana]", "exactly 2 participants, found 1")]
    [InlineData("mainTwoBackups", "[ana, ben]", "at least 3 participants, found 2")]
    public void Load_ShapeWithWrongParticipantCount_ReportsWhatTheShapeNeeds(string shape, string participants, string problem)
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("rotations.yaml", $"""
            rotations:
              - id: payments-primary
                team: payments
                shape: {shape}
                timeZone: Europe/Berlin
                startDate: 2025-01-06
                participants: {participants}
            """);

        Assert.Equal([$"manifests/catalog/rotations.yaml:7: rotation 'payments-primary': shape {shape} needs {problem}"], catalog.Errors());
    }

    [Fact]
    public void Load_SeveralErrorsInSeveralFiles_ReportsAllSortedByFileThenLine()
    {
        using var catalog = TempCatalog.WithOrgAndTeam()
            .With("teams.yaml", TempCatalog.Teams.Replace("America/New_York", "America/NewYork", StringComparison.Ordinal))
            .With("services.yaml", """
                services:
                  - id: ledger
                    team: ledgers
                    slos:
                      - name: writes
                        sli: availabilty
                        target: 1.01
                        priority: P7
                """)
            .With("org.yaml", TempCatalog.Org.Replace("kind: domain", "kind: team", StringComparison.Ordinal));

        Assert.Equal(
            [
                "manifests/catalog/org.yaml:11: org unit 'shop' has invalid kind 'team'; allowed: org, businessLine, domain (teams go under 'teams')",
                "manifests/catalog/services.yaml:3: service 'ledger': unknown team 'ledgers'",
                "manifests/catalog/services.yaml:6: slo 'ledger-writes' has invalid sli 'availabilty'; allowed: availability, latency, custom",
                $"manifests/catalog/services.yaml:7: slo 'ledger-writes' has target '1.01' outside (0, 1); {TargetHint}",
                "manifests/catalog/services.yaml:8: slo 'ledger-writes' has invalid priority 'P7'; use P1 to P5, or leave it out for none",
                "manifests/catalog/teams.yaml:12: team 'payments': member 'ben' has unknown time zone 'America/NewYork'",
            ],
            catalog.Errors());
    }

    [Fact]
    public void Load_ErrorInOneFileAndValidOthers_FailsWithoutACatalog()
    {
        using var catalog = TempCatalog.WithOrgAndTeam().With("services.yaml", """
            services:
              - id: ledger
                team: payments
                environments: production
            """);

        var result = catalog.Load();

        Assert.False(result.Succeeded);
        Assert.Null(result.Catalog);
        Assert.Equal(
            ["manifests/catalog/services.yaml:4: service 'ledger': 'environments' must be a list, not a single value"],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_MissingFolder_NamesThePath()
    {
        var folder = Path.Combine(Path.GetTempPath(), "bot-catalog-tests", Guid.NewGuid().ToString("N"));

        var result = new YamlCatalogSource(folder, "manifests/catalog").Load();

        Assert.Equal([$"manifests/catalog:0: the catalog folder '{folder}' does not exist"], result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_FolderWithoutYamlFiles_NamesThePath()
    {
        using var catalog = new TempCatalog().With("README.md", "# not a catalog");

        Assert.Equal([$"manifests/catalog:0: the catalog folder '{catalog.Folder}' holds no .yaml or .yml file"], catalog.Errors());
    }
}
