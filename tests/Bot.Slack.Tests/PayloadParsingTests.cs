using System.Text;
using Bot.Slack.Commands;
using Bot.Slack.Events;
using Bot.Slack.Interactions;
using Bot.Slack.Signing;
using Bot.Slack.Tests.Support;

namespace Bot.Slack.Tests;

public sealed class PayloadParsingTests
{
    private static SlackRequestBody BodyOf(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void SlashCommand_SlacksExampleForm_DecodesEveryField()
    {
        var command = SlashCommand.From(BodyOf(Fixture.Text("slack-signing-vector.form")))!;

        Assert.Equal("/webhook-collect", command.Command);
        Assert.Equal("", command.Text);
        Assert.Equal("U2CERLKJA", command.UserId);
        Assert.Equal("roadrunner", command.UserName);
        Assert.Equal("G8PSS9T3V", command.ChannelId);
        Assert.Equal("T1DC2JH3J", command.TeamId);
        Assert.Equal(new Uri("https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN"), command.ResponseUrl);
        Assert.Equal("398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c", command.TriggerId);
    }

    [Fact]
    public void SlashCommand_PlusAndPercentEncodedText_DecodesToTheTypedText()
    {
        var command = SlashCommand.From(BodyOf("command=%2Fslo&text=ack+%2342+%26+more%2Bplus&user_id=U1&channel_id=C1"))!;

        Assert.Equal("ack #42 & more+plus", command.Text);
    }

    [Fact]
    public void SlashCommand_WithoutUserId_IsNotACommand() =>
        Assert.Null(SlashCommand.From(BodyOf("command=%2Fslo&text=help&channel_id=C1")));

    [Fact]
    public void BlockActions_ButtonClick_ReadsUserChannelMessageAndAction()
    {
        var json = Fixture.Text("block-actions-acknowledge.json");
        var payload = BlockActionsPayload.From(BodyOf("payload=" + Uri.EscapeDataString(json)))!;

        Assert.Equal(BlockActionsPayload.BlockActions, payload.Type);
        Assert.Equal("U0ANA", payload.User!.Id);
        Assert.Equal("C0PAY", payload.ChannelId);
        Assert.Equal("1700000000.000100", payload.Container!.MessageTs);
        Assert.Equal("https://hooks.slack.test/actions/T111/123456/AbCd", payload.ResponseUrl);
        var action = Assert.Single(payload.Actions!);
        Assert.Equal(("incident.acknowledge", "42", "incident.42.actions"), (action.ActionId, action.Value, action.BlockId));
    }

    [Fact]
    public void BlockActions_PayloadNotJson_IsNull() =>
        Assert.Null(BlockActionsPayload.From(BodyOf("payload=%7Bnot+json")));

    [Fact]
    public void EventEnvelope_AppMention_ReadsEventIdBotUserAndEvent()
    {
        var envelope = EventEnvelope.From(Encoding.UTF8.GetBytes(Fixture.Text("event-app-mention.json")))!;

        Assert.Equal(EventEnvelope.EventCallback, envelope.Type);
        Assert.Equal("Ev0MENTION1", envelope.EventId);
        Assert.Equal("U0BOT", envelope.BotUserId);
        Assert.Equal(SlackEvent.AppMention, envelope.Event!.Type);
        Assert.Equal(("<@U0BOT> status", "U0ANA", "C0PAY", "1700000020.000200"), (envelope.Event.Text, envelope.Event.User, envelope.Event.Channel, envelope.Event.Ts));
        Assert.Null(envelope.Event.ThreadTs);
    }

    [Fact]
    public void EventEnvelope_UrlVerification_ReadsTheChallenge()
    {
        var envelope = EventEnvelope.From(Encoding.UTF8.GetBytes(Fixture.Text("url-verification.json")))!;

        Assert.Equal((EventEnvelope.UrlVerification, "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"), (envelope.Type, envelope.Challenge));
    }

    [Theory]
    [InlineData("<@U0BOT> ack #42", "U0BOT", "ack #42")]
    [InlineData("<@U0BOT|slobot> status payments", "U0BOT", "status payments")]
    [InlineData("hey <@U0BOT> help", "U0BOT", "hey help")]
    [InlineData("<@U0BOT> ack #42 for <@U0ANA>", "U0BOT", "ack #42 for <@U0ANA>")]
    [InlineData("<@W0BOT> help", null, "help")]
    public void AppMention_Text_LosesTheBotsMention(string text, string? botUserId, string expected) =>
        Assert.Equal(expected, AppMentions.WithoutMention(text, botUserId));
}
