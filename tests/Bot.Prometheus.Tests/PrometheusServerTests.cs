using Bot.Core.Catalog;
using Bot.Core.Slos;
using Bot.Prometheus.Tests.Support;

namespace Bot.Prometheus.Tests;

/// <summary>
/// The reader against a real Prometheus loaded with <see cref="KnownSliData"/>, queried at <see cref="KnownSliData.Now"/>:
/// every ratio, and the error budget made of them, equals the figure worked out by hand from the data.
/// </summary>
public sealed class PrometheusServerTests(KnownPrometheus prometheus) : IClassFixture<KnownPrometheus>
{
    private static readonly DateTimeOffset Now = KnownSliData.Now;

    private const string BadQuery = "sum(rate(http_requests_total{job=\"checkout\",code=~\"5..\"}[{{.window}}]))";
    private const string GoodQuery = "sum(rate(http_requests_total{job=\"checkout\",code!~\"5..\"}[{{ .window }}]))";
    private const string TotalQuery = "sum(rate(http_requests_total{job=\"checkout\"}[{{.window}}]))";

    // By hand, from the counters (KnownSliData): 1,000 requests a minute, so a window of w minutes holds 1,000·w
    // requests. Samples sit exactly on every window's edges (Now − w), where Prometheus 2.x's range includes them, so
    // rate() extrapolates nothing and bad ÷ total is the counters' growth over the window, divided:
    //   5m:  bad 5 × 50 = 250                               of   5,000 → 0.05
    //   1h:  250 + 55 × 20 = 1,350                          of  60,000 → 0.0225
    //   6h:  1,350 + 300 × 5 = 2,850                        of 360,000 → 0.0079166…
    //   1d:  2,850 + 1,080 × 1 = 3,930                      of 1,440,000 → 0.0027291…
    //   7d:  3,930 + 120 × 1 (minutes 1441–1560) + 8,520 (7d → 26h) = 12,570 of 10,080,000 → 0.0012470…
    //   28d: 12,570 + 10,000 (28d → 7d) = 22,570            of 40,320,000 → 0.00055977…
    // (the 500,000 bad requests between 29 and 28 days ago are outside every range).
    private const double Ratio5m = 250.0 / 5_000;
    private const double Ratio1h = 1_350.0 / 60_000;
    private const double Ratio6h = 2_850.0 / 360_000;
    private const double Ratio1d = 3_930.0 / 1_440_000;
    private const double Ratio7d = 12_570.0 / 10_080_000;
    private const double Ratio28d = 22_570.0 / 40_320_000;

    private PrometheusSliReader Reader() => Readers.Create(prometheus.BaseUrl.ToString(), new SocketsHttpHandler(), timeout: TimeSpan.FromSeconds(30));

    private static Slo Slo(SliDataSource source, SloWindow? window = null) => Readers.Slo(source, window, target: 0.999);

    private async Task<SliReading> ReadAsync(Slo slo)
    {
        var read = await Reader().ReadAsync(slo, slo.Window.PeriodAt(Now), Now, CancellationToken.None);
        Assert.True(read.Reading is not null, $"no reading: {read.NoDataReason}");
        return read.Reading;
    }

    [PrometheusFact]
    public async Task OwnQueries_BadOverTotal_EveryWindowAndThe28DayPeriodAreTheHandComputedRatios()
    {
        var reading = await ReadAsync(Slo(new SliDataSource.PrometheusQueries(BadQuery, null, TotalQuery)));

        Assert.Equal(SliOrigin.Prometheus, reading.Origin);
        Assert.Equal(Now, reading.At);
        AssertWindows(reading.Windows, Ratio5m, Ratio1h, Ratio6h, Ratio1d, Ratio7d);
        Close(Ratio28d, reading.PeriodErrorRatio);
    }

    [PrometheusFact]
    public async Task OwnQueries_OneMinusGoodOverTotal_SameRatios()
    {
        var reading = await ReadAsync(Slo(new SliDataSource.PrometheusQueries(null, GoodQuery, TotalQuery)));

        AssertWindows(reading.Windows, Ratio5m, Ratio1h, Ratio6h, Ratio1d, Ratio7d);
        Close(Ratio28d, reading.PeriodErrorRatio);
    }

    [PrometheusFact]
    public async Task OwnQueries_RollingSlo_ErrorBudgetIsTheHandComputedOne()
    {
        var slo = Slo(new SliDataSource.PrometheusQueries(BadQuery, null, TotalQuery));

        var budget = ErrorBudget.Evaluate(slo, await ReadAsync(slo));

        // Target 99.9%: budget B = 0.001.
        //   compliance = 1 − 22,570 / 40,320,000          = 0.99944022…
        //   consumed   = (22,570 / 40,320,000) / 0.001     = 22,570 / 40,320 = 0.55977…
        //   remaining  = 1 − consumed                      = 17,750 / 40,320 = 0.44022…
        //   burn 1h    = 0.0225 / 0.001 = 22.5;  burn 24h = (3,930 / 1,440,000) / 0.001 = 2.7291…
        //   at 22.5× the remaining 44.02% of a 28-day budget lasts 40,320 min × (17,750 / 40,320) / 22.5
        //   = 17,750 / 22.5 min = 788.89 min (13 h 8 min 53 s); it depletes 22.5 × 1 h / 672 h = 3.348% an hour.
        //   Rolling, burning above 1×: Burning.
        Close(1 - (22_570.0 / 40_320_000), budget.Compliance);
        Close(22_570.0 / 40_320, budget.Consumed);
        Close(17_750.0 / 40_320, budget.Remaining);
        Close(22.5, budget.Burn.Last1h!.Value);
        Close(3_930.0 / 1_440, budget.Burn.Last24h!.Value);
        Close(50, budget.Burn.Last5m!.Value);
        Assert.Equal(TimeSpan.FromHours(1), budget.CurrentBurnWindow);
        Close(17_750.0 / 22.5, budget.TimeToExhaustion!.Value.TotalMinutes);
        Close(22.5 / 672, budget.DepletionPerHour!.Value);
        Assert.Equal(SloState.Burning, budget.State);
    }

    [PrometheusFact]
    public async Task OwnQueries_CalendarSlo_PeriodRunsFromTheBlockStartAndItsBudgetIsOverspent()
    {
        var slo = Slo(new SliDataSource.PrometheusQueries(BadQuery, null, TotalQuery), SloWindow.FourCalendarWeeks);

        var reading = await ReadAsync(slo);
        var budget = ErrorBudget.Evaluate(slo, reading);

        // Now is Monday 2024-12-30 00:00, 7 days (604,800 s) into the block that began on Monday 2024-12-23, so the
        // period so far is the last 7 days: 12,570 bad of 10,080,000 → 0.0012470…, i.e. 1.2470 budgets consumed and
        // remaining 1 − 12,570 / 10,080 = −2,490 / 10,080 = −0.24702… (shown, not clamped): Exhausted, 21 days left.
        Close(Ratio7d, reading.PeriodErrorRatio);
        AssertWindows(reading.Windows, Ratio5m, Ratio1h, Ratio6h, Ratio1d, Ratio7d);
        Close(12_570.0 / 10_080, budget.Consumed);
        Close(-2_490.0 / 10_080, budget.Remaining);
        Assert.Equal(SloState.Exhausted, budget.State);
        Assert.Equal(TimeSpan.Zero, budget.TimeToExhaustion);
        Assert.Equal(21, budget.DaysLeftInPeriod);
    }

    [PrometheusFact]
    public async Task SlothRules_RecordedRatiosAndMeansOfFiveMinuteRatios_AreTheHandComputedOnes()
    {
        var reading = await ReadAsync(Slo(new SliDataSource.SlothRules(KnownSliData.SlothId)));

        // 5m, 1h, 6h, 1d: Sloth's recorded series as they stand at Now (their newest samples, 30 s before):
        //   0.004, 0.003, 0.0035, 0.0038.
        // 7d: mean of the 5-minute ratio's samples in the last 7 days: 1,440 × 0.004 + 60 × 0.002 = 5.88 over 1,500
        //   samples → 0.00392.
        // 28d: 5.88 + 60 × 0.0005 = 5.91 over 1,560 samples → 0.0037884… (the 0.5 at 29 days is outside).
        AssertWindows(reading.Windows, 0.004, 0.003, 0.0035, 0.0038, 5.88 / 1_500);
        Close(5.91 / 1_560, reading.PeriodErrorRatio);
    }

    [PrometheusFact]
    public async Task PyrraRules_AveragedErrorsOverAveragedRequests_AreTheHandComputedOnes()
    {
        var reading = await ReadAsync(Slo(new SliDataSource.PyrraRules(KnownSliData.PyrraSlo)));

        // Requests are 10/s in every sample, so each ratio is the mean of the errors samples in the range ÷ 10:
        //   5m:  the 5 newest samples, 0.5 each                         → 0.5 / 10         = 0.05
        //   1h:  5 × 0.5 + 55 × 0.1 = 8 over 60                         → 8 / 600          = 0.013333…
        //   6h:  8 + 300 × 0.05 = 23 over 360                           → 23 / 3,600       = 0.0063888…
        //   1d:  23 + 1,080 × 0.02 = 44.6 over 1,440                    → 44.6 / 14,400    = 0.0030972…
        //   7d:  44.6 + 60 × 0.01 = 45.2 over 1,500                     → 45.2 / 15,000    = 0.0030133…
        //   28d: 45.2 + 60 × 0.001 = 45.26 over 1,560                   → 45.26 / 15,600   = 0.0029012…
        AssertWindows(reading.Windows, 0.05, 8.0 / 600, 23.0 / 3_600, 44.6 / 14_400, 45.2 / 15_000);
        Close(45.26 / 15_600, reading.PeriodErrorRatio);
    }

    [PrometheusFact]
    public async Task SlothRules_UnknownSlothId_NoDataSayingThereAreNoSamples()
    {
        var slo = Slo(new SliDataSource.SlothRules("checkout-typo"));

        var read = await Reader().ReadAsync(slo, slo.Window.PeriodAt(Now), Now, CancellationToken.None);

        Assert.Null(read.Reading);
        Assert.Equal("Prometheus has no samples for slo:sli_error:ratio_rate5m{sloth_id=\"checkout-typo\"} over the period", read.NoDataReason);
    }

    [PrometheusFact]
    public async Task OwnQueries_NoRequestsAtAll_NoDataNotZero()
    {
        // A job with no series: bad / total has nothing to divide, so there are no samples rather than a perfect 100%.
        var slo = Slo(new SliDataSource.PrometheusQueries(
            "sum(rate(http_requests_total{job=\"billing\",code=~\"5..\"}[{{.window}}]))", null, "sum(rate(http_requests_total{job=\"billing\"}[{{.window}}]))"));

        var read = await Reader().ReadAsync(slo, slo.Window.PeriodAt(Now), Now, CancellationToken.None);

        Assert.Equal("Prometheus has no samples for 'sum(rate(http_requests_total{job=\"billing\"}[{{.window}}]))' over the period", read.NoDataReason);
    }

    [PrometheusFact]
    public async Task OwnQueries_SyntaxError_NoDataWithPrometheusParseError()
    {
        var slo = Slo(new SliDataSource.PrometheusQueries("sum(rate(http_requests_total{code=~\"5..\"}[{{.window}}])", null, TotalQuery));

        var read = await Reader().ReadAsync(slo, slo.Window.PeriodAt(Now), Now, CancellationToken.None);

        Assert.Null(read.Reading);
        Assert.StartsWith($"Prometheus at {prometheus.BaseUrl} rejected the query 'label_replace((sum(rate(", read.NoDataReason, StringComparison.Ordinal);
        Assert.Contains("': bad_data: ", read.NoDataReason, StringComparison.Ordinal);
        Assert.Contains("parse error", read.NoDataReason, StringComparison.Ordinal);
    }

    [PrometheusFact]
    public async Task ReadAsync_PrometheusStopped_NoDataSayingItIsUnreachable()
    {
        var storage = Directory.CreateDirectory(Path.Combine(prometheus.Folder, "stopped-" + Guid.NewGuid().ToString("N")[..8])).FullName;
        await using var server = await PrometheusProcess.StartAsync(Path.Combine(storage, "tsdb"), storage);
        var reader = Readers.Create(server.BaseUrl.ToString(), new SocketsHttpHandler(), timeout: TimeSpan.FromSeconds(30));
        var slo = Slo(new SliDataSource.SlothRules(KnownSliData.SlothId));
        var answered = await reader.ReadAsync(slo, slo.Window.PeriodAt(Now), Now, CancellationToken.None);
        Assert.StartsWith("Prometheus has no samples for ", answered.NoDataReason, StringComparison.Ordinal);

        await server.StopAsync();
        var read = await reader.ReadAsync(slo, slo.Window.PeriodAt(Now), Now, CancellationToken.None);

        Assert.True(server.HasExited);
        Assert.Null(read.Reading);
        Assert.Equal($"Prometheus at {server.BaseUrl} is unreachable: Connection refused", read.NoDataReason);
    }

    private static void AssertWindows(BurnWindows windows, double last5m, double last1h, double last6h, double last24h, double last7d)
    {
        Close(last5m, windows.Last5m);
        Close(last1h, windows.Last1h);
        Close(last6h, windows.Last6h);
        Close(last24h, windows.Last24h);
        Close(last7d, windows.Last7d);
    }

    /// <summary>Equal to 9 significant digits: Prometheus sums in floating point, in its own order.</summary>
    private static void Close(double expected, double? actual)
    {
        Assert.True(actual is not null, $"expected {expected:R}, got no value");
        Assert.True(Math.Abs(actual.Value - expected) <= 1e-9 * Math.Abs(expected), $"expected {expected:R}, got {actual.Value:R}");
    }
}
