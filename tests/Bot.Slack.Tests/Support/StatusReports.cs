using Bot.Core.Catalog;
using Bot.Core.Slos;

namespace Bot.Slack.Tests.Support;

/// <summary>
/// Status reports for rendering tests, shared by the Slack and Teams tests (the Teams project links this file) so both
/// render the same reports. Each row's budget is <see cref="ErrorBudget.Evaluate"/> of an SLI reading written here,
/// so the figures are the math's, not made up; the text is <see cref="SloStatusText"/>'s, as the command handler's.
/// </summary>
internal static class StatusReports
{
    public static readonly DateTimeOffset At = new(2026, 3, 1, 14, 5, 0, TimeSpan.Zero);

    private static readonly SloWindow Rolling = SloWindow.Rolling28Days;

    /// <summary>
    /// Team Payments: an exhausted SLO with two open incidents, a burning calendar-window SLO, a healthy one, one
    /// estimated from breaches, and one without data; with the open incidents under the rows, as the handler lists them.
    /// </summary>
    public static (SloStatusReport Report, string Text) Team()
    {
        SloStatusRow[] rows =
        [
            Row(Define("payment-gateway", "Payment Gateway", "requests-availability", 0.9995, Rolling), Pushed(0.00056, 0.002, 0.0016, 0.001, 0.00075, 0.0006), open: 2),
            Row(Define("ledger", "Ledger", "writes-availability", 0.9999, SloWindow.FourCalendarWeeks), Pushed(0.00004, 0.0004, 0.0003, 0.0002, 0.00012, 0.00005)),
            Row(Define("payment-gateway", "Payment Gateway", "requests-latency", 0.99, Rolling, SliKind.Latency), Pushed(0.002, 0.004, 0.005, 0.006, 0.008, 0.003)),
            Row(Define("refunds", "Refunds", "availability", 0.9, Rolling),
                new SliReading(SliOrigin.Breaches, At, 0.01, null, new BurnWindows(0, 0, 0, 0, 0.02),
                    "estimated from 2 breaches (3.5 h in breach this period), assuming a 14.4× burn while in breach unless the alert reported one")),
            NoData(Define("refunds", "Refunds", "latency", 0.8, Rolling, SliKind.Latency), "nothing pushed to /api/sli/refunds-latency since 2026-02-01 14:05 UTC", open: 1),
        ];
        var report = Report(new SloScope(SloScopeKind.Team, "payments", "Payments"), rows, 0, [], null);
        var text = SloStatusText.Render(report) + "\nOpen incidents (3):" +
            "\n• #42 P1 critical · Payment Gateway availability <99.95% & burning · requests-availability · since 2026-03-01 13:40 UTC (×3) · acknowledged by Ana Kovač" +
            "\n• #44 P2 error · Payment Gateway *p99* latency · requests-availability · since 2026-03-01 13:52 UTC (×1) · not acknowledged" +
            "\n• #45 P3 warning · Refunds latency · latency · since 2026-03-01 12:00 UTC (×1) · not acknowledged";
        return (report, text);
    }

    /// <summary>Domain Money Movement: a roll-up of three teams, the worst five of its nine SLOs, the drill-down hint.</summary>
    public static (SloStatusReport Report, string Text) OrgUnit()
    {
        var all = new[]
        {
            Row(Define("checkout-api", "Checkout API", "requests-availability", 0.999, Rolling, team: "checkout"), Pushed(0.00112, 0.01, 0.0144, 0.006, 0.002, 0.0012), open: 1),
            Row(Define("payment-gateway", "Payment Gateway", "requests-availability", 0.9995, Rolling), Pushed(0.0003, 0.001, 0.0011, 0.0008, 0.0006, 0.0004), open: 1),
            Row(Define("checkout-api", "Checkout API", "requests-latency", 0.99, Rolling, SliKind.Latency, team: "checkout"), Pushed(0.005, 0.015, 0.012, 0.008, 0.006, 0.005)),
            Row(Define("ledger", "Ledger", "writes-availability", 0.9999, SloWindow.FourCalendarWeeks), Pushed(0.00003, null, null, 0.00001, 0.00002, 0.00003)),
            Row(Define("cart", "Cart", "requests-availability", 0.999, Rolling, team: "checkout"), Pushed(0.0002, 0.0001, 0.0001, 0.0001, 0.0002, 0.0002)),
            Row(Define("payment-gateway", "Payment Gateway", "requests-latency", 0.99, Rolling, SliKind.Latency), Pushed(0.001, 0.001, 0.001, 0.001, 0.001, 0.001)),
            Row(Define("fraud-scoring", "Fraud Scoring", "decisions-latency", 0.995, Rolling, SliKind.Latency, team: "risk"), Pushed(0.0004, 0.0003, 0.0003, 0.0003, 0.0004, 0.0004)),
            Row(Define("refunds", "Refunds", "availability", 0.9, Rolling), Pushed(0.001, 0, 0, 0, 0, 0)),
            NoData(Define("fraud-scoring", "Fraud Scoring", "decisions-availability", 0.999, Rolling, team: "risk"), "reading failed: Prometheus at http://prometheus:9090 did not answer within 5 s"),
        };
        var rows = Sorted(all);
        SloRollup[] children =
        [
            Rollup("checkout", "Checkout", rows),
            Rollup("payments", "Payments", rows),
            Rollup("risk", "Risk", rows),
        ];
        var shown = rows.Take(SloStatusBoard.RowsForOrgUnit).ToList();
        var report = Report(new SloScope(SloScopeKind.Domain, "money-movement", "Money Movement"), shown, rows.Count - shown.Count, children, "status checkout")
            with { Counts = Counts(rows) };
        return (report, SloStatusText.Render(report));
    }

    /// <summary>Team Platform with <paramref name="count"/> SLOs of every state: more than a Slack message or a Teams card holds one per row.</summary>
    public static (SloStatusReport Report, string Text) Many(int count)
    {
        var rows = Enumerable.Range(1, count).Select(i =>
        {
            var slo = Define($"service-{i:000}", $"Service {i:000}", i % 2 == 0 ? "requests-latency" : "requests-availability", 0.999, Rolling, team: "platform");
            // From exhausted (0.0012 over a 0.001 budget) down to healthy, with every seventh without data.
            var ratio = 0.0012 - (0.0012 * i / count);
            return i % 7 == 0
                ? NoData(slo, $"nothing pushed to /api/sli/{slo.Slo.Id} since 2026-02-01 14:05 UTC")
                : Row(slo, Pushed(ratio, ratio * 2, ratio * 1.5, ratio, ratio * 0.8, ratio), open: i % 5 == 0 ? 1 : 0);
        });
        var sorted = Sorted(rows);
        var report = Report(new SloScope(SloScopeKind.Team, "platform", "Platform"), sorted, 0, [], null);
        return (report, SloStatusText.Render(report));
    }

    private static SloStatusReport Report(SloScope scope, IReadOnlyList<SloStatusRow> rows, int omitted, IReadOnlyList<SloRollup> children, string? drillDown) =>
        new(scope, At, Counts(rows), rows, omitted, children, drillDown);

    private static SloStateCounts Counts(IEnumerable<SloStatusRow> rows) => rows.Aggregate(SloStateCounts.Zero, (c, r) => c.Add(r.State));

    /// <summary>As the board sorts: lowest budget left first, no data last.</summary>
    private static List<SloStatusRow> Sorted(IEnumerable<SloStatusRow> rows) =>
        [.. rows.OrderBy(r => r.Budget is null).ThenBy(r => r.Budget?.Remaining ?? 0).ThenBy(r => r.SloId, StringComparer.Ordinal)];

    private static SloRollup Rollup(string teamId, string name, IReadOnlyList<SloStatusRow> rows)
    {
        var mine = rows.Where(r => r.TeamId == teamId).ToList();
        var worst = mine.FirstOrDefault(r => r.Budget is not null);
        return new SloRollup(teamId, name, SloScopeKind.Team, Counts(mine), worst?.Budget?.Remaining, worst?.SloId, mine.Sum(r => r.OpenIncidents));
    }

    private static (Slo Slo, string ServiceName, string TeamId) Define(
        string serviceId, string serviceName, string name, double target, SloWindow window, SliKind sli = SliKind.Availability, string team = "payments") =>
        (new Slo($"{serviceId}-{name}", name, serviceId, sli, target, window, null, null, null, [], false), serviceName, team);

    /// <summary>A pushed reading: the period's error ratio, then 5m, 1h, 6h, 24h and 7d.</summary>
    private static SliReading Pushed(double period, double? last5m, double? last1h, double? last6h, double? last24h, double? last7d) =>
        new(SliOrigin.Pushed, At, period, null, new BurnWindows(last5m, last1h, last6h, last24h, last7d));

    private static SloStatusRow Row((Slo Slo, string ServiceName, string TeamId) s, SliReading reading, int open = 0)
    {
        var budget = ErrorBudget.Evaluate(s.Slo, reading);
        return new SloStatusRow(
            s.Slo.Id, s.Slo.Name, s.Slo.ServiceId, s.ServiceName, s.TeamId, s.Slo.Sli, s.Slo.Target, s.Slo.Window,
            budget.State, budget, reading.Origin, reading.Estimate, null, open);
    }

    private static SloStatusRow NoData((Slo Slo, string ServiceName, string TeamId) s, string reason, int open = 0) => new(
        s.Slo.Id, s.Slo.Name, s.Slo.ServiceId, s.ServiceName, s.TeamId, s.Slo.Sli, s.Slo.Target, s.Slo.Window,
        SloState.NoData, null, null, null, reason, open);
}
