using Bot.Core.Commands;
using Bot.Core.Postmortems;

namespace Bot.Core.Tests.Commands;

/// <summary>The <c>action</c> verb: add, move, driver, review, list; and what it says about bad input.</summary>
public sealed class ActionItemGrammarTests
{
    private static readonly string Usage = CommandGrammar.Usage("action");

    [Theory]
    [InlineData("action add PM-7 Alert on queue depth driver @ana review 2026-06-10", 7L, "Alert on queue depth", "@ana", "2026-06-10", null)]
    [InlineData("action add 7 Alert on queue depth driver @ana review 2026-06-10 priority P1", 7L, "Alert on queue depth", "@ana", "2026-06-10", 1)]
    [InlineData("action add pm-12 Tune pool priority 2 review +2w driver bo", 12L, "Tune pool", "bo", "+2w", 2)]
    [InlineData("action add PM-7 Upgrade the JDBC driver driver @ana review tomorrow", 7L, "Upgrade the JDBC driver", "@ana", "tomorrow", null)]
    [InlineData("actions add PM-7 Add a code review step driver @ana review 2026-06-10", 7L, "Add a code review step", "@ana", "2026-06-10", null)]
    public void Parse_Add_TakesTheTitleAndTheTrailingOptionsInAnyOrder(string text, long postmortem, string title, string driver, string review, int? priority) =>
        Assert.Equal(new AddActionItemCommand(postmortem, title, driver, review, priority), CommandGrammar.Parse(text));

    [Fact]
    public void Parse_Add_TeamsMentionOfTheDriver_IsOneWord() =>
        Assert.Equal(
            new AddActionItemCommand(7, "Alert on queue depth", "@Ana\u00A0Kovač", "2026-06-10", null),
            CommandGrammar.Parse("action add PM-7 Alert on queue depth driver <at>Ana Kovač</at> review 2026-06-10"));

    [Theory]
    [InlineData("action add", "name the postmortem first, e.g. 'action add PM-7 Alert on queue depth driver @ana review 2026-06-01'.")]
    [InlineData("action add #42 Alert driver @ana review 2026-06-10", "'#42' is not a postmortem; write it as PM-7 (or 7).")]
    [InlineData("action add PM-7 driver @ana review 2026-06-10", "give the action item a title after the postmortem, e.g. 'action add PM-7 Alert on queue depth driver @ana review 2026-06-01'.")]
    [InlineData("action add PM-7 Alert on queue depth review 2026-06-10", "name the driver at the end: '… driver @ana review 2026-06-01'.")]
    [InlineData("action add PM-7 Alert on queue depth driver @ana", "give the review date at the end: '… driver @ana review 2026-06-01'.")]
    [InlineData("action add PM-7 Alert driver @ana review 2026-06-10 priority P9", "'P9' is not a priority; use P1 to P5 (or 1 to 5).")]
    public void Parse_Add_BadInput_NamesWhatIsMissingOrWrong(string text, string problem) =>
        Assert.Equal(new InvalidCommand(problem, Usage), CommandGrammar.Parse(text));

    [Theory]
    [InlineData("action AI-3 state in-work", ActionItemState.InWork)]
    [InlineData("action ai-3 state Done", ActionItemState.Done)]
    [InlineData("action 3 state ready", ActionItemState.Ready)]
    public void Parse_State_MovesTheItem(string text, ActionItemState state) =>
        Assert.Equal(new MoveActionItemCommand(3, state), CommandGrammar.Parse(text));

    [Fact]
    public void Parse_DriverAndReview_ChangeThem()
    {
        Assert.Equal(new ChangeActionItemDriverCommand(3, "@bo"), CommandGrammar.Parse("action AI-3 driver @bo"));
        Assert.Equal(new ChangeActionItemReviewCommand(3, "2026-06-10"), CommandGrammar.Parse("action AI-3 review 2026-06-10"));
    }

    [Theory]
    [InlineData("action AI-3 state started", "'started' is not an action item state; use new, ready, in-work, implemented, done.")]
    [InlineData("action AI-3 title Better title", "expected 'state', 'driver' or 'review' and one value after AI-3, got 'title Better title'.")]
    [InlineData("action AI-3 owner @bo", "'owner' cannot be changed; say state, driver or review.")]
    [InlineData("action AI-3", "say what to change of AI-3: 'state in-work', 'driver @bo' or 'review 2026-06-10'.")]
    [InlineData("action close the thing now", "'close' is not an action item; start with 'add', 'list' or an item like AI-3.")]
    [InlineData("action list payments done open", "expected at most a team and one of open, done or all; got 'payments done open'.")]
    public void Parse_BadChange_NamesWhatWasWrong(string text, string problem) =>
        Assert.Equal(new InvalidCommand(problem, Usage), CommandGrammar.Parse(text));

    [Theory]
    [InlineData("action", null, ActionItemFilter.Open)]
    [InlineData("actions", null, ActionItemFilter.Open)]
    [InlineData("action list", null, ActionItemFilter.Open)]
    [InlineData("action list payments", "payments", ActionItemFilter.Open)]
    [InlineData("action list payments done", "payments", ActionItemFilter.Done)]
    [InlineData("action list all @payments", "payments", ActionItemFilter.All)]
    [InlineData("actions payments all", "payments", ActionItemFilter.All)]
    [InlineData("actions done", null, ActionItemFilter.Done)]
    public void Parse_List_TakesAnOptionalTeamAndFilter(string text, string? team, ActionItemFilter filter) =>
        Assert.Equal(new ListActionItemsCommand(team, filter), CommandGrammar.Parse(text));
}
