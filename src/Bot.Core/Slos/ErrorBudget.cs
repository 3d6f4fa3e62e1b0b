using Bot.Core.Catalog;

namespace Bot.Core.Slos;

/// <summary>
/// The error budget math, in one place (alert-formats-slo.md §5, book §4.3). With target T, budget B = 1 − T, period P
/// and error ratio e(w) over a window w: compliance = 1 − e(P); consumed = e(P) ÷ B; remaining = 1 − consumed (negative
/// once overspent); burn rate over w = e(w) ÷ B; share of the budget used in w at that rate = burn × w ÷ P; depletion
/// speed = burn × 1 h ÷ P per hour; time to exhaustion = remaining × P ÷ current burn.
/// </summary>
public static class ErrorBudget
{
    /// <summary>The window the current burn is measured over: 1 h, falling back to longer windows when it has no data.</summary>
    public static readonly TimeSpan CurrentWindow = TimeSpan.FromHours(1);

    private const double Tolerance = 1e-9;

    /// <summary>The budget status of <paramref name="slo"/> from a reading taken at <paramref name="reading"/>.At.</summary>
    public static BudgetStatus Evaluate(Slo slo, SliReading reading)
    {
        ArgumentNullException.ThrowIfNull(slo);
        ArgumentNullException.ThrowIfNull(reading);
        var period = slo.Window.PeriodAt(reading.At);
        var budget = slo.ErrorBudget;
        var consumed = reading.PeriodErrorRatio / budget;
        // 1 − 0.999 is 0.0010000000000000009 in binary: a budget spent to the event would otherwise show 1e-15 left.
        var remaining = Math.Abs(1 - consumed) < Tolerance ? 0 : 1 - consumed;
        var w = reading.Windows;
        var burn = new BurnRates(Rate(w.Last5m, budget), Rate(w.Last1h, budget), Rate(w.Last6h, budget), Rate(w.Last24h, budget), Rate(w.Last7d, budget));

        var currentWindow = BurnWindows.Lengths.Where(l => l >= CurrentWindow).FirstOrDefault(l => burn.Over(l) is not null);
        var current = currentWindow == default ? (double?)null : burn.Over(currentWindow);
        var length = slo.Window.Length;
        double? depletion = current is { } c ? c * (TimeSpan.FromHours(1) / length) : null;
        TimeSpan? toExhaustion = remaining <= 0
            ? TimeSpan.Zero
            : current is > 0 ? length * (remaining / current.Value) : null;

        var state = remaining <= 0 ? SloState.Exhausted
            : Trending(period, reading.At, current, toExhaustion) ? SloState.Burning
            : SloState.Healthy;
        return new BudgetStatus(
            reading.At, period, slo.Target, 1 - reading.PeriodErrorRatio, consumed, remaining, burn, depletion, toExhaustion,
            currentWindow == default ? null : currentWindow, state);
    }

    /// <summary>The share of the period's budget a burn rate uses in <paramref name="span"/>: burn × span ÷ P.</summary>
    public static double ConsumedIn(double burnRate, TimeSpan span, TimeSpan period) => burnRate * (span / period);

    /// <summary>How long a full budget lasts at a burn rate: P ÷ burn (99.9% over 30 days at 14.4×: about 2.08 days).</summary>
    public static TimeSpan LastsFor(double burnRate, TimeSpan period) => period / burnRate;

    private static double? Rate(double? errorRatio, double budget) => errorRatio is { } e ? e / budget : null;

    /// <summary>
    /// Calendar: runs out before the period ends at the current rate. Rolling: burns faster than the budget allows
    /// (above 1×), since a rolling window never ends and old errors age out.
    /// </summary>
    private static bool Trending(SloPeriod period, DateTimeOffset at, double? current, TimeSpan? toExhaustion) =>
        period.IsCalendar
            ? toExhaustion is { } t && at + t < period.End
            : current > 1;
}
