using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Scheduling;
using Bot.Core.Stakeholders;

namespace Bot.Core.Tests.Stakeholders;

/// <summary><c>subscribe [group]</c>, <c>unsubscribe &lt;group&gt;</c>, <c>notify &lt;incident&gt; first|update|final &lt;text&gt;</c>.</summary>
public sealed class StakeholderGrammarTests
{
    [Theory]
    [InlineData("subscribe", null)]
    [InlineData("subscribe product-management", "product-management")]
    [InlineData("SUBSCRIBE showcase", "showcase")]
    public void Subscribe_WithOrWithoutAGroup(string text, string? group) =>
        Assert.Equal(new SubscribeCommand(group), CommandGrammar.Parse(text));

    [Fact]
    public void Unsubscribe_NeedsOneGroup()
    {
        Assert.Equal(new UnsubscribeCommand("showcase"), CommandGrammar.Parse("unsubscribe showcase"));
        var none = Assert.IsType<InvalidCommand>(CommandGrammar.Parse("unsubscribe"));
        Assert.StartsWith("name the group to leave", none.Problem, StringComparison.Ordinal);
        Assert.IsType<InvalidCommand>(CommandGrammar.Parse("subscribe a b"));
    }

    [Fact]
    public void Notify_ReadsTheIncidentTheBracketAndTheText()
    {
        Assert.Equal(new NotifyCommand(42, NotificationBracket.First, "Card payments fail in the EU"), CommandGrammar.Parse("notify #42 first Card payments fail in the EU"));
        Assert.Equal(new NotifyCommand(7, NotificationBracket.Update, "Fix deployed"), CommandGrammar.Parse("notify 7 UPDATE Fix deployed"));
        Assert.Equal(new NotifyCommand(7, NotificationBracket.Final, "Back to normal."), CommandGrammar.Parse("notify #7 final Back to normal."));
    }

    [Theory]
    [InlineData("notify", "name the incident first")]
    [InlineData("notify x first text", "'x' is not an incident id")]
    [InlineData("notify #42", "say which notification")]
    [InlineData("notify #42 second text", "'second' is not a notification; use first, update or final.")]
    [InlineData("notify #42 first", "write the first notification's text")]
    public void Notify_BadInput_NamesWhatIsWrong(string text, string problem)
    {
        var invalid = Assert.IsType<InvalidCommand>(CommandGrammar.Parse(text));
        Assert.StartsWith(problem, invalid.Problem, StringComparison.Ordinal);
        Assert.Equal(CommandGrammar.Usage("notify"), invalid.Usage);
    }

    [Fact]
    public void TimerKeys_RoundTrip_AndOthersAreNotOurs()
    {
        var key = StakeholderNotifications.TimerFor(42, 3);

        Assert.Equal("status-update/incident-42-3", key.ToString());
        Assert.Equal((42L, 3), StakeholderNotifications.ParseTimer(key));
        Assert.Null(StakeholderNotifications.ParseTimer(new TimerKey("status-update", "incident-x-1")));
        Assert.Null(StakeholderNotifications.ParseTimer(new TimerKey("escalation", "incident-42-3")));
        Assert.Equal("stakeholders:42:3", StakeholderNotifications.DedupKey(42, 3));
    }

    [Fact]
    public void DirectKeyOf_IsTheDirectMessageOnThePlatformTheyWroteFrom()
    {
        var catalog = StakeholderWorld.Catalog();

        Assert.Equal("slack:dm:U01ANA", StakeholderNotifications.DirectKeyOf(catalog, new Actor("ana", "Ana Kovač", ActionSource.Slack)));
        Assert.Equal("console:dm:ana", StakeholderNotifications.DirectKeyOf(catalog, new Actor("ana", "Ana Kovač", ActionSource.Console)));
        // Someone outside the catalog: the id they came with is their platform user id.
        Assert.Equal("slack:dm:U09PM", StakeholderNotifications.DirectKeyOf(catalog, new Actor("U09PM", "Pat", ActionSource.Slack)));
        Assert.Null(StakeholderNotifications.DirectKeyOf(catalog, new Actor("api", "api", ActionSource.Api)));
        Assert.Equal(ChatDestination.Direct(ChatPlatform.Console, "ana").Key, StakeholderNotifications.DirectKeyOf(catalog, new Actor("ana", "Ana", ActionSource.Console)));
    }
}
