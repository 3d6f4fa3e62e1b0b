using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Slack.Api;
using Bot.Slack.BlockKit;
using Bot.Testing;

namespace Bot.Slack.Tests;

public sealed class BlockKitTests
{
    private static readonly MessageField[] OpenFields =
    [
        new("Service", "Checkout API"),
        new("SLO", "checkout-availability ≥ 99.9% over 28d"),
        new("SLI", "availability"),
        new("Where", "prod / eu-west-1"),
        new("Burn rate", "14.4× over 1h"),
        new("Error budget left", "37.5%"),
        new("Started", "2026-03-01 14:05 UTC", Utc(14, 5)),
        new("Occurrences", "3"),
    ];

    private static readonly MessageLink[] Links =
    [
        new("Runbook", new Uri("https://runbooks.example.com/checkout?slo=availability&env=prod")),
        new("Dashboard", new Uri("https://grafana.example.com/d/checkout")),
    ];

    private static DateTimeOffset Utc(int hour, int minute) => new(2026, 3, 1, hour, minute, 0, TimeSpan.Zero);

    private static IncidentMessage Open() => new(
        42, 1, "Checkout API availability <99.9% & burning", "#42 SLO breach · critical · open",
        IncidentState.Open, IncidentSeverity.Critical, "P1", OpenFields, Links,
        [MessageAction.Acknowledge, MessageAction.Resolve, MessageAction.StartPostmortem]);

    private static IncidentMessage Acknowledged() => Open() with
    {
        Version = 2,
        Headline = "#42 SLO breach · critical · acknowledged",
        State = IncidentState.Acknowledged,
        Fields = [.. OpenFields, new("Acknowledged", "by Ana Kovač at 2026-03-01 14:09 UTC", Utc(14, 9))],
        Actions = [MessageAction.Resolve, MessageAction.StartPostmortem],
    };

    private static IncidentMessage Resolved() => Open() with
    {
        Version = 3,
        Headline = "#42 SLO breach · critical · resolved",
        State = IncidentState.Resolved,
        Fields = [.. OpenFields, new("Acknowledged", "by Ana Kovač at 2026-03-01 14:09 UTC", Utc(14, 9)), new("Resolved", "alerts stopped firing at 2026-03-01 15:30 UTC", Utc(15, 30))],
        Actions = [MessageAction.StartPostmortem],
    };

    /// <summary>The book's P1–P3, as the catalog ships them: the priority menu's options.</summary>
    internal static readonly PriorityDefinition[] Priorities =
    [
        new(1, "Critical business impact", true, true, true, true, TimeSpan.FromHours(2), [1, 2, 3]),
        new(2, "Major business impact", false, false, true, true, TimeSpan.FromHours(4), [1, 2]),
        new(3, "Minor business impact", false, false, false, true, TimeSpan.FromHours(8), [1]),
    ];

    private static string PostMessageJson(SlackMessage message) =>
        JsonSerializer.Serialize(new ChatPostMessage("C0PAY", message.Text, message.Blocks), SlackJson.Options);

    [Fact]
    public void IncidentBlocks_OpenIncident_MatchesGolden() =>
        GoldenFile.AssertMatches("incident-open.json", PostMessageJson(IncidentBlocks.Render(Open(), Priorities)));

    [Fact]
    public void IncidentBlocks_AcknowledgedIncident_MatchesGolden() =>
        GoldenFile.AssertMatches("incident-acknowledged.json", PostMessageJson(IncidentBlocks.Render(Acknowledged(), Priorities)));

    [Fact]
    public void IncidentBlocks_ResolvedIncident_MatchesGolden() =>
        GoldenFile.AssertMatches("incident-resolved.json", PostMessageJson(IncidentBlocks.Render(Resolved(), Priorities)));

    [Fact]
    public void ReplyBlocks_Help_MatchesGolden()
    {
        var help = new CommandReply(true, string.Join('\n',
            "SLO Bot commands (type them after /slo in Slack, @SLO Bot in Teams):",
            "• help — this list Example: help",
            "• status [team|service] — open incidents Example: status payments",
            "• ack [#id] — acknowledge an incident Example: ack #42",
            "• resolve [#id] — resolve an incident Example: resolve #42"));
        GoldenFile.AssertMatches("reply-help.json", JsonSerializer.Serialize(Commands.SlackResponse.EphemeralOf(ReplyBlocks.Render(help)), SlackJson.Options));
    }

    [Fact]
    public void ReplyBlocks_UsageError_MatchesGolden()
    {
        var error = new CommandReply(false, "'ack' needs an incident like #42, got '<42>'.\nUsage: ack [#id]");
        GoldenFile.AssertMatches("reply-error.json", JsonSerializer.Serialize(Commands.SlackResponse.EphemeralOf(ReplyBlocks.Render(error)), SlackJson.Options));
    }

    [Fact]
    public void IncidentBlocks_Buttons_CarryActionIdsAndTheIncidentIdAsValue()
    {
        var json = JsonNode.Parse(PostMessageJson(IncidentBlocks.Render(Open(), Priorities)))!;
        var buttons = new JsonArray([.. json["blocks"]!.AsArray().Single(b => (string?)b!["type"] == "actions")!["elements"]!.AsArray()
            .Where(e => (string?)e!["type"] == "button").Select(e => e!.DeepClone())]);

        Assert.Equal(["incident.acknowledge", "incident.resolve", "incident.postmortem"], buttons.Select(b => (string?)b!["action_id"]));
        Assert.All(buttons, b => Assert.Equal(("button", "42"), ((string?)b!["type"], (string?)b["value"])));
        Assert.Equal("primary", (string?)buttons[0]!["style"]);
        Assert.Null(buttons[1]!["style"]);
    }

    [Fact]
    public void IncidentBlocks_TextThatOnlyLooksLikeATime_StaysText()
    {
        var message = Open() with { Fields = [new MessageField("Unrouted", "label window=\"2026-03-01 14:05 UTC\" matched nothing")] };

        var json = PostMessageJson(IncidentBlocks.Render(message));

        Assert.DoesNotContain("<!date^", json, StringComparison.Ordinal);
        Assert.Contains("2026-03-01 14:05 UTC", json, StringComparison.Ordinal);
    }

    [Fact]
    public void IncidentBlocks_LongTitleAndManyFields_StayWithinSlacksLimits()
    {
        var fields = Enumerable.Range(1, 23).Select(i => new MessageField($"Label {i}", new string('x', 2500))).ToArray();
        var message = Open() with { Title = new string('T', 400), Fields = fields };

        var blocks = IncidentBlocks.Render(message).Blocks;

        var header = Assert.IsType<HeaderBlock>(blocks[0]);
        Assert.Equal(HeaderBlock.MaxTextLength, header.Text.Text.Length);
        Assert.EndsWith("…", header.Text.Text, StringComparison.Ordinal);
        var sections = blocks.OfType<SectionBlock>().Where(s => s.Fields is not null).ToList();
        Assert.Equal([10, 10, 3], sections.Select(s => s.Fields!.Count));
        Assert.All(sections.SelectMany(s => s.Fields!), f => Assert.True(f.Text.Length <= SectionBlock.MaxFieldLength));
        Assert.True(blocks.Count <= Block.MaxPerMessage);
    }

    [Fact]
    public void ReplyBlocks_VeryLongReply_SplitsIntoSectionsAtLineBreaksWithinFiftyBlocks()
    {
        var lines = Enumerable.Range(1, 4000).Select(i => $"• #{i} P2 error · something is slow · since 2026-03-01 14:05 UTC");
        var blocks = ReplyBlocks.Render(new CommandReply(true, string.Join('\n', lines))).Blocks;

        Assert.Equal(Block.MaxPerMessage, blocks.Count);
        Assert.All(blocks, b => Assert.InRange(((SectionBlock)b).Text!.Text.Length, 1, SectionBlock.MaxTextLength));
        Assert.StartsWith("• #1 ", ((SectionBlock)blocks[0]).Text!.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a & b", "a &amp; b")]
    [InlineData("<!channel> <@U1>", "&lt;!channel&gt; &lt;@U1&gt;")]
    [InlineData("*bold* stays", "*bold* stays")]
    public void SlackText_Escape_EscapesOnlyAmpersandAndAngleBrackets(string text, string expected) =>
        Assert.Equal(expected, SlackText.Escape(text));

    [Fact]
    public void SlackText_Date_IsATokenWithTheFallback() =>
        Assert.Equal("<!date^1772373900^{date_short_pretty} {time}|2026-03-01 14:05 UTC>",
            SlackText.Date(new DateTimeOffset(2026, 3, 1, 14, 5, 0, TimeSpan.Zero), "2026-03-01 14:05 UTC"));
}
