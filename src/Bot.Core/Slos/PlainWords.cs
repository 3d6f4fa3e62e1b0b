using System.Globalization;

namespace Bot.Core.Slos;

/// <summary>Budget figures in the words a status row uses: "62.0%", "−88.5%", "3.2×", "about 2 days".</summary>
public static class PlainWords
{
    /// <summary>A share as a percentage with one decimal, negative with a true minus sign: "−12.5%".</summary>
    public static string Percent(double share) =>
        (share * 100).ToString("0.0", CultureInfo.InvariantCulture).Replace("-", "−", StringComparison.Ordinal) + "%";

    /// <summary>A compliance (SLI) with three decimals: "99.912%".</summary>
    public static string Compliance(double ratio) => (ratio * 100).ToString("0.000", CultureInfo.InvariantCulture) + "%";

    /// <summary>A target as written: "99.9%".</summary>
    public static string Target(double ratio) => (ratio * 100).ToString("0.###", CultureInfo.InvariantCulture) + "%";

    /// <summary>A burn rate: "3.2×", "0×", "–" when unknown.</summary>
    public static string Burn(double? rate) => rate is { } r ? r.ToString(r >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture) + "×" : "–";

    /// <summary>A depletion speed as %/h: "0.54%/h".</summary>
    public static string Speed(double perHour) => (perHour * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%/h";

    /// <summary>A duration, rounded to what a reader needs: "45 min", "5 h", "2.1 days", "23 days".</summary>
    public static string Duration(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => "under a minute",
        { TotalMinutes: < 90 } => $"{Math.Round(span.TotalMinutes):0} min",
        { TotalHours: < 48 } => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(span.TotalHours, span.TotalHours < 10 ? 1 : 0):0.#} h"),
        { TotalDays: < 10 } => string.Create(CultureInfo.InvariantCulture, $"{Math.Round(span.TotalDays, 1):0.#} days"),
        _ => $"{Math.Round(span.TotalDays):0} days",
    };

    /// <summary>
    /// How long something took, to the minute, as incidents are told: "under a minute", "1 minute", "51 minutes",
    /// "2 h 5 min", "3 days 4 h" (times to acknowledge and recover, in notifications and postmortems).
    /// </summary>
    public static string Elapsed(TimeSpan span)
    {
        var minutes = (long)Math.Round(span.TotalMinutes, MidpointRounding.AwayFromZero);
        return minutes switch
        {
            < 1 => "under a minute",
            1 => "1 minute",
            < 120 => string.Create(CultureInfo.InvariantCulture, $"{minutes} minutes"),
            < 48 * 60 => string.Create(CultureInfo.InvariantCulture, $"{minutes / 60} h{(minutes % 60 == 0 ? "" : $" {minutes % 60} min")}"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{minutes / (24 * 60)} days{(minutes / 60 % 24 == 0 ? "" : $" {minutes / 60 % 24} h")}"),
        };
    }

    /// <summary>
    /// When the budget runs out, in plain words: "exhausted", "in about 2.1 days at the 1h rate", "lasts the period
    /// (12 days left)", "not burning", "unknown".
    /// </summary>
    public static string Exhaustion(BudgetStatus budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        if (budget.State == SloState.Exhausted)
        {
            return budget.DaysLeftInPeriod is { } left ? $"exhausted; replenished in {Days(left)}" : "exhausted";
        }
        if (budget.CurrentBurnWindow is not { } window)
        {
            return "unknown: no recent data";
        }
        if (budget.TimeToExhaustion is not { } until)
        {
            return "not burning";
        }
        if (budget.Period.IsCalendar && budget.At + until >= budget.Period.End)
        {
            return $"lasts the period ({Days(budget.DaysLeftInPeriod ?? 0)} left)";
        }
        return $"in about {Duration(until)} at the {Window(window)} rate";
    }

    /// <summary>"1h", "6h", "24h", "7d", "5m".</summary>
    public static string Window(TimeSpan window) => window.TotalHours switch
    {
        < 1 => $"{window.TotalMinutes:0}m",
        <= 24 => $"{window.TotalHours:0}h",
        _ => $"{window.TotalDays:0}d",
    };

    private static string Days(int days) => days == 1 ? "1 day" : $"{days} days";
}
