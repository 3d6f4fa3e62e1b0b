using System.Globalization;
using Bot.Core.Alerts;

namespace Bot.Core.Incidents;

/// <summary>
/// Error budget figures an alert carried (labels or annotations, as Sloth, Pyrra, Grafana or a script set them):
/// the burn rate (how many times faster than the budget allows) and the share of budget left (may be negative).
/// </summary>
/// <param name="Window">The window the burn rate was measured over (Pyrra's <c>long</c>, or a <c>window</c> label).</param>
/// <param name="Exhaustion">When the budget runs out at this rate, as the source put it (Pyrra's <c>exhaustion</c>).</param>
public sealed record BudgetContext(double? BurnRate, double? BudgetRemaining, string? Window, string? Exhaustion)
{
    private static readonly string[] BurnRateKeys = ["burn_rate", "burnRate", "burnrate"];
    private static readonly string[] RemainingKeys = ["error_budget_remaining", "errorBudgetRemaining", "budget_remaining"];

    /// <summary>The figures this alert carries, or null when it carries none.</summary>
    public static BudgetContext? From(IncomingAlert alert)
    {
        var burn = Number(alert, BurnRateKeys);
        var remaining = Number(alert, RemainingKeys);
        var window = alert.Label("long") ?? alert.Label("window") ?? alert.Annotation("window");
        var exhaustion = alert.Label("exhaustion");
        return burn is null && remaining is null && exhaustion is null ? null : new BudgetContext(burn, remaining, window, exhaustion);
    }

    private static double? Number(IncomingAlert alert, string[] keys)
    {
        foreach (var key in keys)
        {
            var text = alert.Annotation(key) ?? alert.Label(key);
            if (text is not null && double.TryParse(text.TrimEnd('x', '%'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return text.EndsWith('%') ? value / 100 : value;
            }
        }
        return null;
    }
}
