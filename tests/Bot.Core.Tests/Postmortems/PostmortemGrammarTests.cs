using Bot.Core.Commands;
using Bot.Core.Postmortems;

namespace Bot.Core.Tests.Postmortems;

public sealed class PostmortemGrammarTests
{
    public static TheoryData<string, BotCommand> Commands => new()
    {
        { "postmortem", new PostmortemStartCommand(null) },
        { "postmortem #42", new PostmortemStartCommand(42) },
        { "postmortem 42", new PostmortemStartCommand(42) },
        { "postmortem pm-3", new PostmortemShowCommand(3) },
        { "postmortem PM-3 set summary Card payments failed", new PostmortemSetCommand(new PostmortemTarget(3, null), "summary", "Card payments failed") },
        { "postmortem #42 set customer-impact EU only", new PostmortemSetCommand(new PostmortemTarget(null, 42), "customer-impact", "EU only") },
        { "postmortem PM-3 meeting 2026-05-06T14:00", new PostmortemMeetingCommand(new PostmortemTarget(3, null), "2026-05-06T14:00") },
        { "postmortem PM-3 state Reviewed", new PostmortemStateCommand(new PostmortemTarget(3, null), PostmortemState.Reviewed) },
        { "postmortem list", new PostmortemListCommand(null, false) },
        { "postmortems list @payments overdue", new PostmortemListCommand("payments", true) },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Parse_EachForm(string text, BotCommand expected) => Assert.Equal(expected, CommandGrammar.Parse(text));

    [Theory]
    [InlineData("postmortem PM-x", "'PM-x' is neither an incident (#42) nor a postmortem (PM-3).")]
    [InlineData("postmortem PM-3 set summary", "say which section and its new text, e.g. 'PM-3 set summary Card payments failed for 51 minutes'.")]
    [InlineData("postmortem PM-3 state done", "'done' is not a postmortem state; use draft, reviewed or published.")]
    [InlineData("postmortem PM-3 meeting tomorrow at 2", "say when the meeting is as one word, e.g. 'PM-3 meeting 2026-05-06T14:00' (your time zone) or '+2d'.")]
    [InlineData("postmortem PM-3 publish", "'publish' is not something a postmortem does; use set, meeting or state.")]
    [InlineData("postmortem list payments search", "'postmortem list' takes a team and 'overdue', got 'payments search'.")]
    public void Parse_Invalid_SaysWhatIsWrongWithTheUsage(string text, string problem)
    {
        var invalid = Assert.IsType<InvalidCommand>(CommandGrammar.Parse(text));
        Assert.Equal(problem, invalid.Problem);
        Assert.Equal(CommandGrammar.Usage("postmortem"), invalid.Usage);
    }
}
