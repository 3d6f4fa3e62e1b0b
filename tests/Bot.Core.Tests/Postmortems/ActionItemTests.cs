using Bot.Core.Incidents;
using Bot.Core.Postmortems;
using Bot.Core.Tests.Support;

namespace Bot.Core.Tests.Postmortems;

/// <summary>An action item's moves (forward any steps, back one), the stamps they leave, and its lead and cycle time.</summary>
public sealed class ActionItemTests
{
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 9, 0, 0, TimeSpan.Zero);

    internal static ActionItem Item(long id = 3, ActionItemState state = ActionItemState.New, DateTimeOffset? createdAt = null, int? priority = 1) =>
        new(id, 7, 42, "payments", priority, "Alert on queue depth", "ana", new DateOnly(2026, 6, 10), state, createdAt ?? T0,
            new Actor("ana", "Ana Souza", ActionSource.Slack), 1);

    [Fact]
    public void MoveTo_StepByStep_StampsEachStateOnce_AndDoneGivesLeadAndCycleTime()
    {
        var item = Item();

        item = item.MoveTo(ActionItemState.Ready, T0.AddDays(1)).Item;
        item = item.MoveTo(ActionItemState.InWork, T0.AddDays(2)).Item;
        item = item.MoveTo(ActionItemState.Implemented, T0.AddDays(4)).Item;
        item = item.MoveTo(ActionItemState.Done, T0.AddDays(5.5)).Item;

        Assert.Equal((T0.AddDays(1), T0.AddDays(2), T0.AddDays(4), T0.AddDays(5.5)), (item.ReadyAt, item.StartedAt, item.ImplementedAt, item.DoneAt));
        Assert.Equal(5, item.Version);
        Assert.Equal(TimeSpan.FromDays(5.5), item.LeadTime);
        Assert.Equal(TimeSpan.FromDays(3.5), item.CycleTime);
        Assert.False(item.CycleTimeIsUpperBound);
    }

    [Fact]
    public void MoveTo_ForwardSeveralSteps_LeavesTheSkippedStatesUnstamped()
    {
        var moved = Item().MoveTo(ActionItemState.Implemented, T0.AddDays(2));

        Assert.True(moved.Changed);
        Assert.Equal(ActionItemState.Implemented, moved.Item.State);
        Assert.Equal((null, null, T0.AddDays(2)), (moved.Item.ReadyAt, moved.Item.StartedAt, moved.Item.ImplementedAt));
        Assert.Null(moved.Item.LeadTime);
    }

    [Fact]
    public void MoveTo_BackOneStep_IsAllowedAndKeepsTheFirstStamps()
    {
        var item = Item().MoveTo(ActionItemState.Ready, T0.AddDays(1)).Item.MoveTo(ActionItemState.InWork, T0.AddDays(2)).Item;

        var back = item.MoveTo(ActionItemState.Ready, T0.AddDays(3));
        var again = back.Item.MoveTo(ActionItemState.InWork, T0.AddDays(4));

        Assert.True(back.Changed);
        Assert.Equal(ActionItemState.Ready, back.Item.State);
        Assert.Equal((T0.AddDays(1), T0.AddDays(2)), (again.Item.ReadyAt, again.Item.StartedAt));
    }

    [Fact]
    public void MoveTo_BackTwoSteps_IsRefusedNamingWhereItCanGo()
    {
        var item = Item(state: ActionItemState.InWork);

        var refused = item.MoveTo(ActionItemState.New, T0);

        Assert.False(refused.Changed);
        Assert.Same(item, refused.Item);
        Assert.Equal("AI-3 is In work: it moves forward any number of steps but back only one, so to ready, implemented, done; not back to new.", refused.Refusal);
    }

    [Fact]
    public void MoveTo_TheSameState_ChangesNothing()
    {
        var item = Item(state: ActionItemState.Ready);

        var same = item.MoveTo(ActionItemState.Ready, T0);

        Assert.Equal((false, null, 1), (same.Changed, same.Refusal, same.Item.Version));
    }

    [Fact]
    public void MoveTo_DoneBackToImplemented_IsNotDoneAnyMore_AndLeadTimeEndsWhenItIsDoneAgain()
    {
        var done = Item().MoveTo(ActionItemState.InWork, T0.AddDays(1)).Item.MoveTo(ActionItemState.Done, T0.AddDays(2)).Item;

        var reopened = done.MoveTo(ActionItemState.Implemented, T0.AddDays(3)).Item;
        var doneAgain = reopened.MoveTo(ActionItemState.Done, T0.AddDays(6)).Item;

        Assert.Equal((null, null, (DateTimeOffset?)T0.AddDays(3)), (reopened.DoneAt, reopened.LeadTime, reopened.ImplementedAt));
        Assert.Equal(TimeSpan.FromDays(6), doneAgain.LeadTime);
        Assert.Equal(TimeSpan.FromDays(5), doneAgain.CycleTime);
    }

    [Fact]
    public void CycleTime_InWorkSkipped_StartsAtReady_AndSaysItIsAnUpperBound()
    {
        var item = Item().MoveTo(ActionItemState.Ready, T0.AddDays(1)).Item.MoveTo(ActionItemState.Done, T0.AddDays(4)).Item;

        Assert.Equal(TimeSpan.FromDays(4), item.LeadTime);
        Assert.Equal(TimeSpan.FromDays(3), item.CycleTime);
        Assert.True(item.CycleTimeIsUpperBound);
    }

    [Fact]
    public void CycleTime_NewStraightToDone_EqualsTheLeadTime()
    {
        var item = Item().MoveTo(ActionItemState.Done, T0.AddHours(30)).Item;

        Assert.Equal((TimeSpan.FromHours(30), TimeSpan.FromHours(30), true), (item.LeadTime!.Value, item.CycleTime!.Value, item.CycleTimeIsUpperBound));
    }

    [Theory]
    [InlineData("new", ActionItemState.New)]
    [InlineData("Ready", ActionItemState.Ready)]
    [InlineData("in-work", ActionItemState.InWork)]
    [InlineData("inwork", ActionItemState.InWork)]
    [InlineData("wip", ActionItemState.InWork)]
    [InlineData("IMPLEMENTED", ActionItemState.Implemented)]
    [InlineData("done", ActionItemState.Done)]
    public void States_TryParse_ReadsTheWordsPeopleType(string word, ActionItemState state)
    {
        Assert.True(ActionItemStates.TryParse(word, out var parsed));
        Assert.Equal(state, parsed);
    }

    [Fact]
    public void DurationFigures_OddAndEvenCounts_MeanAndMedian()
    {
        var odd = DurationFigures.Of([TimeSpan.FromDays(9), TimeSpan.FromDays(1), TimeSpan.FromDays(5)])!;
        var even = DurationFigures.Of([TimeSpan.FromDays(1), TimeSpan.FromDays(10), TimeSpan.FromDays(4), TimeSpan.FromDays(6)])!;

        Assert.Equal((3, TimeSpan.FromDays(5), TimeSpan.FromDays(5)), (odd.Count, odd.Mean, odd.Median));
        Assert.Equal((4, TimeSpan.FromDays(5.25), TimeSpan.FromDays(5)), (even.Count, even.Mean, even.Median));
        Assert.Null(DurationFigures.Of([]));
    }

    [Theory]
    [InlineData(6.24, "6.2 d")]
    [InlineData(5, "5 d")]
    [InlineData(1, "1 d")]
    [InlineData(0.5, "12 h")]
    [InlineData(0.0625, "1.5 h")]
    [InlineData(0.02, "29 min")]
    public void Duration_DaysThenHoursThenMinutes(double days, string expected) =>
        Assert.Equal(expected, ActionItemTimes.Duration(TimeSpan.FromDays(days)));

    [Fact]
    public void Times_OverDoneItemsOnly_DescribesMeanAndMedian()
    {
        ActionItem[] items =
        [
            Done(1, createdDaysAgo: 10, startedDaysAgo: 4),
            Done(2, createdDaysAgo: 6, startedDaysAgo: 2),
            Done(3, createdDaysAgo: 5, startedDaysAgo: 1),
            Done(4, createdDaysAgo: 3.8, startedDaysAgo: 1),
            Item(5, ActionItemState.InWork),
        ];

        var times = ActionItemTimes.Of(items);

        Assert.Equal("Lead time: mean 6.2 d, median 5.5 d over 4 done; cycle time: mean 2 d, median 1.5 d.", times.Describe());
        Assert.Null(ActionItemTimes.Of([Item()]).Describe());
    }

    [Fact]
    public void Table_Open_ShowsTheBooksColumnsByPriority_AndTheTeamsFigures()
    {
        var catalog = TestCatalog.Create();
        ActionItem[] items =
        [
            Item(4, ActionItemState.Ready, priority: null),
            Item(3, ActionItemState.InWork, priority: 2) with { ReviewOn = new DateOnly(2026, 6, 1) },
            Done(5, createdDaysAgo: 5, startedDaysAgo: 2),
        ];

        var text = ActionItemTable.Render("Payments", items, ActionItemFilter.Open, catalog, T0.AddDays(3));

        Assert.Equal(
            """
            Action items of Payments (open: 2 of 3):
            Priority | ID | Title | Driver | Review date | State
            P2 | AI-3 | Alert on queue depth | Ana Souza | 2026-06-01 (overdue) | In work
            – | AI-4 | Alert on queue depth | Ana Souza | 2026-06-10 | Ready
            Lead time: mean 5 d, median 5 d over 1 done; cycle time: mean 2 d, median 2 d.
            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Table_Done_ShowsEachItemsLeadAndCycleTime()
    {
        var catalog = TestCatalog.Create();
        var skipped = Item(6).MoveTo(ActionItemState.Done, T0.AddDays(2)).Item;

        var text = ActionItemTable.Render("Payments", [Done(5, createdDaysAgo: 5, startedDaysAgo: 2), skipped, Item(7)], ActionItemFilter.Done, catalog, T0.AddDays(3));

        Assert.Contains("P1 | AI-5 | Alert on queue depth | Ana Souza | 2026-06-10 | Done · lead 5 d · cycle 2 d", text, StringComparison.Ordinal);
        Assert.Contains("P1 | AI-6 | Alert on queue depth | Ana Souza | 2026-06-10 | Done · lead 2 d · cycle ≤ 2 d", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AI-7", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_StatusLine_CountsOpenAndOverdueAndGivesTheMedians()
    {
        var catalog = TestCatalog.Create();
        ActionItem[] items =
        [
            Item(3, ActionItemState.InWork) with { ReviewOn = new DateOnly(2026, 6, 2) },
            Item(4),
            Item(8),
            Done(5, createdDaysAgo: 5, startedDaysAgo: 2),
            Done(6, createdDaysAgo: 7, startedDaysAgo: 1),
        ];

        var summary = ActionItemSummary.Of("payments", items, catalog, T0.AddDays(3));

        Assert.Equal("Action items: 3 open (1 review overdue) · lead time median 6 d, cycle time median 1.5 d over 2 done", summary.StatusLine());
        Assert.Equal("Action items: none open", ActionItemSummary.Of("payments", [], catalog, T0).StatusLine());
    }

    [Fact]
    public void Reviews_DueAtNineInTheDriversZone_AndTheTimerKeyRoundTrips()
    {
        var catalog = TestCatalog.Create();
        var item = Item();

        var due = ActionItemReviews.ReminderDue(catalog, item, T0);
        var key = ActionItemReviews.TimerFor(item.Id, item.ReviewOn);

        // Ana is in Europe/Berlin: 09:00 CEST is 07:00 UTC.
        Assert.Equal(new DateTimeOffset(2026, 6, 10, 7, 0, 0, TimeSpan.Zero), due);
        Assert.Equal("action-review/ai-3-2026-06-10", key.ToString());
        Assert.Equal((3L, new DateOnly(2026, 6, 10)), ActionItemReviews.Parse(key));
        Assert.Null(ActionItemReviews.ReminderDue(catalog, item with { RemindedOn = item.ReviewOn }, T0));
        Assert.Null(ActionItemReviews.ReminderDue(catalog, item, new DateTimeOffset(2026, 6, 10, 22, 30, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData("2026-06-10", "2026-06-10")]
    [InlineData("today", "2026-06-01")]
    [InlineData("tomorrow", "2026-06-02")]
    [InlineData("+3d", "2026-06-04")]
    [InlineData("+2w", "2026-06-15")]
    public void Reviews_ParseDate_InTheReadersZone(string word, string expected) =>
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture),
            ActionItemReviews.ParseDate(word, TimeZoneInfo.FindSystemTimeZoneById("Asia/Singapore"), T0.AddHours(-10)));

    /// <summary>A done item created and started the given days before <see cref="T0"/>, done at T0.</summary>
    private static ActionItem Done(long id, double createdDaysAgo, double startedDaysAgo) =>
        Item(id, createdAt: T0.AddDays(-createdDaysAgo)).MoveTo(ActionItemState.InWork, T0.AddDays(-startedDaysAgo)).Item.MoveTo(ActionItemState.Done, T0).Item;
}
