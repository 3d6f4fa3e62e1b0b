using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Incidents;

namespace Bot.Core.Slos;

/// <summary>
/// The default priority of a breach whose SLO has none, from its budget (book Tables 9.5/9.6): by budget left while
/// it trends to premature exhaustion (P1 at 20% left …), and by how fast it burns (P1 when the current rate uses 75%
/// of the budget in 5 minutes …). The higher of the two wins; the incident says it was derived, and from what.
/// </summary>
public static class BudgetPriority
{
    /// <summary>The derived priority and why, or null when no rule applies.</summary>
    public static (int Level, string Note)? Derive(BudgetPriorityRules rules, BudgetStatus budget)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(budget);
        (int Level, string Note)? best = null;
        void Consider(int level, string note)
        {
            if (best is null || level < best.Value.Level)
            {
                best = (level, note);
            }
        }

        if (budget.TrendsToExhaustion)
        {
            foreach (var (level, share) in rules.BudgetLeft.OrderBy(r => r.Share))
            {
                if (budget.Remaining <= share)
                {
                    Consider(level, $"{PlainWords.Percent(budget.Remaining)} of the budget left and trending to exhaustion (P{level} at {PlainWords.Percent(share)} or less)");
                    break;
                }
            }
        }
        var fast = budget.Burn.Last5m ?? budget.Burn.Last1h;
        if (fast is > 0)
        {
            foreach (var (level, share, span) in rules.Velocity.OrderBy(r => r.Level))
            {
                var used = ErrorBudget.ConsumedIn(fast.Value, span, budget.Period.Length);
                if (used > share)
                {
                    Consider(level, string.Create(CultureInfo.InvariantCulture,
                        $"burning {PlainWords.Percent(used)} of the budget per {span.TotalMinutes:0} min (P{level} above {PlainWords.Percent(share)})"));
                    break;
                }
            }
        }
        return best is { } b ? (b.Level, $"derived from the error budget: {b.Note}") : null;
    }

    /// <summary>The budget context an incident message shows when its alert carried none: remaining, current burn, exhaustion.</summary>
    public static BudgetContext ContextOf(BudgetStatus budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        return new BudgetContext(
            budget.CurrentBurn,
            budget.Remaining,
            budget.CurrentBurnWindow is { } window ? PlainWords.Window(window) : null,
            ExhaustedIn(budget));
    }

    /// <summary>For the message's "Exhausted in" field: "already", "about 2.1 days at the 1h rate", or null when it is not running out.</summary>
    private static string? ExhaustedIn(BudgetStatus budget) => budget switch
    {
        { State: SloState.Exhausted } => "already",
        { TimeToExhaustion: { } until, CurrentBurnWindow: { } window } when !budget.Period.IsCalendar || budget.At + until < budget.Period.End =>
            $"about {PlainWords.Duration(until)} at the {PlainWords.Window(window)} rate",
        _ => null,
    };
}
