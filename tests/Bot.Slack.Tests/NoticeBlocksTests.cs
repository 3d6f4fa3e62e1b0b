using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Core.Notifications;
using Bot.Slack.Api;
using Bot.Slack.BlockKit;
using Bot.Slack.Tests.Support;
using Bot.Testing;

namespace Bot.Slack.Tests;

public sealed class NoticeBlocksTests
{
    private static string PostMessageJson(SlackMessage message) =>
        JsonSerializer.Serialize(new ChatPostMessage("D000000001", message.Text, message.Blocks), SlackJson.Options);

    private static JsonArray BlocksOf(NoticeMessage notice) => JsonNode.Parse(PostMessageJson(NoticeBlocks.Render(notice)))!["blocks"]!.AsArray();

    [Fact]
    public void NoticeBlocks_HandoffPrompt_MatchesGolden() =>
        GoldenFile.AssertMatches("notice-handoff-open.json", PostMessageJson(NoticeBlocks.Render(TestNotices.Handoff())));

    [Fact]
    public void NoticeBlocks_TakenHandoff_MatchesGolden() =>
        GoldenFile.AssertMatches("notice-handoff-taken.json", PostMessageJson(NoticeBlocks.Render(TestNotices.Taken())));

    [Fact]
    public void NoticeBlocks_Buttons_CarryActionIdsAndTheNoticeIdAsValue_TheFirstPrimary()
    {
        var actions = BlocksOf(TestNotices.Handoff(noticeId: 1234)).Single(b => (string?)b!["type"] == "actions")!;
        var buttons = actions["elements"]!.AsArray();

        Assert.Equal(["handoff.accept", "cover.accept"], buttons.Select(b => (string?)b!["action_id"]));
        Assert.All(buttons, b => Assert.Equal("1234", (string?)b!["value"]));
        Assert.Equal(["primary", null], buttons.Select(b => (string?)b!["style"]));
        Assert.Equal("notice.1234.actions", (string?)actions["block_id"]);
    }

    [Fact]
    public void NoticeBlocks_TakenNotice_HasNoButtonsAndEndsWithTheFooter()
    {
        var blocks = BlocksOf(TestNotices.Taken());

        Assert.DoesNotContain(blocks, b => (string?)b!["type"] is "actions" or "divider");
        Assert.Equal(("context", "Accepted by *Kwame Mensah*"), ((string?)blocks[^1]!["type"], (string?)blocks[^1]!["elements"]![0]!["text"]));
        Assert.StartsWith(":white_check_mark: ", (string?)blocks[0]!["text"]!["text"], StringComparison.Ordinal);
    }

    [Fact]
    public void NoticeBlocks_Mentions_AreSlackMentionsOrBoldNames_AndPlainTextIsEscaped()
    {
        var rendered = NoticeBlocks.Render(TestNotices.Handoff());
        var summary = Assert.IsType<SectionBlock>(rendered.Blocks[1]).Text!.Text;
        var notes = rendered.Blocks.OfType<SectionBlock>().Single(s => s.Text?.Text.StartsWith("*Notes*", StringComparison.Ordinal) == true).Text!.Text;

        Assert.Equal("<@U0ANA> hands over to *Kwame Mensah* at 09:00 &lt;Europe/Ljubljana&gt; &amp; asks for a quick look.", summary);
        Assert.Equal("*Notes*\n• Deploy freeze until Friday\n• Ask *@ghost* about the ledger migration", notes);
        Assert.Equal("Handoff: Payments primary: " + summary, rendered.Text);
    }

    [Fact]
    public void NoticeBlocks_AtField_IsADateTokenWithTheUtcFallback()
    {
        var fields = Assert.IsType<SectionBlock>(NoticeBlocks.Render(TestNotices.Handoff()).Blocks[1]).Fields!;

        Assert.Equal("*At*\n<!date^1772438400^{date_short_pretty} {time}|2026-03-02 08:00 UTC>", fields[^1].Text);
    }

    [Fact]
    public void NoticeBlocks_LongTitleAndManySections_StayWithinSlacksLimitsKeepingFooterAndButtons()
    {
        var sections = Enumerable.Range(1, 60).Select(i => new NoticeSection($"Section {i}", [new string('x', 2000), new string('y', 2000)])).ToArray();
        var notice = TestNotices.Handoff() with { Title = new string('T', 400), Sections = sections, Footer = new string('f', 5000) };

        var blocks = NoticeBlocks.Render(notice).Blocks;

        Assert.Equal(Block.MaxPerMessage, blocks.Count);
        Assert.Equal(HeaderBlock.MaxTextLength, Assert.IsType<HeaderBlock>(blocks[0]).Text.Text.Length);
        Assert.All(blocks.OfType<SectionBlock>(), s => Assert.InRange(s.Text?.Text.Length ?? 0, 0, SectionBlock.MaxTextLength));
        Assert.Equal(ContextBlock.MaxTextLength, Assert.IsType<ContextBlock>(blocks[^3]).Elements[0].Text.Length);
        Assert.IsType<DividerBlock>(blocks[^2]);
        Assert.IsType<ActionsBlock>(blocks[^1]);
    }

    [Fact]
    public void NoticeBlocks_NoSummaryNoFieldsNoFooter_IsJustTheHeaderAndButtons()
    {
        var notice = TestNotices.Handoff() with { Summary = "", Fields = [], Sections = [], Footer = null };

        var rendered = NoticeBlocks.Render(notice);

        Assert.Equal([typeof(HeaderBlock), typeof(DividerBlock), typeof(ActionsBlock)], rendered.Blocks.Select(b => b.GetType()));
        Assert.Equal("Handoff: Payments primary", rendered.Text);
    }

    [Theory]
    [InlineData(NoticeTone.Attention, ":bell:")]
    [InlineData(NoticeTone.Good, ":white_check_mark:")]
    [InlineData(NoticeTone.Warning, ":warning:")]
    [InlineData(NoticeTone.Neutral, ":white_circle:")]
    public void NoticeBlocks_Header_StartsWithTheMarkOfItsTone(NoticeTone tone, string mark) =>
        Assert.Equal($"{mark} Handoff: Payments primary", Assert.IsType<HeaderBlock>(NoticeBlocks.Render(TestNotices.Handoff() with { Tone = tone }).Blocks[0]).Text.Text);

    [Fact]
    public void SlackText_EscapeChatText_RendersEachMentionTheSlackWay()
    {
        var text = new ChatText($"{ChatText.Mention("ana")} & {ChatText.Mention("kwame")} <b> {ChatText.Mention("ghost")}", TestNotices.People);

        Assert.Equal("<@U0ANA> &amp; *Kwame Mensah* &lt;b&gt; *@ghost*", SlackText.Escape(text));
    }
}
