using Bot.Core.Notifications;
using Bot.MsTeams.Cards;

namespace Bot.MsTeams.Tests.Cards;

public sealed class TeamsMentionsTests
{
    [Fact]
    public void Render_MentionsOfTheSamePerson_AreTaggedEachTimeButEntitledOnce()
    {
        var text = ChatText.Of($"{ChatText.Mention("kwame")}, {ChatText.Mention("ana")} asks {ChatText.Mention("kwame")} to accept.", NoticeFixtures.Catalog);

        var rendered = TeamsMentions.Render(text, MsTeamsChatChannel.EscapeMarkdown);

        Assert.Equal("<at>Kwame Mensah</at>, <at>Ana Kovač</at> asks <at>Kwame Mensah</at> to accept.", rendered.Text);
        Assert.Equal(["29:1kwame", "29:1ana", "29:1kwame"], rendered.Mentions.Select(m => m.UserId));
        Assert.Equal(["29:1kwame", "29:1ana"], TeamsMentions.ActivityEntities(rendered.Mentions).Select(e => e.Mentioned!.Id));
        Assert.Equal(["<at>Kwame Mensah</at>", "<at>Ana Kovač</at>"], TeamsMentions.CardEntities(rendered.Mentions).Select(e => (string?)e!["text"]));
    }

    [Fact]
    public void Render_MentionTheEscapeCutOff_IsNotListed()
    {
        var text = ChatText.Of($"{ChatText.Mention("ana")} hands over to {ChatText.Mention("kwame")}", NoticeFixtures.Catalog);

        var rendered = TeamsMentions.Render(text, t => AdaptiveText.Line(t, 16));

        Assert.Equal("<at>Ana Kovač</at> hands over to…", rendered.Text);
        Assert.Equal(["29:1ana"], rendered.Mentions.Select(m => m.UserId));
    }

    [Fact]
    public void Render_TextHoldingThePlaceholderCharacter_CannotForgeAMention()
    {
        var text = ChatText.Of($"\uE000 look \uE000 {ChatText.Mention("kwame")}", NoticeFixtures.Catalog);

        var rendered = TeamsMentions.Render(text, AdaptiveText.Escape);

        Assert.Equal("\uFFFD look \uFFFD <at>Kwame Mensah</at>", rendered.Text);
        Assert.Equal(["29:1kwame"], rendered.Mentions.Select(m => m.UserId));
    }
}
