using System.Net;
using System.Text.Json.Nodes;
using Bot.Core.Incidents;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.LocalConsole;

/// <summary>
/// Notices on the console: a notice stored as a use case stores it reaches the team's channel and a member's direct
/// messages (the channel <c>dm:&lt;member id&gt;</c>), and a button pressed on it runs as the member who pressed it.
/// The button is a test action (<see cref="TakeNoticeAction"/>), so these tests need no particular use case.
/// </summary>
public sealed class ConsoleNoticeTests
{
    private const string PaymentsChannel = "payments-slo-breaches";
    private const string PaymentsKey = "console:" + PaymentsChannel;
    private const string KwameKey = "console:dm:kwame";

    [Fact]
    public async Task Notice_PostedToTheTeamAndADirectMessage_ShowsInBothWithMentionsAsMemberIds()
    {
        await using var bot = new ConsoleBot(configureServices: TakeNoticeAction.Register);

        var stored = await bot.StoreNoticeAsync(TakeNoticeAction.OpenNotice("cover:1", ConsoleBot.Now), PaymentsKey, KwameKey);

        var inChannel = Assert.Single(await bot.WaitForNoticesAsync(PaymentsChannel, n => n.Count == 1, "the notice"));
        var inDm = Assert.Single(await bot.WaitForNoticesAsync(ConsoleBot.DirectChannel("kwame"), n => n.Count == 1, "the notice in kwame's DMs"));
        foreach (var notice in new[] { inChannel, inDm })
        {
            Assert.Equal((stored.Id, 1, "attention"), (notice.NoticeId, notice.Version, notice.Tone));
            Assert.Equal("Cover wanted: Payments primary", notice.Title);
            Assert.Equal("@ana asks for cover on Tuesday.", notice.Summary);
            Assert.Equal(["ana"], notice.Mentions);
            Assert.Equal([("From", "2026-05-05 10:20 UTC")], notice.Fields);
            Assert.Equal(["Dentist appointment"], Assert.Single(notice.Sections).Lines);
            Assert.Equal(["test.take"], notice.ActionIds);
            Assert.False(notice.Edited);
        }
        Assert.Empty(await bot.DirectMessagesAsync("ana"));
    }

    [Theory]
    [InlineData("dm:kwame")]
    [InlineData("dm%3Akwame")]
    public async Task Messages_OfADirectChannel_AreReadByItsNameEscapedOrNot(string name)
    {
        await using var bot = new ConsoleBot(configureServices: TakeNoticeAction.Register);
        await bot.StoreNoticeAsync(TakeNoticeAction.OpenNotice("cover:1", ConsoleBot.Now), KwameKey);
        await bot.WaitForNoticesAsync(ConsoleBot.DirectChannel("kwame"), n => n.Count == 1, "the notice in kwame's DMs");

        using var response = await bot.Client.GetAsync(new Uri($"/api/console/channels/{name}/messages", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray())!;
        Assert.Equal("notice", (string?)message["body"]!["type"]);
    }

    [Fact]
    public async Task Button_InTheDirectMessageByMessageId_RunsAsTheClickerAndEditsEveryCopyWithAReplyEach()
    {
        await using var bot = new ConsoleBot(configureServices: TakeNoticeAction.Register);
        var stored = await bot.StoreNoticeAsync(TakeNoticeAction.OpenNotice("cover:1", ConsoleBot.Now), PaymentsKey, KwameKey);
        var posted = Assert.Single(await bot.WaitForNoticesAsync(PaymentsChannel, n => n.Count == 1, "the notice"));
        var dm = Assert.Single(await bot.WaitForNoticesAsync(ConsoleBot.DirectChannel("kwame"), n => n.Count == 1, "the notice in kwame's DMs"));

        var answer = await bot.ClickNoticeAsync(ConsoleBot.DirectChannel("kwame"), "kwame", "test.take", messageId: dm.MessageId);

        Assert.True(answer.Ok);
        Assert.Equal("You took it, @kwame.", answer.Text);
        Assert.Equal((stored.Id, 2, "good", "Taken by @kwame."), (answer.Notice!.NoticeId, answer.Notice.Version, answer.Notice.Tone, answer.Notice.Summary));
        Assert.Empty(answer.Notice.Actions);
        var click = Assert.Single(bot.Factory.Services.GetRequiredService<TakeNoticeAction>().Clicks);
        Assert.Equal(new Actor("kwame", "Kwame Mensah", ActionSource.Console), click.By);
        Assert.Null(click.ChannelTeamId);

        foreach (var (channel, copy) in new[] { (PaymentsChannel, posted), (ConsoleBot.DirectChannel("kwame"), dm) })
        {
            var messages = await bot.WaitForChannelAsync(
                channel, m => ConsoleBot.NoticesIn(m) is [{ Version: 2 }] && ConsoleBot.RepliesIn(m).Count == 1, "the notice taken and a thread reply");
            var edited = Assert.Single(ConsoleBot.NoticesIn(messages));
            Assert.Equal((copy.MessageId, true, "good"), (edited.MessageId, edited.Edited, edited.Tone));
            Assert.Equal(["kwame"], edited.Mentions);
            var reply = Assert.Single(ConsoleBot.RepliesIn(messages, copy.MessageId));
            Assert.Equal("@kwame covers for @ana.", reply.Text);
            Assert.Equal(["kwame", "ana"], reply.Mentions);
        }
    }

    [Fact]
    public async Task Button_ByNoticeIdInTheTeamChannel_CarriesTheChannelsTeamAndASecondClickIsRefused()
    {
        await using var bot = new ConsoleBot(configureServices: TakeNoticeAction.Register);
        var stored = await bot.StoreNoticeAsync(TakeNoticeAction.OpenNotice("cover:1", ConsoleBot.Now), PaymentsKey);
        await bot.WaitForNoticesAsync(PaymentsChannel, n => n.Count == 1, "the notice");

        var first = await bot.ClickNoticeAsync(PaymentsChannel, "mei", "test.take", noticeId: stored.Id);
        var second = await bot.ClickNoticeAsync(PaymentsChannel, "mallory", "test.take", noticeId: stored.Id);

        Assert.True(first.Ok);
        Assert.False(second.Ok);
        Assert.Equal("Already taken by @mei.", second.Text);
        Assert.Equal(2, second.Notice!.Version);
        var clicks = bot.Factory.Services.GetRequiredService<TakeNoticeAction>().Clicks;
        Assert.Equal(
            [(new Actor("mei", "Mei Tan", ActionSource.Console), "payments"), (new Actor("mallory", "mallory", ActionSource.Console), "payments")],
            clicks.Select(c => (c.By, c.ChannelTeamId)));
        var notice = Assert.Single(await bot.WaitForNoticesAsync(PaymentsChannel, n => n is [{ Version: 2 }], "the notice taken"));
        Assert.Equal("Taken by @mei.", notice.Summary);
    }
}
