using Bot.Core.Catalog;

namespace Bot.Core.Slos;

/// <summary>
/// An SLO's error budget at one instant (alert-formats-slo.md §5; book §4): compliance over the period, the share of
/// the budget consumed and left (left goes below zero once overspent; never clamped), burn rates, how fast the
/// budget depletes and when it runs out at the current rate.
/// </summary>
/// <param name="Compliance">The SLI over the period so far: 1 − bad ÷ all.</param>
/// <param name="Consumed">Share of the period's budget used: error ratio ÷ (1 − target); above 1 once overspent.</param>
/// <param name="Remaining">1 − <paramref name="Consumed"/>; negative is debt.</param>
/// <param name="Burn">Burn rates (error ratio ÷ budget) over the burn windows; null where the window had no data.</param>
/// <param name="DepletionPerHour">Share of the period's budget used per hour at the current burn (book ch. 11's %/h, as a ratio).</param>
/// <param name="TimeToExhaustion">At the current burn, from now; <see cref="TimeSpan.Zero"/> once exhausted; null when it does not run out (no burn).</param>
/// <param name="CurrentBurnWindow">The window <see cref="TimeToExhaustion"/> and the depletion speed use: 1 h, else the shortest longer one with data.</param>
/// <param name="Period">The budget period; for calendar windows its end is when the budget is replenished.</param>
public sealed record BudgetStatus(
    DateTimeOffset At,
    SloPeriod Period,
    double Target,
    double Compliance,
    double Consumed,
    double Remaining,
    BurnRates Burn,
    double? DepletionPerHour,
    TimeSpan? TimeToExhaustion,
    TimeSpan? CurrentBurnWindow,
    SloState State)
{
    /// <summary>The budget as a share of events: 1 − target.</summary>
    public double Budget => 1 - Target;

    /// <summary>The budget as time of full outage over the period (99.9% over 30 days: 43.2 minutes).</summary>
    public TimeSpan AllowedDowntime => Period.Length * Budget;

    /// <summary>Calendar periods: whole or part days until the budget is replenished; null for rolling windows.</summary>
    public int? DaysLeftInPeriod => Period.IsCalendar ? (int)Math.Ceiling((Period.End - At).TotalDays) : null;

    /// <summary>The burn rate used as "current": over <see cref="CurrentBurnWindow"/>.</summary>
    public double? CurrentBurn => CurrentBurnWindow is { } window ? Burn.Over(window) : null;

    /// <summary>Whether the budget runs out before the period ends at the current burn (calendar), or burns faster than the budget allows (rolling).</summary>
    public bool TrendsToExhaustion => State is SloState.Burning or SloState.Exhausted;
}

/// <summary>Burn rates over the burn windows (<see cref="BurnWindows.Lengths"/>).</summary>
public sealed record BurnRates(double? Last5m, double? Last1h, double? Last6h, double? Last24h, double? Last7d)
{
    /// <summary>The burn rate over one of <see cref="BurnWindows.Lengths"/>.</summary>
    public double? Over(TimeSpan window) => window.TotalMinutes switch
    {
        5 => Last5m,
        60 => Last1h,
        360 => Last6h,
        1440 => Last24h,
        10080 => Last7d,
        _ => throw new ArgumentOutOfRangeException(nameof(window), window, "not a burn window"),
    };
}

/// <summary>How an SLO's budget stands, worst last; what the mark on a status row shows.</summary>
public enum SloState
{
    /// <summary>Budget left, and not burning faster than it lasts.</summary>
    Healthy,
    /// <summary>Budget left, but at the current burn it runs out before the period ends (rolling: burn above 1×).</summary>
    Burning,
    /// <summary>No budget left: remaining at or below zero.</summary>
    Exhausted,
    /// <summary>No data to judge by.</summary>
    NoData,
}
