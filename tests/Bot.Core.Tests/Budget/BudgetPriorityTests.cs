using Bot.Core.Catalog;
using Bot.Core.Slos;

namespace Bot.Core.Tests.Budget;

/// <summary>The optional default priority from budget data (book Tables 9.5/9.6).</summary>
public sealed class BudgetPriorityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

    private static readonly Slo Slo = new("cart-requests-availability", "requests-availability", "cart", SliKind.Availability, 0.995,
        SloWindow.Rolling28Days, null, null, null, [], IsDefault: false);

    private static BudgetStatus Budget(double consumed, double burn1h, double? burn5m = null) => ErrorBudget.Evaluate(Slo, new SliReading(
        SliOrigin.Pushed, Now, consumed * Slo.ErrorBudget, null, new BurnWindows(burn5m * Slo.ErrorBudget, burn1h * Slo.ErrorBudget, null, null, null)));

    [Theory]
    [InlineData(0.85, 1)] // 15% left
    [InlineData(0.65, 2)] // 35% left
    [InlineData(0.45, 3)] // 55% left
    [InlineData(0.25, 4)] // 75% left
    public void Derive_BudgetLeftWhileTrendingToExhaustion_GivesTheBooksLevel(double consumed, int level)
    {
        var derived = BudgetPriority.Derive(BudgetPriorityRules.Book, Budget(consumed, burn1h: 2));

        Assert.Equal(level, derived!.Value.Level);
        Assert.StartsWith("derived from the error budget: ", derived.Value.Note, StringComparison.Ordinal);
        Assert.Contains("trending to exhaustion", derived.Value.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Derive_LittleBudgetLeftButNotBurning_GivesNone()
    {
        Assert.Null(BudgetPriority.Derive(BudgetPriorityRules.Book, Budget(0.9, burn1h: 0.5)));
    }

    [Fact]
    public void Derive_BurningHalfTheBudgetIn10Minutes_IsP2_AndSaysTheSpeed()
    {
        // 28 d = 4032 periods of 10 min; using 60% of the budget in 10 min takes a burn of 0.6 × 4032 = 2419.2.
        var derived = BudgetPriority.Derive(BudgetPriorityRules.Book, Budget(0.1, burn1h: 1, burn5m: 2419.2));

        Assert.Equal(2, derived!.Value.Level);
        Assert.Contains("per 10 min", derived.Value.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void ContextOf_ShowsRemainingCurrentBurnAndWhenItRunsOut()
    {
        var context = BudgetPriority.ContextOf(Budget(0.4, burn1h: 12));

        Assert.Equal(0.6, context.BudgetRemaining!.Value, 9);
        Assert.Equal(12, context.BurnRate!.Value, 9);
        Assert.Equal("1h", context.Window);
        Assert.Equal("about 34 h at the 1h rate", context.Exhaustion);
    }
}
