using Bot.Core.Catalog;
using Bot.Core.Slos;

namespace Bot.Core.Tests.Budget;

/// <summary>The error budget math against the worked examples of the SRE workbook and alert-formats-slo.md §5.</summary>
public sealed class ErrorBudgetTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static Slo SloOf(double target, int days = 30, SloWindowKind kind = SloWindowKind.Rolling) =>
        new("checkout-api-requests-availability", "requests-availability", "checkout-api", SliKind.Availability, target,
            new SloWindow(kind, days), null, null, null, [], IsDefault: false);

    private static SliReading Reading(double period, double? last1h = null, double? last6h = null, double? last24h = null, double? last5m = null, double? last7d = null) =>
        new(SliOrigin.Pushed, Now, period, null, new BurnWindows(last5m, last1h, last6h, last24h, last7d));

    [Fact]
    public void AllowedDowntime_999Over30Days_Is43Point2MinutesOfFullOutage()
    {
        var budget = ErrorBudget.Evaluate(SloOf(0.999), Reading(0));

        Assert.Equal(43.2, budget.AllowedDowntime.TotalMinutes, 6);
    }

    [Fact]
    public void LastsFor_BurnOf14Point4_ExhaustsA30DayBudgetInAbout2Point08Days()
    {
        Assert.Equal(2.0833, ErrorBudget.LastsFor(14.4, TimeSpan.FromDays(30)).TotalDays, 3);
    }

    [Fact]
    public void Evaluate_FullBudgetBurningAt14Point4_ExhaustsInAbout2Point08Days_AndSaysSo()
    {
        var budget = ErrorBudget.Evaluate(SloOf(0.999), Reading(0, last1h: 0.0144));

        Assert.Equal(14.4, budget.Burn.Last1h!.Value, 9);
        Assert.Equal(2.0833, budget.TimeToExhaustion!.Value.TotalDays, 3);
        Assert.Equal(SloState.Burning, budget.State);
        Assert.Equal("in about 2.1 days at the 1h rate", PlainWords.Exhaustion(budget));
    }

    [Fact]
    public void Evaluate_14Point4BurnForAnHour_Consumes2PercentOfA30DayBudget()
    {
        Assert.Equal(0.02, ErrorBudget.ConsumedIn(14.4, TimeSpan.FromHours(1), TimeSpan.FromDays(30)), 9);
    }

    [Fact]
    public void Evaluate_ErrorRatio0Point0004Over30Days_Consumes40Percent_Leaves60_AndAt15xRunsOutIn1Point2Days()
    {
        var budget = ErrorBudget.Evaluate(SloOf(0.999), Reading(0.0004, last1h: 0.015));

        Assert.Equal(0.4, budget.Consumed, 9);
        Assert.Equal(0.6, budget.Remaining, 9);
        Assert.Equal(0.9996, budget.Compliance, 9);
        Assert.Equal(1.2, budget.TimeToExhaustion!.Value.TotalDays, 6);
        Assert.Equal("60.0%", PlainWords.Percent(budget.Remaining));
    }

    [Fact]
    public void Evaluate_Overspent_RemainingIsNegative_NotClamped_AndShownWithAMinus()
    {
        var budget = ErrorBudget.Evaluate(SloOf(0.999), Reading(0.0025, last1h: 0.002));

        Assert.Equal(2.5, budget.Consumed, 9);
        Assert.Equal(-1.5, budget.Remaining, 9);
        Assert.Equal(SloState.Exhausted, budget.State);
        Assert.Equal(TimeSpan.Zero, budget.TimeToExhaustion);
        Assert.Equal("−150.0%", PlainWords.Percent(budget.Remaining));
        Assert.Equal("exhausted", PlainWords.Exhaustion(budget));
    }

    [Fact]
    public void DepletionPerHour_BurnOf1Over28Days_IsOne672ndPerHour()
    {
        var budget = ErrorBudget.Evaluate(SloOf(0.999, days: 28), Reading(0.0001, last1h: 0.001));

        Assert.Equal(1.0 / 672, budget.DepletionPerHour!.Value, 9);
        Assert.Equal("0.15%/h", PlainWords.Speed(budget.DepletionPerHour.Value));
    }

    [Theory]
    [InlineData(0.5, SloState.Healthy)]
    [InlineData(1.0, SloState.Healthy)]
    [InlineData(1.5, SloState.Burning)]
    public void Evaluate_RollingWindow_BurnsFasterThanTheBudgetAllows_IsBurning(double burn, SloState expected)
    {
        var budget = ErrorBudget.Evaluate(SloOf(0.99, days: 28), Reading(0.001, last1h: burn * 0.01));

        Assert.Equal(expected, budget.State);
    }

    [Fact]
    public void Evaluate_NoHourOfData_CurrentBurnFallsBackToThe6HourWindow()
    {
        var budget = ErrorBudget.Evaluate(SloOf(0.99, days: 28), Reading(0.001, last1h: null, last6h: 0.02));

        Assert.Equal(TimeSpan.FromHours(6), budget.CurrentBurnWindow);
        Assert.Equal(2, budget.CurrentBurn!.Value, 9);
    }

    [Fact]
    public void Evaluate_NoRecentData_TimeToExhaustionUnknown_NotInvented()
    {
        var budget = ErrorBudget.Evaluate(SloOf(0.99, days: 28), Reading(0.001));

        Assert.Null(budget.CurrentBurnWindow);
        Assert.Null(budget.TimeToExhaustion);
        Assert.Equal(SloState.Healthy, budget.State);
        Assert.Equal("unknown: no recent data", PlainWords.Exhaustion(budget));
    }

    [Fact]
    public void PeriodAt_FourCalendarWeeks_IsTheMondayAlignedBlock_AndCountsTheDaysLeft()
    {
        // 2026-11-22 is day 20775 after Monday 1970-01-05: block 741 (×28 days) starts Monday 2026-10-26, day 27 of it.
        var slo = SloOf(0.9999, days: 28, kind: SloWindowKind.CalendarWeeks);

        var period = slo.Window.PeriodAt(Now);
        var budget = ErrorBudget.Evaluate(slo, Reading(0.00001, last1h: 0));

        Assert.Equal(new DateTimeOffset(2026, 10, 26, 0, 0, 0, TimeSpan.Zero), period.Start);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), period.End);
        Assert.Equal(DayOfWeek.Monday, period.Start.DayOfWeek);
        Assert.Equal(1, budget.DaysLeftInPeriod);
    }

    [Fact]
    public void Evaluate_CalendarWindow_BurnThatOutlastsThePeriod_IsHealthy_AndLastsThePeriod()
    {
        // 12 h left in the period; at 2× the remaining 90% of a 28-day budget lasts 12.6 days.
        var slo = SloOf(0.999, days: 28, kind: SloWindowKind.CalendarWeeks);

        var budget = ErrorBudget.Evaluate(slo, Reading(0.0001, last1h: 0.002));

        Assert.Equal(SloState.Healthy, budget.State);
        Assert.Equal("lasts the period (1 day left)", PlainWords.Exhaustion(budget));
    }

    [Fact]
    public void Evaluate_CalendarWindow_RunningOutBeforeThePeriodEnds_IsBurning()
    {
        // 10% left of a 28-day budget at 100×: gone in 0.1 × 28 d / 100 = 40.32 min, before the period ends in 12 h.
        var slo = SloOf(0.999, days: 28, kind: SloWindowKind.CalendarWeeks);

        var budget = ErrorBudget.Evaluate(slo, Reading(0.0009, last1h: 0.1));

        Assert.Equal(SloState.Burning, budget.State);
        Assert.Equal(40.32, budget.TimeToExhaustion!.Value.TotalMinutes, 6);
        Assert.Equal("in about 40 min at the 1h rate", PlainWords.Exhaustion(budget));
    }

    [Theory]
    [InlineData(0.5, "under a minute")]
    [InlineData(45 * 60, "45 min")]
    [InlineData(5 * 3600, "5 h")]
    [InlineData(30 * 3600, "30 h")]
    [InlineData(50 * 3600, "2.1 days")]
    [InlineData(23 * 86400, "23 days")]
    public void Duration_InWordsARoundedReaderNeeds(double seconds, string expected)
    {
        Assert.Equal(expected, PlainWords.Duration(TimeSpan.FromSeconds(seconds)));
    }
}
