using Bot.Core.Catalog;
using Bot.Core.Slos;
using Bot.Core.Tests.Commands;
using Bot.Core.Tests.Support;

namespace Bot.Core.Tests.Budget;

/// <summary>The status board over the test catalog (Acme → Commerce: payments; Discovery: search) with pushed counts.</summary>
public sealed class SloStatusBoardTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
    private readonly FixedClock _clock = new(Now);
    private readonly InMemorySliStore _pushed = new();
    private readonly CatalogHolder _catalog;
    private readonly SloStatusBoard _board;

    public SloStatusBoardTests()
    {
        _catalog = new CatalogHolder(new FixedSource(TestCatalog.Create()), _clock);
        _catalog.Reload();
        _board = StatusBoards.Over(_catalog, new ListingStore(), _clock, _pushed);
    }

    /// <summary>Period counts with the given bad share, and the same ratio over every burn window.</summary>
    private void Push(string sloId, double badShare, double? windowBad = null)
    {
        var w = windowBad ?? badShare;
        _pushed.Set(sloId, new EventCounts(1_000_000 * (1 - badShare), 1_000_000),
            [.. BurnWindows.Lengths.Select(_ => new EventCounts(10_000 * (1 - w), 10_000))]);
    }

    [Fact]
    public async Task Team_RowsSortedByBudgetLeft_LowestFirst_WithTheHandComputedNumbers()
    {
        Push("checkout-requests-availability", 0.0015, windowBad: 0.003); // 99.9%: consumed 150%, left −50%, burn 3×
        Push("checkout-latency", 0.004);                                   // 99%: consumed 40%, left 60%, burn 0.4×
        Push("ledger-availability", 0.05, windowBad: 0.2);                 // 90%: consumed 50%, left 50%, burn 2×

        var report = await _board.ReportAsync(new SloScope(SloScopeKind.Team, "payments", "Payments"), CancellationToken.None);

        Assert.Equal(["checkout-requests-availability", "ledger-availability", "checkout-latency"], report.Rows.Select(r => r.SloId));
        Assert.Equal([SloState.Exhausted, SloState.Burning, SloState.Healthy], report.Rows.Select(r => r.State));
        Assert.Equal(-0.5, report.Rows[0].Budget!.Remaining, 9);
        Assert.Equal(3, report.Rows[0].Budget!.Burn.Last1h!.Value, 9);
        Assert.Equal(0.5, report.Rows[1].Budget!.Remaining, 9);
        Assert.Equal(new SloStateCounts(1, 1, 1, 0), report.Counts);
        Assert.Empty(report.Children);
    }

    [Fact]
    public async Task Team_SloWithoutPushesOrBreaches_IsAnEstimate_LabelledSo()
    {
        var report = await _board.ReportAsync(new SloScope(SloScopeKind.Service, "search-api", "Search API"), CancellationToken.None);

        var row = Assert.Single(report.Rows);
        Assert.Equal(SliOrigin.Breaches, row.Origin);
        Assert.Equal("estimated from breaches: none this period", row.Estimate);
        Assert.Contains("· estimate", SloStatusText.Line(row), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Everything_RollsUpPerDomain_WorstFirst_WithADrillDownHint()
    {
        Push("checkout-requests-availability", 0.0015, windowBad: 0.003);
        Push("search-api-queries", 0.001);

        var report = await _board.ReportAsync(SloScope.Everything, CancellationToken.None);

        Assert.Equal(["commerce", "discovery"], report.Children.Select(c => c.Id));
        Assert.Equal(1, report.Children[0].Counts.Exhausted);
        Assert.Equal("checkout-requests-availability", report.Children[0].WorstSloId);
        Assert.Equal("status commerce", report.DrillDown);
        Assert.Equal(4, report.Counts.Total);
        var text = SloStatusText.Render(report);
        Assert.Contains("By domain, worst first:", text, StringComparison.Ordinal);
        Assert.Contains("Drill down: status commerce", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrgUnit_ShowsOnlyTheWorstRows_AndCountsTheRest()
    {
        var report = await _board.ReportAsync(new SloScope(SloScopeKind.Domain, "commerce", "Commerce"), CancellationToken.None);

        Assert.Equal(3, report.Counts.Total);
        Assert.True(report.Rows.Count <= SloStatusBoard.RowsForOrgUnit);
        Assert.Equal(["payments"], report.Children.Select(c => c.Id));
    }

    [Theory]
    [InlineData("payments", SloScopeKind.Team)]
    [InlineData("checkout", SloScopeKind.Service)]
    [InlineData("discovery", SloScopeKind.Domain)]
    [InlineData("acme", SloScopeKind.Org)]
    [InlineData("ledger-availability", SloScopeKind.Slo)]
    [InlineData("all", SloScopeKind.Everything)]
    public void Resolve_NamesEveryKindOfScope(string word, SloScopeKind kind)
    {
        Assert.Equal(kind, SloStatusBoard.Resolve(_catalog.Current, word)!.Kind);
    }

    [Fact]
    public void Resolve_Unknown_IsNull()
    {
        Assert.Null(SloStatusBoard.Resolve(_catalog.Current, "nope"));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
