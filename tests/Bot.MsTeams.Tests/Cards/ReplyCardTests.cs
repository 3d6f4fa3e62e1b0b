using System.Text;
using System.Text.Json.Nodes;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.MsTeams.Cards;
using Bot.Testing;

namespace Bot.MsTeams.Tests.Cards;

public sealed class ReplyCardTests
{
    private static string Json(JsonNode card) => card.ToJsonString(MsTeamsJson.Options);

    /// <summary>Two open incidents of Payments; the second's title carries markdown an alert could send.</summary>
    private static IncidentRecord[] OpenIncidents() =>
    [
        CardFixtures.Open(),
        CardFixtures.Acknowledged() with
        {
            Id = 44,
            Severity = IncidentSeverity.Error,
            Priority = 2,
            Title = "*p99* latency [slow](https://evil.example)",
            OpenedAt = CardFixtures.Started.AddMinutes(20),
        },
    ];

    [Fact]
    public async Task ReplyCard_Help_MatchesGolden() =>
        GoldenFile.AssertMatches("reply-help.json", Json(ReplyCard.Render(await CommandReplies.AnswerAsync("help"))));

    [Fact]
    public async Task ReplyCard_Status_MatchesGolden() =>
        GoldenFile.AssertMatches("reply-status.json", Json(ReplyCard.Render(await CommandReplies.AnswerAsync("status payments", OpenIncidents()))));

    [Fact]
    public async Task ReplyCard_UsageError_MatchesGolden() =>
        GoldenFile.AssertMatches("reply-error.json", Json(ReplyCard.Render(await CommandReplies.AnswerAsync("ack 42x"))));

    [Fact]
    public async Task ReplyCard_Help_HasAnEntryPerVerbWithSyntaxDescriptionAndExample()
    {
        var card = ReplyCard.Render(await CommandReplies.AnswerAsync("help"));

        var entries = card["body"]!.AsArray().Where(e => (string?)e!["type"] == "Container").ToList();
        Assert.Equal(CommandGrammar.Verbs.Count, entries.Count);
        var status = entries[1]!["items"]!.AsArray();
        Assert.Equal(@"status \[team|service|domain|all\]", (string?)status[0]!["text"]);
        Assert.Equal("Monospace", (string?)status[0]!["fontType"]);
        Assert.Equal("Example: status payments", (string?)status[2]!["text"]);
    }

    [Fact]
    public async Task ReplyCard_Status_IsTheStatusCardWithTheTeamsOpenIncidentsUnderTheTable()
    {
        var card = ReplyCard.Render(await CommandReplies.AnswerAsync("status payments", OpenIncidents()));

        var body = card["body"]!.AsArray();
        Assert.Equal("SLO status · Team Payments", (string?)body[0]!["items"]![0]!["text"]);
        Assert.Equal("Open incidents (2):", (string?)body.Single(e => (string?)e!["weight"] == "Bolder" && ((string?)e["text"])!.StartsWith("Open", StringComparison.Ordinal))!["text"]);
        var rows = body.Where(e => (string?)e!["type"] == "ColumnSet" && e["columns"]!.AsArray().Count == 2).Select(r => r!["columns"]!.AsArray()).ToList();
        Assert.Equal(["#42 P1 critical", "#44 P2 error"], rows.Select(r => (string?)r[0]!["items"]![0]!["text"]));
        Assert.All(rows, r => Assert.Equal("Attention", (string?)r[0]!["items"]![0]!["color"]));
        var second = (string?)rows[1][1]!["items"]![0]!["text"];
        Assert.StartsWith(@"\*p99\* latency \[slow\]\(https://evil.example) · availability · since 2026-03-01 14:25 UTC", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplyCard_Status_EstimatesTheBudgetFromTheOpenBreachWithNothingPushed()
    {
        var card = ReplyCard.Render(await CommandReplies.AnswerAsync("status payments", OpenIncidents()));

        var row = card["body"]!.AsArray().Where(e => (string?)e!["type"] == "ColumnSet" && e["columns"]!.AsArray().Count == 4).Skip(1).Single()!["columns"]!.AsArray();
        var about = row[0]!["items"]![0]!["columns"]![1]!["items"]!.AsArray();
        Assert.Equal("Checkout API / availability", (string?)about[0]!["text"]);
        Assert.EndsWith(" · estimate", (string?)about[1]!["text"], StringComparison.Ordinal);
        Assert.Equal(("burning", "2"), ((string?)row[1]!["items"]![1]!["text"], (string?)row[3]!["items"]![0]!["text"]));
    }

    [Fact]
    public void ReplyCard_FailedReply_IsAnAttentionContainer()
    {
        var card = ReplyCard.Render(new CommandReply(false, "'frobnicate' is not a command.\nUsage: help"));

        var body = card["body"]!.AsArray();
        var container = Assert.Single(body)!;
        Assert.Equal(("Container", "attention"), ((string?)container["type"], (string?)container["style"]));
        Assert.Equal("Attention", (string?)container["items"]![0]!["color"]);
    }

    [Fact]
    public void ReplyCard_SingleLine_IsOneTextBlock()
    {
        var card = ReplyCard.Render(new CommandReply(true, "Acknowledged #42 as Ana Kovač."));

        var block = Assert.Single(card["body"]!.AsArray())!;
        Assert.Equal(("TextBlock", "Acknowledged #42 as Ana Kovač."), ((string?)block["type"], (string?)block["text"]));
    }

    [Fact]
    public void ReplyCard_VeryLongStatus_StaysUnderTheLimitAndSaysHowManyRowsAreLeftOut()
    {
        var lines = Enumerable.Range(1, 4000).Select(i => $"• #{i} P2 error · something is slow · checkout · since 2026-03-01 14:05 UTC (×1) · not acknowledged");
        var reply = new CommandReply(true, $"Team Payments: 4000 open incident(s)\n{string.Join('\n', lines)}");

        var card = ReplyCard.Render(reply);

        Assert.InRange(Encoding.UTF8.GetByteCount(Json(card)), 1, AdaptiveElements.MaxCardBytes);
        var body = card["body"]!.AsArray();
        var shown = body.Count - 2;
        Assert.Equal($"… and {4000 - shown} more lines not shown.", (string?)body[^1]!["text"]);
        Assert.InRange(shown, 50, 3999);
    }
}
