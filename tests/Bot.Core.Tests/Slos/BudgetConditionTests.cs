using Bot.Core.Catalog;
using Bot.Core.Slos;

namespace Bot.Core.Tests.Slos;

/// <summary>
/// Each kind of policy condition at its threshold and just below it, with numbers worked by hand for a 99.9% SLO over
/// 28 days (budget 0.1% of events): of a million events, 1,000 bad exhaust the budget.
/// </summary>
public sealed class BudgetConditionTests
{
    private static readonly Slo Rolling = new("checkout-requests-availability", "requests-availability", "checkout", SliKind.Availability,
        0.999, SloWindow.Rolling28Days, null, 1, null, [], false);

    private static readonly Slo Calendar = Rolling with { Window = SloWindow.FourCalendarWeeks };

    [Theory]
    [InlineData(1000, true)] // exactly the budget: 0% left
    [InlineData(999, false)] // 0.1% left
    [InlineData(1125, true)] // −12.5% left: overspent
    [InlineData(0, false)]
    public void Exhausted_AtZeroLeftOrBelow(double bad, bool expected)
    {
        var condition = new BudgetCondition("exhausted", BudgetConditionKind.Exhausted, 0, null, "freeze");

        Assert.Equal(expected, Holds(condition, Budget(Rolling, bad)));
    }

    [Theory]
    [InlineData(700, true)] // 70.0% consumed
    [InlineData(699, false)] // 69.9%
    [InlineData(1500, true)] // 150%: overspent is consumed too
    public void Consumed_AtTheShareOrAbove(double bad, bool expected)
    {
        var condition = new BudgetCondition("consumed-70", BudgetConditionKind.Consumed, 0.7, null, "postmortem");

        Assert.Equal(expected, Holds(condition, Budget(Rolling, bad)));
        Assert.Equal(expected, Holds(condition, Budget(Calendar, bad)));
    }

    // burn over w × w ÷ 28 days ≥ share: 1 h 10% needs a 67.2× burn (6.72% bad), 6 h 10% an 11.2× burn (1.12%),
    // 24 h 30% an 8.4× burn (0.84%), 7 days 50% a 2× burn (0.2%).
    [Theory]
    [InlineData(1, 0.1, 67_200, true)]
    [InlineData(1, 0.1, 67_199, false)]
    [InlineData(6, 0.1, 11_200, true)]
    [InlineData(6, 0.1, 11_199, false)]
    [InlineData(24, 0.3, 8_400, true)]
    [InlineData(24, 0.3, 8_399, false)]
    [InlineData(168, 0.5, 2_000, true)]
    [InlineData(168, 0.5, 1_999, false)]
    public void ConsumedWithin_AtTheWindowsShareOrAbove(int hours, double share, double badInWindow, bool expected)
    {
        var within = TimeSpan.FromHours(hours);
        var condition = new BudgetCondition("fast", BudgetConditionKind.ConsumedWithin, share, within, "escalate");
        var windows = BurnWindows.Lengths.Select(l => l == within ? badInWindow : 0).ToArray();

        Assert.Equal(expected, Holds(condition, Budget(Rolling, 100, windows)));
        Assert.Equal(expected, Holds(condition, Budget(Calendar, 100, windows)));
    }

    [Fact]
    public void ConsumedWithin_MeasuresTheShareOfThePeriodsBudget()
    {
        var condition = new BudgetCondition("fast", BudgetConditionKind.ConsumedWithin, 0.3, TimeSpan.FromHours(24), "escalate");

        // A 9× burn for a day uses 9 ÷ 28 of the budget.
        Assert.Equal(9.0 / 28, BudgetPolicies.Measure(condition, Budget(Rolling, 330, [0, 0, 0, 9_000, 0]))!.Value, 9);
    }

    [Fact]
    public void ConsumedWithin_AWindowTheSourcesDoNotRead_IsNeverTrue()
    {
        var condition = new BudgetCondition("odd", BudgetConditionKind.ConsumedWithin, 0.01, TimeSpan.FromHours(2), "escalate");

        // Every window burns the whole budget ten times over.
        var budget = Budget(Rolling, 5_000, [10_000, 10_000, 10_000, 10_000, 10_000]);

        Assert.Null(BudgetPolicies.Measure(condition, budget));
        Assert.False(Holds(condition, budget));
    }

    [Fact]
    public void ConsumedWithin_AWindowWithoutData_IsNotTrue()
    {
        var condition = new BudgetCondition("fast", BudgetConditionKind.ConsumedWithin, 0.3, TimeSpan.FromHours(24), "escalate");
        var reading = new SliReading(SliOrigin.Pushed, PolicyWorld.T0, 0.05, null, new BurnWindows(0.05, 0.05, 0.05, null, 0.05));

        Assert.False(Holds(condition, ErrorBudget.Evaluate(Rolling, reading)));
    }

    [Theory]
    [InlineData("2026-11-25T10:00:00Z", "2026-11-23T00:00Z")]
    [InlineData("2026-11-23T00:00:00Z", "2026-11-23T00:00Z")]
    [InlineData("2026-11-22T23:59:59Z", "2026-10-26T00:00Z")]
    [InlineData("2026-12-21T00:00:00Z", "2026-12-21T00:00Z")]
    public void PeriodBlock_OfRollingAndCalendarSlos_IsTheMondayAlignedBlockOfTheWindowsLength(string at, string start)
    {
        var instant = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(start, BudgetPolicies.DedupKey("p", "c", "s", BudgetPolicies.PeriodBlockStart(Rolling.Window, instant))["budget-policy:p:c:s:".Length..]);
        Assert.Equal(start, BudgetPolicies.DedupKey("p", "c", "s", BudgetPolicies.PeriodBlockStart(Calendar.Window, instant))["budget-policy:p:c:s:".Length..]);
    }

    private static bool Holds(BudgetCondition condition, BudgetStatus budget) =>
        BudgetPolicies.Measure(condition, budget) is { } measured && BudgetPolicies.Holds(condition, measured);

    /// <summary>The budget at T0 with <paramref name="bad"/> of a million events bad in the period, and per burn window (5m, 1h, 6h, 24h, 7d).</summary>
    private static BudgetStatus Budget(Slo slo, double bad, double[]? windows = null)
    {
        var period = FixedSliStore.Bad(bad);
        var reading = new SliReading(SliOrigin.Pushed, PolicyWorld.T0, period.ErrorRatio!.Value, period,
            BurnWindows.Of([.. (windows ?? [0, 0, 0, 0, 0]).Select(w => FixedSliStore.Bad(w).ErrorRatio)]));
        return ErrorBudget.Evaluate(slo, reading);
    }
}
