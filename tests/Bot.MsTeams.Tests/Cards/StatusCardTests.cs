using System.Text;
using System.Text.Json.Nodes;
using Bot.Core.Commands;
using Bot.Core.Slos;
using Bot.MsTeams.Cards;
using Bot.Slack.Tests.Support;
using Bot.Testing;

namespace Bot.MsTeams.Tests.Cards;

public sealed class StatusCardTests
{
    private static string Json(JsonNode card) => card.ToJsonString(MsTeamsJson.Options);

    private static CommandReply Reply((SloStatusReport Report, string Text) status) => new(true, status.Text) { Status = status.Report };

    public static JsonObject Render((SloStatusReport Report, string Text) status) => ReplyCard.Render(Reply(status));

    /// <summary>The SLO rows: the body's column sets under the table header, with the mark and texts of the first column.</summary>
    private static List<JsonArray> SloRows(JsonObject card) =>
        [.. card["body"]!.AsArray()
            .Where(e => (string?)e!["type"] == "ColumnSet" && e["columns"]!.AsArray().Count == 4)
            .Skip(1)
            .Select(e => e!["columns"]!.AsArray())];

    private static JsonArray AboutTexts(JsonArray row) => row[0]!["items"]![0]!["columns"]![1]!["items"]!.AsArray();

    private static string? Mark(JsonArray row) => (string?)row[0]!["items"]![0]!["columns"]![0]!["items"]![0]!["color"];

    private static string? Text(JsonArray column, int item = 0) => (string?)column[item]!["text"];

    [Fact]
    public void StatusCard_Team_MatchesGolden() =>
        GoldenFile.AssertMatches("status-team.json", Json(Render(StatusReports.Team())));

    [Fact]
    public void StatusCard_OrgUnit_MatchesGolden() =>
        GoldenFile.AssertMatches("status-org-unit.json", Json(Render(StatusReports.OrgUnit())));

    [Fact]
    public void StatusCard_ManySlos_MatchesGolden() =>
        GoldenFile.AssertMatches("status-many.json", Json(Render(StatusReports.Many(60))));

    [Fact]
    public void StatusCard_Team_BannerSaysTheScopeTimeAndCountsInTheirColours()
    {
        var banner = Render(StatusReports.Team())["body"]![0]!;

        Assert.Equal(("Container", "emphasis"), ((string?)banner["type"], (string?)banner["style"]));
        var items = banner["items"]!.AsArray();
        Assert.Equal("SLO status · Team Payments", Text(items));
        Assert.Equal("5 SLOs · as of 2026-03-01 14:05 UTC", Text(items, 1));
        var counts = items[2]!["columns"]!.AsArray().Select(c => c!["items"]![0]!).ToList();
        Assert.Equal(["1 exhausted", "1 burning", "2 healthy", "1 no data"], counts.Select(c => (string?)c["text"]));
        Assert.Equal(["Attention", "Warning", "Good", null], counts.Select(c => (string?)c["color"]));
    }

    [Fact]
    public void StatusCard_Team_IsATableOfSlosWorstFirstColouredByState()
    {
        var rows = SloRows(Render(StatusReports.Team()));

        Assert.Equal(
            ["Payment Gateway / requests-availability", "Ledger / writes-availability", "Payment Gateway / requests-latency", "Refunds / availability", "Refunds / latency"],
            rows.Select(r => Text(AboutTexts(r))));
        Assert.Equal(["Attention", "Warning", "Good", "Good", null], rows.Select(Mark));
        var exhausted = rows[0];
        Assert.Equal("99.95% · 28d rolling · SLI 99.944%", Text(AboutTexts(exhausted), 1));
        Assert.Equal("Exhaustion: exhausted", Text(AboutTexts(exhausted), 2));
        Assert.Equal(("−12.0%", "exhausted", "Attention"), (Text(exhausted[1]!["items"]!.AsArray()), Text(exhausted[1]!["items"]!.AsArray(), 1), (string?)exhausted[1]!["items"]![0]!["color"]));
        Assert.Equal("3.2× / 1.5×", Text(exhausted[2]!["items"]!.AsArray()));
        Assert.Equal("2", Text(exhausted[3]!["items"]!.AsArray()));
        Assert.Equal("Exhaustion: in about 5.6 days at the 1h rate", Text(AboutTexts(rows[1]), 2));
        Assert.Equal("99.99% · 4 calendar weeks · SLI 99.996%", Text(AboutTexts(rows[1]), 1));
    }

    [Fact]
    public void StatusCard_EstimateAndNoData_SayWhatTheFiguresAreAndWhyThereAreNone()
    {
        var rows = SloRows(Render(StatusReports.Team()));

        var estimate = AboutTexts(rows[3]);
        Assert.Equal("90% · 28d rolling · SLI 99.000% · estimate", Text(estimate, 1));
        Assert.Equal("estimated from 2 breaches (3.5 h in breach this period), assuming a 14.4× burn while in breach unless the alert reported one", Text(estimate, 3));
        var noData = rows[4];
        Assert.Equal("no data: nothing pushed to /api/sli/refunds-latency since 2026-02-01 14:05 UTC", Text(AboutTexts(noData), 2));
        Assert.Equal(("–", "no data", "–"), (Text(noData[1]!["items"]!.AsArray()), Text(noData[1]!["items"]!.AsArray(), 1), Text(noData[2]!["items"]!.AsArray())));
    }

    [Fact]
    public void StatusCard_OrgUnit_RollsUpEachTeamThenTheWorstSlosThenHowToDrillDown()
    {
        var body = Render(StatusReports.OrgUnit())["body"]!.AsArray();

        Assert.Equal("By team, worst first", (string?)body[1]!["text"]);
        var children = body.Skip(2).Take(3).Select(c => c!["columns"]!.AsArray()).ToList();
        Assert.Equal(["Checkout", "Payments", "Risk"], children.Select(c => Text(AboutTexts(c))));
        Assert.Equal(["Attention", "Warning", "Good"], children.Select(Mark));
        Assert.Equal("1 exhausted · 1 burning · 1 healthy · 1 open incident", Text(AboutTexts(children[0]), 1));
        Assert.Equal(["−12.0%", "40.0%", "92.0%"], children.Select(c => Text(c[1]!["items"]!.AsArray())));
        Assert.Equal("Worst 5 SLOs", (string?)body[5]!["text"]);
        Assert.Equal(5, SloRows(Render(StatusReports.OrgUnit())).Count);
        Assert.Equal("… and 4 more SLOs", (string?)body[^2]!["text"]);
        Assert.Equal("Drill down: **status checkout**", (string?)body[^1]!["text"]);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(3000)]
    public void StatusCard_ManySlos_StaysUnderTheSizeLimitAndCountsTheRowsNotShown(int count)
    {
        var card = Render(StatusReports.Many(count));

        Assert.InRange(Encoding.UTF8.GetByteCount(Json(card)), 1, AdaptiveElements.MaxCardBytes);
        var shown = SloRows(card).Count;
        Assert.InRange(shown, 10, count - 1);
        Assert.Equal($"… and {count - shown} more SLOs not shown", (string?)card["body"]!.AsArray()[^1]!["text"]);
    }

    [Fact]
    public void StatusCard_NoSlosInScope_SaysSo()
    {
        var body = Render(StatusReports.Many(0))["body"]!.AsArray();

        Assert.Equal(2, body.Count);
        Assert.Equal("No SLOs in this scope.", (string?)body[1]!["text"]);
    }
}
