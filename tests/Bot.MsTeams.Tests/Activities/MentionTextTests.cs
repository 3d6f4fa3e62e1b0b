using Bot.MsTeams.Activities;
using Bot.MsTeams.Schema;

namespace Bot.MsTeams.Tests.Activities;

public sealed class MentionTextTests
{
    private const string Bot = "28:7b1e3c52-5d0a-4f6e-9b8c-2f4d6a1e0c93";

    private static Activity Message(string text, params Entity[] entities) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Recipient = new ChannelAccount(Bot, "SLO Bot"),
        Entities = entities,
    };

    private static Entity MentionOf(string id, string name, string? text) =>
        new("mention") { Mentioned = new ChannelAccount(id, name), Text = text };

    [Fact]
    public void CommandOf_ChannelMention_IsTheTextAfterIt() =>
        Assert.Equal("status payments", MentionText.CommandOf(Message("<at>SLO Bot</at> status payments", MentionOf(Bot, "SLO Bot", "<at>SLO Bot</at>"))));

    [Fact]
    public void CommandOf_MentionInTheMiddleAndNonBreakingSpaces_AreNormalised() =>
        Assert.Equal("ack #42", MentionText.CommandOf(Message("ack&nbsp;<at>SLO Bot</at>\u00A0#42", MentionOf(Bot, "SLO Bot", "<at>SLO Bot</at>"))));

    [Fact]
    public void CommandOf_MentionOfSomeoneElse_StaysInTheText() =>
        Assert.Equal("status <at>Ana</at>", MentionText.CommandOf(Message(
            "<at>SLO Bot</at> status <at>Ana</at>",
            MentionOf(Bot, "SLO Bot", "<at>SLO Bot</at>"),
            MentionOf("29:ana", "Ana", "<at>Ana</at>"))));

    [Fact]
    public void CommandOf_MentionWithoutText_RemovesTheBotsNameTagCaseInsensitively() =>
        Assert.Equal("help", MentionText.CommandOf(Message("<AT>SLO Bot</AT> help", MentionOf(Bot, "SLO Bot", null))));

    [Fact]
    public void CommandOf_PersonalChatWithoutMention_IsTheWholeText() =>
        Assert.Equal("status payments", MentionText.CommandOf(Message("  status   payments ")));
}
