namespace Bot.Core.Catalog;

/// <summary>
/// A team's error budget policy (book ch. 10): the agreement on what happens when a budget of any of the team's SLOs
/// is depleted or exhausted prematurely. Evaluated periodically; each condition that becomes true sends one notice
/// per SLO and period to the team's channels and to the stakeholder rings the policy names.
/// </summary>
/// <param name="Rings">Stakeholder rings told besides the team (their groups' destinations).</param>
/// <param name="AgreedBy">Who agreed it: whose air cover the people on call have when they enforce it.</param>
/// <param name="EscalateTo">Who breaks ties (e.g. "Head of Engineering, Payments").</param>
/// <param name="ReviewOn">The next review date.</param>
public sealed record ErrorBudgetPolicy(
    string Id,
    string TeamId,
    IReadOnlyList<BudgetCondition> Conditions,
    IReadOnlyList<int> Rings,
    string? AgreedBy,
    string? EscalateTo,
    DateOnly? ReviewOn);

/// <summary>One clause of a policy: a condition on an SLO's budget and the consequence the team agreed to.</summary>
/// <param name="Id">Unique within the policy (e.g. <c>exhausted</c>, <c>consumed-70</c>, <c>consumed-30-within-24h</c>).</param>
/// <param name="Share">For <see cref="BudgetConditionKind.Consumed"/> and <see cref="BudgetConditionKind.ConsumedWithin"/>: the share of the period's budget, e.g. 0.7.</param>
/// <param name="Within">For <see cref="BudgetConditionKind.ConsumedWithin"/>: the span it is consumed in (24 h, 7 d).</param>
public sealed record BudgetCondition(string Id, BudgetConditionKind Kind, double Share, TimeSpan? Within, string Consequence)
{
    /// <summary>The condition in words, e.g. "30% of the budget consumed within 24h".</summary>
    public string Describe() => Kind switch
    {
        BudgetConditionKind.Exhausted => "budget exhausted before the period ends",
        BudgetConditionKind.Consumed => $"{Percent(Share)} of the period's budget consumed",
        _ => $"{Percent(Share)} of the period's budget consumed within {Slos.PlainWords.Window(Within!.Value)}",
    };

    private static string Percent(double share) => $"{(share * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)}%";
}

public enum BudgetConditionKind
{
    /// <summary>Remaining budget at or below zero (book Table 10.2 A).</summary>
    Exhausted,
    /// <summary>At least <see cref="BudgetCondition.Share"/> of the period's budget consumed (B).</summary>
    Consumed,
    /// <summary>At least <see cref="BudgetCondition.Share"/> of the period's budget consumed within <see cref="BudgetCondition.Within"/> (E, F).</summary>
    ConsumedWithin,
}

/// <summary>
/// The optional default priority of SLOs that have none, from budget data (book Tables 9.5/9.6): by budget left while
/// trending to premature exhaustion, and by how fast the budget burns. The higher priority of the two wins.
/// </summary>
/// <param name="BudgetLeft">Per level: at or below this share left (while trending to exhaustion) → that priority. Book: P1 20%, P2 40%, P3 60%, P4 80%.</param>
/// <param name="Velocity">Per level: more than Share of the budget in Span at the current burn → that priority. Book: P1 75%/5 min, P2 50%/10 min, P3 25%/15 min, P4 25%/20 min.</param>
public sealed record BudgetPriorityRules(IReadOnlyList<(int Level, double Share)> BudgetLeft, IReadOnlyList<(int Level, double Share, TimeSpan Span)> Velocity)
{
    /// <summary>The book's tables.</summary>
    public static BudgetPriorityRules Book { get; } = new(
        [(1, 0.20), (2, 0.40), (3, 0.60), (4, 0.80)],
        [(1, 0.75, TimeSpan.FromMinutes(5)), (2, 0.50, TimeSpan.FromMinutes(10)), (3, 0.25, TimeSpan.FromMinutes(15)), (4, 0.25, TimeSpan.FromMinutes(20))]);
}
