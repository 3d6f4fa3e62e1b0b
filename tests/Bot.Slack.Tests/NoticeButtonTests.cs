using System.Net;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Slack.Tests.Support;

namespace Bot.Slack.Tests;

/// <summary>A notice's buttons clicked in Slack: signed <c>block_actions</c> through the interaction endpoint, to <see cref="Core.Notices.NoticeActions"/>.</summary>
public sealed class NoticeButtonTests
{
    private static string AcceptHandoffForm(string value = "7", string channel = "D0ANADM01") =>
        "payload=" + Uri.EscapeDataString(Fixture.Text("block-actions-accept-handoff.json")
            .Replace("\"value\": \"7\"", $"\"value\": \"{value}\"", StringComparison.Ordinal)
            .Replace("D0ANADM01", channel, StringComparison.Ordinal));

    [Fact]
    public async Task Interactions_AcceptHandoffInADirectMessage_RunsTheNoticeActionAsTheClickerAndTellsThemAlone()
    {
        await using var host = await SlackTestHost.StartAsync();
        host.Notices.Add(TestNotices.Stored(7));

        using var response = await host.PostFormAsync("/slack/interactions", AcceptHandoffForm());
        var told = Assert.Single(await host.Slack.WaitForAsync("/api/chat.postEphemeral"));

        Assert.Equal((HttpStatusCode.OK, ""), (response.StatusCode, await response.Content.ReadAsStringAsync()));
        var (notice, context) = Assert.Single(host.NoticeAction.Runs);
        Assert.Equal(7, notice.Id);
        Assert.Equal(new Actor("ana", "Ana Kovač", ActionSource.Slack), context.By);
        Assert.Null(context.ChannelTeamId);
        Assert.Equal(("D0ANADM01", "U0ANA", "You accepted the handoff: you are on call for Payments now."),
            ((string?)told.Json["channel"], (string?)told.Json["user"], (string?)told.Json["text"]));
        Assert.Empty(host.Slack.To("/api/chat.postMessage"));
        Assert.Empty(host.Slack.To("/api/chat.update"));
    }

    [Fact]
    public async Task Interactions_AcceptHandoffInTheTeamsChannel_ActsForThatTeam()
    {
        await using var host = await SlackTestHost.StartAsync();
        host.Notices.Add(TestNotices.Stored(7));

        using var response = await host.PostFormAsync("/slack/interactions", AcceptHandoffForm(channel: TestCatalog.PaymentsChannel));
        await host.Slack.WaitForAsync("/api/chat.postEphemeral");

        Assert.Equal("payments", Assert.Single(host.NoticeAction.Runs).Context.ChannelTeamId);
    }

    [Fact]
    public async Task Interactions_AcceptHandoffRefused_ShowsTheRefusalOnlyToTheClicker()
    {
        await using var host = await SlackTestHost.StartAsync();
        host.Notices.Add(TestNotices.Stored(7));
        host.NoticeAction.Reply = new CommandReply(false, "Only Kwame Mensah, the incoming on-call, can accept this handoff.");

        using var response = await host.PostFormAsync("/slack/interactions", AcceptHandoffForm());
        var told = Assert.Single(await host.Slack.WaitForAsync("/api/chat.postEphemeral"));

        Assert.Equal("Only Kwame Mensah, the incoming on-call, can accept this handoff.", (string?)told.Json["text"]);
        Assert.StartsWith(":warning:", (string?)told.Json["blocks"]![0]!["text"]!["text"], StringComparison.Ordinal);
        Assert.Empty(host.Slack.To("/api/chat.postMessage"));
    }

    [Fact]
    public async Task Interactions_ButtonOfANoticeThatIsGone_SaysSoAndRunsNothing()
    {
        await using var host = await SlackTestHost.StartAsync();

        using var response = await host.PostFormAsync("/slack/interactions", AcceptHandoffForm(value: "99"));
        var told = Assert.Single(await host.Slack.WaitForAsync("/api/chat.postEphemeral"));

        Assert.StartsWith("There is no notice 99", (string?)told.Json["text"], StringComparison.Ordinal);
        Assert.Empty(host.NoticeAction.Runs);
    }

    [Theory]
    [InlineData("seven", "This button names no notice: its value 'seven' is not a notice number.")]
    [InlineData("-7", "This button names no notice: its value '-7' is not a notice number.")]
    [InlineData("", "This button names no notice (it carries no value).")]
    public async Task Interactions_NoticeButtonWithAMalformedValue_IsRefusedNamingTheProblem(string value, string expected)
    {
        await using var host = await SlackTestHost.StartAsync();
        host.Notices.Add(TestNotices.Stored(7));

        using var response = await host.PostFormAsync("/slack/interactions", AcceptHandoffForm(value));
        var told = Assert.Single(await host.Slack.WaitForAsync("/api/chat.postEphemeral"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, (string?)told.Json["text"]);
        Assert.Empty(host.NoticeAction.Runs);
    }
}
