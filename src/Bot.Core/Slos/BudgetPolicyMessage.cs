using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Notifications;

namespace Bot.Core.Slos;

/// <summary>How an error budget policy notice reads, on every platform: which condition became true, the numbers, and the consequence the team agreed.</summary>
internal static class BudgetPolicyMessage
{
    public static NoticeMessage For(BudgetConditionMet met, Team team, Service? service)
    {
        var (policy, condition, slo, budget) = (met.Policy, met.Condition, met.Slo, met.Budget);
        var what = $"{service?.Name ?? slo.ServiceId} · {slo.Name}";
        var numbers = condition.Kind switch
        {
            BudgetConditionKind.Exhausted => $"{PlainWords.Percent(budget.Remaining)} of the budget is left",
            BudgetConditionKind.Consumed => $"{PlainWords.Percent(budget.Consumed)} of the period's budget is consumed",
            _ => $"at the {PlainWords.Window(condition.Within!.Value)} burn of {PlainWords.Burn(budget.Burn.Over(condition.Within.Value))} "
                + $"that is {PlainWords.Percent(met.Measured)} of the period's budget in {PlainWords.Window(condition.Within.Value)}",
        };
        var summary = $"The condition “{condition.Describe()}” of {Possessive(team.Name)} error budget policy is now true for {what}: {numbers}. "
            + $"{team.Name} agreed on this consequence: {condition.Consequence}";

        var consumed = PlainWords.Percent(budget.Consumed);
        if (condition.Kind == BudgetConditionKind.ConsumedWithin)
        {
            consumed += $" ({PlainWords.Percent(met.Measured)} within {PlainWords.Window(condition.Within!.Value)})";
        }
        var fields = new List<MessageField>
        {
            new("SLO", $"{PlainWords.Target(slo.Target)} over {slo.Window}; compliance {PlainWords.Compliance(budget.Compliance)}"),
            new("Condition", $"{condition.Describe()} ({condition.Id})"),
            new("Budget consumed", consumed),
            new("Budget left", PlainWords.Percent(budget.Remaining)),
            new("Burn 1h / 24h", $"{PlainWords.Burn(budget.Burn.Last1h)} / {PlainWords.Burn(budget.Burn.Last24h)}"),
            new("Exhaustion", PlainWords.Exhaustion(budget)),
            new("Period", budget.DaysLeftInPeriod is { } left ? $"{slo.Window}, {(left == 1 ? "1 day" : $"{left} days")} left" : slo.Window.ToString()),
            new("Consequence", condition.Consequence),
        };
        if (met.Reading.Estimate is { } estimate)
        {
            fields.Add(new("Data", estimate));
        }

        var footer = string.Join(" · ", new[]
        {
            $"Policy {policy.Id}",
            policy.AgreedBy is { } agreedBy ? $"agreed by {agreedBy}" : null,
            policy.EscalateTo is { } escalateTo ? $"escalate to {escalateTo}" : null,
            policy.ReviewOn is { } review ? $"review on {review.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : null,
        }.OfType<string>());

        return new NoticeMessage(0, 1, NoticeTone.Warning, $"Error budget policy: {what} — {condition.Describe()}", summary, fields, [], [], footer);
    }

    /// <summary>"Payments' policy", "Search's policy".</summary>
    private static string Possessive(string name) => name.EndsWith('s') ? name + "'" : name + "'s";
}
