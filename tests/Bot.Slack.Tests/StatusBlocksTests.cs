using System.Text.Json;
using Bot.Core.Commands;
using Bot.Slack.BlockKit;
using Bot.Slack.Commands;
using Bot.Slack.Tests.Support;
using Bot.Testing;

namespace Bot.Slack.Tests;

public sealed class StatusBlocksTests
{
    private static CommandReply Reply((Core.Slos.SloStatusReport Report, string Text) status) => new(true, status.Text) { Status = status.Report };

    private static string ResponseJson(SlackMessage message) => JsonSerializer.Serialize(SlackResponse.EphemeralOf(message), SlackJson.Options);

    private static List<string> Texts(SlackMessage message) =>
        [.. message.Blocks.SelectMany(b => b switch
        {
            HeaderBlock header => [header.Text.Text],
            SectionBlock section => [section.Text!.Text],
            ContextBlock context => context.Elements.Select(e => e.Text),
            _ => [],
        })];

    [Fact]
    public void StatusBlocks_Team_MatchesGolden() =>
        GoldenFile.AssertMatches("status-team.json", ResponseJson(ReplyBlocks.Render(Reply(StatusReports.Team()))));

    [Fact]
    public void StatusBlocks_OrgUnit_MatchesGolden() =>
        GoldenFile.AssertMatches("status-org-unit.json", ResponseJson(ReplyBlocks.Render(Reply(StatusReports.OrgUnit()))));

    [Fact]
    public void StatusBlocks_ManySlos_MatchesGolden() =>
        GoldenFile.AssertMatches("status-many.json", ResponseJson(ReplyBlocks.Render(Reply(StatusReports.Many(60)))));

    [Fact]
    public void StatusBlocks_Team_ShowsEachSloWorstFirstWithItsMarkFiguresAndIncidents()
    {
        var message = ReplyBlocks.Render(Reply(StatusReports.Team()));

        var texts = Texts(message);
        Assert.Equal("SLO status · Team Payments", texts[0]);
        Assert.Equal(
            "*5 SLOs* · :red_circle: 1 exhausted · :large_orange_circle: 1 burning · :large_green_circle: 2 healthy · :white_circle: 1 no data · as of 2026-03-01 14:05 UTC",
            texts[1]);
        var rows = texts.Skip(2).Take(5).ToList();
        Assert.Equal(
            [":red_circle: *Payment Gateway / requests-availability*", ":large_orange_circle: *Ledger / writes-availability*",
             ":large_green_circle: *Payment Gateway / requests-latency*", ":large_green_circle: *Refunds / availability*", ":white_circle: *Refunds / latency*"],
            rows.Select(r => r[..r.IndexOf(" · ", StringComparison.Ordinal)]));
        Assert.Equal(
            ":red_circle: *Payment Gateway / requests-availability* · 99.95% · 28d rolling\n" +
            "Budget left *−12.0%* · SLI 99.944% · burn 1h *3.2×* / 24h 1.5×\n" +
            "Exhaustion: exhausted · 2 open incidents",
            rows[0]);
        Assert.Contains(" · 99.99% · 4 calendar weeks\n", rows[1], StringComparison.Ordinal);
    }

    [Fact]
    public void StatusBlocks_EstimateAndNoData_SayWhatTheFiguresAreAndWhyThereAreNone()
    {
        var texts = Texts(ReplyBlocks.Render(Reply(StatusReports.Team())));

        var estimate = Assert.Single(texts, t => t.StartsWith(":large_green_circle: *Refunds / availability*", StringComparison.Ordinal));
        Assert.Contains("· 90% · 28d rolling · _estimate_\n", estimate, StringComparison.Ordinal);
        Assert.EndsWith("\n_estimated from 2 breaches (3.5 h in breach this period), assuming a 14.4× burn while in breach unless the alert reported one_", estimate, StringComparison.Ordinal);
        var noData = Assert.Single(texts, t => t.StartsWith(":white_circle:", StringComparison.Ordinal));
        Assert.EndsWith("\n_no data: nothing pushed to /api/sli/refunds-latency since 2026-02-01 14:05 UTC_ · 1 open incident", noData, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusBlocks_Team_ListsTheOpenIncidentsUnderTheRows_Escaped()
    {
        var texts = Texts(ReplyBlocks.Render(Reply(StatusReports.Team())));

        var incidents = texts[^1].Split('\n');
        Assert.Equal("*Open incidents (3):*", incidents[0]);
        Assert.Equal("• #42 P1 critical · Payment Gateway availability &lt;99.95% &amp; burning · requests-availability · since 2026-03-01 13:40 UTC (×3) · acknowledged by Ana Kovač", incidents[1]);
        Assert.Equal(4, incidents.Length);
    }

    [Fact]
    public void StatusBlocks_OrgUnit_RollsUpEachTeamThenTheWorstSlosThenHowToDrillDown()
    {
        var message = ReplyBlocks.Render(Reply(StatusReports.OrgUnit()));

        var texts = Texts(message);
        Assert.Equal("SLO status · Domain Money Movement", texts[0]);
        Assert.Equal(
            "*By team, worst first*\n" +
            ":red_circle: *Checkout* · :red_circle: 1 exhausted · :large_orange_circle: 1 burning · :large_green_circle: 1 healthy · lowest budget left *−12.0%* · 1 open incident\n" +
            ":large_orange_circle: *Payments* · :large_orange_circle: 1 burning · :large_green_circle: 3 healthy · lowest budget left *40.0%* · 1 open incident\n" +
            ":large_green_circle: *Risk* · :large_green_circle: 1 healthy · :white_circle: 1 no data · lowest budget left *92.0%* · no open incidents",
            texts[2]);
        Assert.IsType<DividerBlock>(message.Blocks[3]);
        Assert.Equal("*Worst 5 SLOs*", texts[3]);
        Assert.Equal(5, texts.Count(t => t.StartsWith(':') && t.Contains(" / ", StringComparison.Ordinal)));
        Assert.Equal(["… and 4 more SLOs", ":mag: Drill down: `/slo status checkout`"], ((ContextBlock)message.Blocks[^1]).Elements.Select(e => e.Text));
    }

    [Fact]
    public void StatusBlocks_ManySlos_ShareSectionsWithinFiftyBlocks()
    {
        var (report, _) = StatusReports.Many(60);

        var message = ReplyBlocks.Render(Reply(StatusReports.Many(60)));

        Assert.True(message.Blocks.Count < Block.MaxPerMessage);
        var sections = message.Blocks.OfType<SectionBlock>().ToList();
        Assert.All(sections, s => Assert.InRange(s.Text!.Text.Length, 1, SectionBlock.MaxTextLength));
        var rows = sections.SelectMany(s => s.Text!.Text.Split("\n\n")).ToList();
        Assert.Equal(report.Rows.Select(r => $"*{r.ServiceName} / {r.SloName}*"), rows.Select(r => r[(r.IndexOf(' ', StringComparison.Ordinal) + 1)..r.IndexOf(" · ", StringComparison.Ordinal)]));
        Assert.IsNotType<ContextBlock>(message.Blocks[^1]);
    }

    [Fact]
    public void StatusBlocks_ThousandsOfSlos_StayWithinSlacksLimitsAndCountTheRest()
    {
        var message = ReplyBlocks.Render(Reply(StatusReports.Many(3000)));

        Assert.Equal(Block.MaxPerMessage, message.Blocks.Count);
        var sections = message.Blocks.OfType<SectionBlock>().ToList();
        Assert.All(sections, s => Assert.InRange(s.Text!.Text.Length, 1, SectionBlock.MaxTextLength));
        var shown = sections.Sum(s => s.Text!.Text.Split("\n\n").Length);
        var footer = Assert.IsType<ContextBlock>(message.Blocks[^1]);
        Assert.Equal($"… and {3000 - shown} more SLOs", Assert.Single(footer.Elements).Text);
        Assert.InRange(shown, 47, 2999);
        Assert.InRange(message.Text.Length, 1, 40_000);
    }

    [Fact]
    public void StatusBlocks_NoSlosInScope_SaysSo()
    {
        var report = StatusReports.Many(0).Report;

        var texts = Texts(StatusBlocks.Render(report, Core.Slos.SloStatusText.Render(report)));

        Assert.Equal(["SLO status · Team Platform", "*0 SLOs* · :large_green_circle: 0 healthy · as of 2026-03-01 14:05 UTC", "No SLOs in this scope."], texts);
    }

    [Fact]
    public void ReplyBlocks_ReplyWithoutAReport_StaysPlainSections()
    {
        var message = ReplyBlocks.Render(new CommandReply(true, "Acknowledged #42."));

        Assert.IsType<SectionBlock>(Assert.Single(message.Blocks));
    }
}
