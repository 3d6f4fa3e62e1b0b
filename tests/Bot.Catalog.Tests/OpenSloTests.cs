using Bot.Core.Catalog;

namespace Bot.Catalog.Tests;

/// <summary>OpenSLO v1 documents among the catalog files: how they map to the catalog's SLOs, and what they may not say.</summary>
public sealed class OpenSloTests
{
    /// <summary>Service ledger (no SLO of its own) and refunds (one), both of team payments.</summary>
    private const string Services = """
        services:
          - id: ledger
            team: payments
          - id: refunds
            team: payments
            slos:
              - name: requests-availability
                sli: availability
                target: 99%
        """;

    /// <summary>An SLO of ledger with an inline ratio SLI; line numbers are in the comments of the tests that need them.</summary>
    private const string InlineSlo = """
        apiVersion: openslo/v1
        kind: SLO
        metadata:
          name: ledger-writes-availability
          displayName: Ledger writes succeed
        spec:
          service: ledger
          indicator:
            metadata:
              name: ledger-writes-good
            spec:
              ratioMetric:
                counter: true
                good:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: sum(rate(ledger_writes_total{code!~"5.."}[1m]))
                total:
                  metricSource:
                    type: Prometheus
                    spec:
                      query: sum(rate(ledger_writes_total[1m]))
          timeWindow:
            - duration: 28d
              isRolling: true
          budgetingMethod: Occurrences
          objectives:
            - displayName: Writes
              target: 0.999
        """;

    /// <summary>A stand-alone SLI (lines 1–19) that an SLO refers to by <c>indicatorRef</c>.</summary>
    private const string Sli = """
        apiVersion: openslo/v1
        kind: SLI
        metadata:
          name: ledger-writes-bad
          annotations:
            slo-bot/sli: latency
            slo-bot/threshold: 250ms
        spec:
          ratioMetric:
            bad:
              metricSource:
                type: prometheus
                spec:
                  query: sum(rate(ledger_slow_writes_total[{{.window}}]))
            total:
              metricSource:
                type: Prometheus
                spec:
                  query: sum(rate(ledger_writes_total[30s]))
        """;

    private static TempCatalog With(string openSlo) =>
        TempCatalog.WithOrgAndTeam().With("services.yaml", Services).With("openslo/ledger.yaml", openSlo);

    private static Slo LedgerSlo(string openSlo)
    {
        using var temp = With(openSlo);
        return Assert.Single(temp.Catalog().SlosOf("ledger"));
    }

    private static IReadOnlyList<string> ErrorsOf(string openSlo)
    {
        using var temp = With(openSlo);
        return temp.Errors();
    }

    [Fact]
    public void Load_SloWithInlineIndicator_MapsEveryField()
    {
        var slo = LedgerSlo(InlineSlo);

        Assert.Equal(
            ("ledger-writes-availability", "ledger-writes-availability", "ledger", SliKind.Availability, 0.999, SloWindow.Rolling28Days, (TimeSpan?)null, (int?)null, "Ledger writes succeed", false),
            (slo.Id, slo.Name, slo.ServiceId, slo.Sli, slo.Target, slo.Window, slo.LatencyThreshold, slo.Priority, slo.Description, slo.IsDefault));
        Assert.Equal([new LabelMatcher("slo", MatchOperator.Equal, "ledger-writes-availability")], slo.Matchers);
        // The fixed [1m] of each query becomes the window placeholder: the reader reads each window.
        Assert.Equal(
            new SliDataSource.PrometheusQueries(null, """sum(rate(ledger_writes_total{code!~"5.."}[{{.window}}]))""", "sum(rate(ledger_writes_total[{{.window}}]))"),
            slo.Source);
    }

    [Fact]
    public void Load_SloByIndicatorRef_TakesTheSliFromAnotherFileWithItsAnnotations()
    {
        using var temp = With(InlineSlo.Replace("""
              indicator:
                metadata:
                  name: ledger-writes-good
                spec:
                  ratioMetric:
                    counter: true
                    good:
                      metricSource:
                        type: Prometheus
                        spec:
                          query: sum(rate(ledger_writes_total{code!~"5.."}[1m]))
                    total:
                      metricSource:
                        type: Prometheus
                        spec:
                          query: sum(rate(ledger_writes_total[1m]))
            """, "  indicatorRef: ledger-writes-bad\n", StringComparison.Ordinal))
            .With("openslo/slis.yml", Sli);

        var slo = Assert.Single(temp.Catalog().SlosOf("ledger"));

        Assert.Equal((SliKind.Latency, (TimeSpan?)TimeSpan.FromMilliseconds(250)), (slo.Sli, slo.LatencyThreshold));
        Assert.Equal(new SliDataSource.PrometheusQueries("sum(rate(ledger_slow_writes_total[{{.window}}]))", null, "sum(rate(ledger_writes_total[{{.window}}]))"), slo.Source);
    }

    [Fact]
    public void Load_SliAndSloInOneMultiDocumentFileWithIgnoredKinds_AreRead()
    {
        var slo = LedgerSlo(Sli + """

            ---
            apiVersion: openslo/v1
            kind: SLO
            metadata:
              name: ledger-writes-latency
            spec:
              service: ledger
              indicatorRef: ledger-writes-bad
              timeWindow: [{ duration: 4w, isRolling: true }]
              budgetingMethod: Occurrences
              objectives: [{ targetPercent: 99.5 }]
            ---
            apiVersion: openslo/v1
            kind: Service
            metadata: { name: ledger }
            spec: { description: anything }
            ---
            apiVersion: openslo/v1
            kind: AlertPolicy
            metadata: { name: ledger-fast-burn }
            spec: { alertWhenBreaching: true, conditions: [] }
            ---
            apiVersion: openslo/v1
            kind: DataSource
            metadata: { name: prometheus }
            spec: { type: Prometheus, connectionDetails: { url: "http://prometheus:9090" } }
            """);

        Assert.Equal(("ledger-writes-latency", 0.995, new SloWindow(SloWindowKind.Rolling, 28), SliKind.Latency), (slo.Id, slo.Target, slo.Window, slo.Sli));
    }

    [Theory]
    [InlineData("- duration: 4w\n      isRolling: false\n      calendar: { startTime: \"2025-01-06 00:00:00\", timeZone: UTC }", SloWindowKind.CalendarWeeks, 28)]
    [InlineData("- duration: 28d\n      isRolling: false", SloWindowKind.CalendarWeeks, 28)]
    [InlineData("- duration: 2w\n      calendar: { startTime: \"2025-01-06 00:00:00\", timeZone: UTC }", SloWindowKind.CalendarWeeks, 14)]
    [InlineData("- duration: 30d\n      isRolling: true", SloWindowKind.Rolling, 30)]
    [InlineData("- duration: 1w", SloWindowKind.Rolling, 7)]
    public void Load_TimeWindow_IsRollingDaysOrCalendarWeeks(string window, SloWindowKind kind, int days)
    {
        var slo = LedgerSlo(InlineSlo.Replace("- duration: 28d\n      isRolling: true", window, StringComparison.Ordinal));

        Assert.Equal(new SloWindow(kind, days), slo.Window);
    }

    [Theory]
    [InlineData("target: 0.95", 0.95)]
    [InlineData("targetPercent: 99.9", 0.999)]
    [InlineData("targetPercent: 99.95", 0.9995)]
    public void Load_Target_IsARatioOrAPercentage(string target, double expected)
    {
        Assert.Equal(expected, LedgerSlo(InlineSlo.Replace("target: 0.999", target, StringComparison.Ordinal)).Target);
    }

    [Fact]
    public void Load_SloBotAnnotations_GiveKindThresholdPriorityAndMatchers()
    {
        var slo = LedgerSlo(InlineSlo.Replace("  displayName: Ledger writes succeed\n", """
              displayName: Ledger writes succeed
              annotations:
                slo-bot/sli: latency
                slo-bot/threshold: 300ms
                slo-bot/priority: P2
                slo-bot/matchers: 'service="ledger", code=~"5[0-9]{1,2}"'
                example.com/owner: payments

            """, StringComparison.Ordinal));

        Assert.Equal((SliKind.Latency, (TimeSpan?)TimeSpan.FromMilliseconds(300), (int?)2), (slo.Sli, slo.LatencyThreshold, slo.Priority));
        Assert.Equal([new LabelMatcher("service", MatchOperator.Equal, "ledger"), new LabelMatcher("code", MatchOperator.Regex, "5[0-9]{1,2}")], slo.Matchers);
    }

    [Fact]
    public void Load_QueryWithThePlaceholder_IsKeptAsWritten()
    {
        var slo = LedgerSlo(InlineSlo.Replace("[1m]))\n        total", "[{{.window}}]) or vector(0))\n        total", StringComparison.Ordinal));

        Assert.Equal("""sum(rate(ledger_writes_total{code!~"5.."}[{{.window}}]) or vector(0))""", ((SliDataSource.PrometheusQueries)slo.Source!).GoodQuery);
    }

    [Fact]
    public void Load_ServiceWithOnlyOpenSloSlos_GetsNoDefaultSlos()
    {
        using var temp = With(InlineSlo);

        var catalog = temp.Catalog();

        Assert.Equal(["ledger-writes-availability"], catalog.SlosOf("ledger").Select(s => s.Id));
        Assert.Equal(["refunds-requests-availability"], catalog.SlosOf("refunds").Select(s => s.Id));
    }

    [Fact]
    public void Load_OpenSloSloBesidesTheServicesOwn_ComesAfterThem()
    {
        using var temp = With(InlineSlo.Replace("service: ledger", "service: refunds", StringComparison.Ordinal));

        Assert.Equal(["refunds-requests-availability", "ledger-writes-availability"], temp.Catalog().SlosOf("refunds").Select(s => s.Id));
    }

    [Fact]
    public void Load_OpenSloIdTakenByACatalogSlo_ReportsTheDuplicateWithBothPlaces()
    {
        var errors = ErrorsOf(InlineSlo.Replace("name: ledger-writes-availability", "name: refunds-requests-availability", StringComparison.Ordinal)
            .Replace("service: ledger", "service: refunds", StringComparison.Ordinal));

        Assert.Equal(["manifests/catalog/openslo/ledger.yaml:1: slo 'refunds-requests-availability': duplicate id, first declared at manifests/catalog/services.yaml:7"], errors);
    }

    [Fact]
    public void Load_SloOfUnknownService_NamesTheService()
    {
        Assert.Equal(
            ["manifests/catalog/openslo/ledger.yaml:7: OpenSLO SLO 'ledger-writes-availability': unknown service 'legder'; spec.service must be the id of a service in the catalog"],
            ErrorsOf(InlineSlo.Replace("service: ledger", "service: legder", StringComparison.Ordinal)));
    }

    [Fact]
    public void Load_UnknownIndicatorRef_NamesTheSli()
    {
        var slo = InlineSlo[..InlineSlo.IndexOf("  indicator:", StringComparison.Ordinal)] + "  indicatorRef: ledger-writes-gud\n" +
            InlineSlo[InlineSlo.IndexOf("  timeWindow:", StringComparison.Ordinal)..];

        Assert.Equal(
            ["manifests/catalog/openslo/ledger.yaml:8: OpenSLO SLO 'ledger-writes-availability': unknown SLI 'ledger-writes-gud' in spec.indicatorRef; declare it as an OpenSLO SLI (kind: SLI) in the catalog folder"],
            ErrorsOf(slo));
    }

    [Theory]
    // Line numbers in InlineSlo: apiVersion 1, kind 2, metadata.name 4, service 7, indicator's spec 12, good's type 16,
    // good's query 18, timeWindow 24, duration 25, budgetingMethod 27, objectives 28, objective 29, target 30.
    [InlineData("apiVersion: openslo/v1", "apiVersion: openslo/v1alpha",
        "manifests/catalog/openslo/ledger.yaml:1: OpenSLO document has unsupported apiVersion 'openslo/v1alpha'; the catalog reads OpenSLO documents of apiVersion openslo/v1 besides its own format (which has no apiVersion)")]
    [InlineData("kind: SLO", "kind: Slo",
        "manifests/catalog/openslo/ledger.yaml:2: OpenSLO document has unknown kind 'Slo'; allowed: SLO, SLI, and (ignored) Service, AlertPolicy, AlertCondition, AlertNotificationTarget, DataSource")]
    [InlineData("name: ledger-writes-availability", "name: ledger writes",
        "manifests/catalog/openslo/ledger.yaml:4: OpenSLO SLO 'ledger writes' has invalid metadata.name 'ledger writes'; use letters, digits, '.', '_' and '-' (ids appear in chat commands)")]
    [InlineData("  service: ledger\n", "",
        "manifests/catalog/openslo/ledger.yaml:7: OpenSLO SLO 'ledger-writes-availability': missing required field 'spec.service'")]
    [InlineData("    - duration: 28d\n      isRolling: true", "    - duration: 1M\n      isRolling: false\n      calendar: { startTime: \"2025-01-01 00:00:00\", timeZone: UTC }",
        "manifests/catalog/openslo/ledger.yaml:25: OpenSLO SLO 'ledger-writes-availability': timeWindow: duration '1M' for a calendar window is not supported; use a rolling window of days (duration: 28d, isRolling: true) or a calendar window of whole weeks (duration: 4w, isRolling: false)")]
    [InlineData("- duration: 28d", "- duration: 1M",
        "manifests/catalog/openslo/ledger.yaml:25: OpenSLO SLO 'ledger-writes-availability': timeWindow: duration '1M' for a rolling window is not supported; use a rolling window of days (duration: 28d, isRolling: true) or a calendar window of whole weeks (duration: 4w, isRolling: false)")]
    [InlineData("- duration: 28d\n      isRolling: true", "- duration: 10d\n      isRolling: false",
        "manifests/catalog/openslo/ledger.yaml:25: OpenSLO SLO 'ledger-writes-availability': timeWindow: duration '10d' for a calendar window is not supported; use a rolling window of days (duration: 28d, isRolling: true) or a calendar window of whole weeks (duration: 4w, isRolling: false)")]
    [InlineData("    - duration: 28d\n      isRolling: true", "    - duration: 28d\n      isRolling: true\n    - duration: 7d\n      isRolling: true",
        "manifests/catalog/openslo/ledger.yaml:25: OpenSLO SLO 'ledger-writes-availability': spec.timeWindow must have exactly one entry; found 2")]
    [InlineData("budgetingMethod: Occurrences", "budgetingMethod: Timeslices",
        "manifests/catalog/openslo/ledger.yaml:27: OpenSLO SLO 'ledger-writes-availability': spec.budgetingMethod 'Timeslices' is not supported; use Occurrences: the bot's error budget is a share of events, not of time slices")]
    [InlineData("  budgetingMethod: Occurrences\n", "",
        "manifests/catalog/openslo/ledger.yaml:7: OpenSLO SLO 'ledger-writes-availability': missing required field 'spec.budgetingMethod'")]
    [InlineData("      target: 0.999", "      target: 0.999\n    - displayName: Reads\n      target: 0.99",
        "manifests/catalog/openslo/ledger.yaml:29: OpenSLO SLO 'ledger-writes-availability': spec.objectives must have exactly one objective; found 2 (declare one SLO per objective)")]
    [InlineData("target: 0.999", "targetPercent: 99.9\n      target: 0.999",
        "manifests/catalog/openslo/ledger.yaml:29: OpenSLO SLO 'ledger-writes-availability': objective: declare exactly one of target (a ratio like 0.999) and targetPercent (like 99.9); found both")]
    [InlineData("target: 0.999", "target: 99.9",
        "manifests/catalog/openslo/ledger.yaml:30: OpenSLO SLO 'ledger-writes-availability': objective has target '99.9' outside (0, 1)")]
    [InlineData("target: 0.999", "targetPercent: 100",
        "manifests/catalog/openslo/ledger.yaml:30: OpenSLO SLO 'ledger-writes-availability': objective has targetPercent '100' outside (0, 100)")]
    [InlineData("type: Prometheus\n            spec:\n              query: sum(rate(ledger_writes_total{code", "type: Datadog\n            spec:\n              query: sum(rate(ledger_writes_total{code",
        "manifests/catalog/openslo/ledger.yaml:16: OpenSLO SLO 'ledger-writes-availability': spec.indicator.spec.ratioMetric.good.metricSource.type 'Datadog' is not supported; the bot reads Prometheus (type: Prometheus with spec.query)")]
    [InlineData("[1m]))\n        total", "))\n        total",
        "manifests/catalog/openslo/ledger.yaml:18: OpenSLO SLO 'ledger-writes-availability': spec.indicator.spec.ratioMetric.good.metricSource.spec.query has no range selector like [1m] and no {{.window}} placeholder; the bot reads it over each window, so write its range as [{{.window}}]")]
    [InlineData("        total:", "        bad: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(x[1m]))' } } }\n        total:",
        "manifests/catalog/openslo/ledger.yaml:13: OpenSLO SLO 'ledger-writes-availability': spec.indicator.spec.ratioMetric needs exactly one of good and bad, besides total; found both")]
    [InlineData("      ratioMetric:", "      thresholdMetric: { metricSource: { type: Prometheus, spec: { query: x } } }\n      ratioMetric:",
        "manifests/catalog/openslo/ledger.yaml:12: OpenSLO SLO 'ledger-writes-availability': spec.indicator.spec.thresholdMetric is not supported; the bot computes error budgets from event counts, so use ratioMetric (good or bad, and total)")]
    [InlineData("        counter: true", "        counter: true\n        rawType: success",
        "manifests/catalog/openslo/ledger.yaml:14: OpenSLO SLO 'ledger-writes-availability': spec.indicator.spec.ratioMetric.raw (a precomputed ratio) is not supported; use good or bad, and total, so that the bot can count events")]
    [InlineData("  displayName: Ledger writes succeed", "  displayName: Ledger writes succeed\n  annotations:\n    slo-bot/prio: P1",
        "manifests/catalog/openslo/ledger.yaml:7: OpenSLO SLO 'ledger-writes-availability': unknown annotation 'slo-bot/prio'; allowed here: slo-bot/sli, slo-bot/threshold, slo-bot/priority, slo-bot/matchers")]
    [InlineData("  displayName: Ledger writes succeed", "  displayName: Ledger writes succeed\n  annotations:\n    slo-bot/sli: latency",
        "manifests/catalog/openslo/ledger.yaml:7: OpenSLO SLO 'ledger-writes-availability': a latency SLI needs the annotation slo-bot/threshold (e.g. 300ms): a request is good when it takes at most this long")]
    [InlineData("  displayName: Ledger writes succeed", "  displayName: Ledger writes succeed\n  annotations:\n    slo-bot/threshold: 300ms",
        "manifests/catalog/openslo/ledger.yaml:7: OpenSLO SLO 'ledger-writes-availability': slo-bot/threshold applies only to latency SLIs (slo-bot/sli: latency)")]
    [InlineData("  displayName: Ledger writes succeed", "  displayName: Ledger writes succeed\n  annotations:\n    slo-bot/priority: P4",
        "manifests/catalog/openslo/ledger.yaml:7: slo 'ledger-writes-availability': priority P4 is not defined; defined: P1, P2, P3")]
    [InlineData("  displayName: Ledger writes succeed", "  displayName: Ledger writes succeed\n  annotations:\n    slo-bot/matchers: slo=ledger",
        "manifests/catalog/openslo/ledger.yaml:7: OpenSLO SLO 'ledger-writes-availability' has invalid matcher 'slo=ledger' in metadata.annotations.slo-bot/matchers; expected name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\"")]
    [InlineData("  name: ledger-writes-availability", "  name: ledger-writes-availability\n  owner: payments",
        "manifests/catalog/openslo/ledger.yaml:5: OpenSLO SLO 'ledger-writes-availability': unknown key 'metadata.owner'; allowed: name, displayName, labels, annotations")]
    public void Load_InvalidOpenSlo_ReportsItAtItsLine(string replace, string with, string error)
    {
        Assert.Equal([error], ErrorsOf(InlineSlo.Replace(replace, with, StringComparison.Ordinal)));
    }

    [Fact]
    public void Load_SloAndSliDisagreeingOnTheKind_IsReported()
    {
        using var temp = With(InlineSlo[..InlineSlo.IndexOf("  indicator:", StringComparison.Ordinal)].Replace("  displayName: Ledger writes succeed\n", """
              displayName: Ledger writes succeed
              annotations:
                slo-bot/sli: availability

            """, StringComparison.Ordinal) + "  indicatorRef: ledger-writes-bad\n" + InlineSlo[InlineSlo.IndexOf("  timeWindow:", StringComparison.Ordinal)..])
            .With("openslo/slis.yaml", Sli);

        Assert.Equal(
            [
                "manifests/catalog/openslo/ledger.yaml:7: OpenSLO SLO 'ledger-writes-availability': slo-bot/sli 'availability' disagrees with 'latency' on its SLI 'ledger-writes-bad' at manifests/catalog/openslo/slis.yaml:6",
                "manifests/catalog/openslo/slis.yaml:7: OpenSLO SLO 'ledger-writes-availability': slo-bot/threshold applies only to latency SLIs (slo-bot/sli: latency)",
            ],
            temp.Errors());
    }

    [Fact]
    public void Load_TwoSlisOfOneName_ReportsTheSecond()
    {
        using var temp = With(Sli + "\n---\n" + Sli);

        Assert.Equal(["manifests/catalog/openslo/ledger.yaml:21: OpenSLO SLI 'ledger-writes-bad': duplicate name, first declared at manifests/catalog/openslo/ledger.yaml:1"], temp.Errors());
    }

    [Theory]
    [InlineData("""sum(rate(a[1m])) / sum(rate(b[1h30m]))""", """sum(rate(a[{{.window}}])) / sum(rate(b[{{.window}}]))""")]
    [InlineData("""sum(increase(a{x="[1m]"}[5m]))""", """sum(increase(a{x="[{{.window}}]"}[{{.window}}]))""")]
    [InlineData("""max_over_time(a[1h:5m])""", null)]
    [InlineData("""sum(a)""", null)]
    [InlineData("""sum(rate(a[{{.window}}])) + sum(rate(b[5m]))""", """sum(rate(a[{{.window}}])) + sum(rate(b[5m]))""")]
    public void WithWindowPlaceholder_ReplacesRangeSelectors(string query, string? expected)
    {
        Assert.Equal(expected, OpenSloReader.WithWindowPlaceholder(query));
    }

    [Theory]
    [InlineData("""a="1", b=~"x{1,2}" ,c!="\"," """, new[] { """a="1" """, """b=~"x{1,2}" """, """c!="\"," """ })]
    [InlineData(" , ", new string[0])]
    public void SplitMatchers_SplitsOnCommasOutsideQuotes(string text, string[] expected)
    {
        Assert.Equal(expected.Select(e => e.Trim()), OpenSloReader.SplitMatchers(text));
    }
}
