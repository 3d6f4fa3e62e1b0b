using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bot.Core.Incidents;
using Bot.Host.Tests.LocalConsole;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Postmortems;

/// <summary>
/// Action items through the real host and the console, on the example catalog (team payments: Ana, Kwame, Mei, Lena):
/// a postmortem started from chat, items added and moved to Done across days on the host's clock, the table with lead
/// and cycle times, the line under <c>status</c>, the review reminder in the driver's direct messages, and the API.
/// </summary>
public sealed partial class ActionItemEndToEndTests
{
    private const string PaymentsChannel = "payments-slo-breaches";

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["OnCall:EscalationEnabled"] = "false",
        ["Quartz:Scheduler:IdleWaitTime"] = "00:00:01",
    };

    [Fact]
    public async Task Items_AddedAndMovedToDoneAcrossDays_ListWithLeadAndCycleTimes_AndShowUnderStatus()
    {
        await using var bot = new ConsoleBot(Settings);
        var (incidentId, postmortem) = await PostmortemAsync(bot);

        var added = await bot.CommandAsync(PaymentsChannel, "ana", $"action add {postmortem} Alert on queue depth driver @kwame review 2026-05-08 priority P1");
        var second = await bot.CommandAsync(PaymentsChannel, "ana", $"action add {postmortem} Runbook for gateway failover driver @mei review 2026-05-20");

        Assert.True(added.Ok, added.Text);
        var first = Reference(added.Text);
        var other = Reference(second.Text);
        Assert.Equal($"{first} added to {postmortem}: Alert on queue depth (P1, driver Kwame Mensah, review 2026-05-08). Move it on with 'action {first} state ready'.", added.Text);
        await bot.WaitForChannelAsync(PaymentsChannel,
            m => ConsoleBot.RepliesIn(m).Any(r => r.Text.StartsWith($"{first} added to {postmortem}: Alert on queue depth (P1, driver @kwame", StringComparison.Ordinal)),
            "the new item in the incident's thread");

        bot.Clock.Advance(TimeSpan.FromDays(1));
        var started = await bot.CommandAsync(PaymentsChannel, "kwame", $"action {first} state in-work");
        bot.Clock.Advance(TimeSpan.FromDays(2));
        var implemented = await bot.CommandAsync(PaymentsChannel, "kwame", $"action {first} state implemented");
        bot.Clock.Advance(TimeSpan.FromDays(1));
        var done = await bot.CommandAsync(PaymentsChannel, "lena", $"action {first} state done");
        var backTwo = await bot.CommandAsync(PaymentsChannel, "ana", $"action {other} state ready");
        var outsider = await bot.CommandAsync("search-slo-breaches", "emma", $"action {other} state done");

        Assert.Equal($"{first} New → In work: Alert on queue depth.", started.Text);
        Assert.True(implemented.Ok, implemented.Text);
        Assert.Equal($"{first} Implemented → Done (lead time 4 d, cycle time 3 d): Alert on queue depth.", done.Text);
        Assert.True(backTwo.Ok, backTwo.Text);
        Assert.False(outsider.Ok);
        Assert.Equal($"Only members of team 'payments', admins and the driver may move {other}; Emma Johnson is not one.", outsider.Text);

        var list = await bot.CommandAsync(PaymentsChannel, "mei", "action list payments all");
        Assert.Equal(
            $"""
            Action items of Payments (all: 2 of 2):
            Priority | ID | Title | Driver | Review date | State
            P1 | {first} | Alert on queue depth | Kwame Mensah | 2026-05-08 | Done · lead 4 d · cycle 3 d
            – | {other} | Runbook for gateway failover | Mei Tan | 2026-05-20 | Ready
            Lead time: mean 4 d, median 4 d over 1 done; cycle time: mean 3 d, median 3 d.
            """.ReplaceLineEndings("\n"),
            list.Text);
        var status = await bot.CommandAsync(PaymentsChannel, "mei", "status payments");
        Assert.Contains("Action items: 1 open · lead time median 4 d, cycle time median 3 d over 1 done", status.Text, StringComparison.Ordinal);

        var timeline = (await bot.Factory.Services.GetRequiredService<IIncidentStore>().FindAsync(incidentId, CancellationToken.None))!.Timeline;
        Assert.Equal(2, timeline.Count(e => e.Kind == IncidentEventKind.ActionItemAdded));
        var moves = timeline.Where(e => e.Kind == IncidentEventKind.ActionItemChanged).ToList();
        Assert.Equal(4, moves.Count);
        Assert.Equal(("lena", ActionSource.Console), (moves[2].By!.Id, moves[2].By!.Source));
    }

    [Fact]
    public async Task ReviewMorning_TheDriverGetsADirectMessageOnce_AndTheTimelineSaysSo()
    {
        await using var bot = new ConsoleBot(Settings);
        var (incidentId, postmortem) = await PostmortemAsync(bot);
        var added = await bot.CommandAsync(PaymentsChannel, "ana", $"action add {postmortem} Alert on queue depth driver @kwame review 2026-05-05");
        var item = Reference(added.Text);

        // Kwame is in Africa/Lagos (UTC+1): his review morning is 08:00 UTC on 2026-05-05.
        bot.Clock.Advance(new DateTimeOffset(2026, 5, 5, 8, 0, 0, TimeSpan.Zero) - bot.Clock.GetUtcNow());

        var dm = await bot.WaitForChannelAsync("dm:kwame", m => ConsoleBot.RepliesIn(m).Count == 1, "the review reminder in Kwame's direct messages");
        var expected = $"Review due today for {item} ({postmortem}, #{incidentId}): Alert on queue depth — state New. action {item} state ready|in-work|implemented|done";
        Assert.Equal(expected, Assert.Single(ConsoleBot.RepliesIn(dm)).Text);
        Assert.Equal(incidentId, (long)dm[0]!["body"]!["incidentId"]!);
        var timeline = (await bot.Factory.Services.GetRequiredService<IIncidentStore>().FindAsync(incidentId, CancellationToken.None))!.Timeline;
        Assert.Equal($"Review of {item} due 2026-05-05: reminded its driver Kwame Mensah by direct message", Assert.Single(timeline, e => e.Kind == IncidentEventKind.Reminded).Text);
    }

    [Fact]
    public async Task Api_ListsItemsWithTimesAndTeamFigures_AndNamesABadParameter()
    {
        await using var bot = new ConsoleBot(Settings);
        var (_, postmortem) = await PostmortemAsync(bot);
        var item = Reference((await bot.CommandAsync(PaymentsChannel, "ana", $"action add {postmortem} Alert on queue depth driver @kwame review 2026-05-08 priority 2")).Text);
        bot.Clock.Advance(TimeSpan.FromHours(36));
        await bot.CommandAsync(PaymentsChannel, "kwame", $"action {item} state done");
        await bot.CommandAsync(PaymentsChannel, "ana", $"action add {postmortem} Runbook driver @mei review 2026-05-20");

        using var response = await bot.Client.GetAsync(new Uri($"/api/action-items?team=payments&postmortem={postmortem}", UriKind.Relative));
        var doneOnly = await GetJsonAsync(bot, "/api/action-items?state=done");
        using var badState = await bot.Client.GetAsync(new Uri("/api/action-items?state=started", UriKind.Relative));
        using var badTeam = await bot.Client.GetAsync(new Uri("/api/action-items?team=nope", UriKind.Relative));
        using var badPostmortem = await bot.Client.GetAsync(new Uri("/api/action-items?postmortem=x1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var items = json["items"]!.AsArray();
        Assert.Equal(2, items.Count);
        Assert.Equal((item, "P2", "kwame", "Kwame Mensah", "done", 1.5, 1.5, true),
            ((string)items[0]!["reference"]!, (string?)items[0]!["priority"], (string)items[0]!["driver"]!, (string?)items[0]!["driverName"],
             (string)items[0]!["state"]!, (double?)items[0]!["leadTimeDays"], (double?)items[0]!["cycleTimeDays"], (bool)items[0]!["cycleTimeIsUpperBound"]!));
        Assert.Null((double?)items[1]!["leadTimeDays"]);
        var team = Assert.Single(json["teams"]!.AsArray())!;
        Assert.Equal(("payments", 1, 0, 1, 1.5, 1.5),
            ((string)team["team"]!, (int)team["open"]!, (int)team["reviewOverdue"]!, (int)team["done"]!, (double)team["leadTime"]!["medianDays"]!, (double)team["cycleTime"]!["meanDays"]!));
        Assert.Equal(item, (string)Assert.Single(doneOnly["items"]!.AsArray())!["reference"]!);
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid state"), (badState.StatusCode, await TitleAsync(badState)));
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid team"), (badTeam.StatusCode, await TitleAsync(badTeam)));
        Assert.Equal((HttpStatusCode.BadRequest, "Invalid postmortem"), (badPostmortem.StatusCode, await TitleAsync(badPostmortem)));
    }

    /// <summary>An incident of team payments from an alert, and its postmortem started from the console (<c>PM-n</c>).</summary>
    private static async Task<(long IncidentId, string Postmortem)> PostmortemAsync(ConsoleBot bot)
    {
        await bot.SendAlertmanagerAsync(AlertmanagerPayload.PaymentGatewayBurn(ConsoleBot.Now.AddMinutes(-5)));
        var messages = await bot.WaitForChannelAsync(PaymentsChannel, m => m.Any(x => x!["threadId"] is null), "the incident card");
        var incidentId = (long)messages.First(m => m!["threadId"] is null)!["body"]!["incidentId"]!;
        var started = await bot.CommandAsync(PaymentsChannel, "ana", $"postmortem #{incidentId}");
        Assert.True(started.Ok, started.Text);
        return (incidentId, PostmortemId().Match(started.Text).Value);
    }

    private static string Reference(string text) => ActionItemId().Match(text) is { Success: true } match ? match.Value : throw new InvalidOperationException($"No AI-n in '{text}'.");

    private static async Task<JsonNode> GetJsonAsync(ConsoleBot bot, string path)
    {
        using var response = await bot.Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private static async Task<string?> TitleAsync(HttpResponseMessage response) => (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["title"];

    [GeneratedRegex(@"PM-\d+")]
    private static partial Regex PostmortemId();

    [GeneratedRegex(@"AI-\d+")]
    private static partial Regex ActionItemId();
}
