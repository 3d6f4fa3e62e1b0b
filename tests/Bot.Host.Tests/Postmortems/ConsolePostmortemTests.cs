using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bot.Core.Postmortems;
using Bot.Host.Tests.Infrastructure;
using Bot.Host.Tests.LocalConsole;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Postmortems;

/// <summary>
/// A P1 breach resolved in the console, then <c>postmortem #id</c>: the thread reply with the link, an edit from chat and
/// through the API, the Markdown export against a golden file, the JSON and list API, the audit trail, and the 24 h reminder.
/// </summary>
public sealed class ConsolePostmortemTests
{
    private const string PaymentsChannel = "payments-slo-breaches";

    private static async Task<(ConsoleBot Bot, long IncidentId)> ResolvedP1Async()
    {
        var bot = new ConsoleBot(new Dictionary<string, string> { ["OnCall:EscalationEnabled"] = "false" });
        await bot.SendAlertmanagerAsync(AlertmanagerPayload.PaymentGatewayBurn(ConsoleBot.Now.AddMinutes(-5)));
        var messages = await bot.WaitForChannelAsync(PaymentsChannel, m => m.Any(x => x!["threadId"] is null), "the incident card");
        var id = (long)messages.Single(m => m!["threadId"] is null)!["body"]!["incidentId"]!;
        bot.Clock.Advance(TimeSpan.FromMinutes(7));
        Assert.True((await bot.CommandAsync(PaymentsChannel, "kwame", $"ack #{id}")).Ok);
        bot.Clock.Advance(TimeSpan.FromMinutes(44));
        Assert.True((await bot.CommandAsync(PaymentsChannel, "ana", $"resolve #{id}")).Ok);
        bot.Clock.Advance(TimeSpan.FromHours(2));
        return (bot, id);
    }

    [Fact]
    public async Task Postmortem_FromChat_ThreadReplyWithLink_EditedSection_MarkdownMatchesTheGoldenFile()
    {
        var (bot, id) = await ResolvedP1Async();
        await using var _ = bot;

        var started = await bot.CommandAsync(PaymentsChannel, "ana", $"postmortem #{id}");
        var edited = await bot.CommandAsync(PaymentsChannel, "ana", "postmortem PM-1 set summary Card payments in the EU failed for 51 minutes after a certificate expired.");
        var again = await bot.CommandAsync(PaymentsChannel, "kwame", $"postmortem #{id}");

        Assert.True(started.Ok, started.Text);
        Assert.StartsWith("Postmortem PM-1 started by Ana Kovač from template postmortem.md.\nA postmortem is required for P1: hold its meeting within 72 h of resolution, by 2026-05-07 13:11 CEST (UTC+02:00).", started.Text, StringComparison.Ordinal);
        Assert.Contains("Read it: http://localhost:5080/api/postmortems/1.md", started.Text, StringComparison.Ordinal);
        Assert.Equal("Postmortem PM-1: Summary edited by Ana Kovač.", edited.Text);
        Assert.StartsWith("Incident #1 already has postmortem PM-1 (draft, version 2)", again.Text, StringComparison.Ordinal);
        var messages = await bot.WaitForChannelAsync(PaymentsChannel,
            m => ConsoleBot.RepliesIn(m).Any(r => r.Text == "Postmortem PM-1: Summary edited by Ana Kovač"), "the edit in the thread");
        Assert.Contains(ConsoleBot.RepliesIn(messages), r => r.Text.StartsWith("Postmortem PM-1 started by Ana Kovač", StringComparison.Ordinal) && r.Text.Contains("/api/postmortems/1.md", StringComparison.Ordinal));

        using var markdown = await bot.Client.GetAsync(new Uri("/api/postmortems/1.md", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, markdown.StatusCode);
        Assert.Equal("text/markdown", markdown.Content.Headers.ContentType!.MediaType);
        MarkdownGolden.AssertMatches("postmortem-pm-1.md", await markdown.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Api_JsonListFiltersPutAndTimeline()
    {
        var (bot, id) = await ResolvedP1Async();
        await using var _ = bot;
        Assert.True((await bot.CommandAsync(PaymentsChannel, "ana", $"postmortem #{id}")).Ok);
        using var admin = bot.Factory.CreateAdminClient();

        var json = await GetJsonAsync(bot.Client, "/api/postmortems/1");
        var listed = await GetJsonAsync(bot.Client, "/api/postmortems?team=payments&state=draft&overdue=false");
        var none = await GetJsonAsync(bot.Client, "/api/postmortems?state=published");
        using var anonymous = await bot.Client.PutAsJsonAsync(new Uri("/api/postmortems/1/sections/summary", UriKind.Relative), new { body = "x", by = "ana" });
        using var put = await admin.PutAsJsonAsync(new Uri("/api/postmortems/1/sections/customer-impact", UriKind.Relative), new { body = "EU card payments failed.", by = "kwame" });
        using var outsider = await admin.PutAsJsonAsync(new Uri("/api/postmortems/1/sections/summary", UriKind.Relative), new { body = "x", by = "diego" });
        using var unknownKey = await admin.PutAsJsonAsync(new Uri("/api/postmortems/1/sections/owner", UriKind.Relative), new { body = "x", by = "ana" });
        var timeline = await GetJsonAsync(bot.Client, $"/api/incidents/{id}/timeline");

        Assert.Equal(("PM-1", "draft", id, "payments", 1, false), ((string?)json["reference"], (string?)json["state"], (long)json["incident"]!["id"]!, (string?)json["team"], (int)json["version"]!, (bool)json["overdue"]!));
        Assert.Equal("P1", (string?)json["incident"]!["priority"]);
        Assert.Equal("http://localhost:5080/api/postmortems/1.md", (string?)json["links"]!["markdown"]);
        Assert.Contains("summary", json["sections"]!.AsArray().Select(s => (string?)s!["key"]));
        Assert.Equal([1L], listed.AsArray().Select(p => (long)p!["id"]!));
        Assert.Empty(none.AsArray());
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var afterPut = JsonNode.Parse(await put.Content.ReadAsStringAsync())!;
        Assert.Equal(2, (int)afterPut["version"]!);
        Assert.Equal("EU card payments failed.", (string?)afterPut["sections"]!.AsArray().Single(s => (string?)s!["key"] == "customer-impact")!["body"]);
        Assert.Equal(HttpStatusCode.Forbidden, outsider.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownKey.StatusCode);
        Assert.Contains("its sections are: incident, summary", await unknownKey.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var events = timeline.AsArray();
        Assert.Equal(["opened", "acknowledged", "resolved", "postmortemStarted", "postmortemEdited"],
            events.Select(e => (string)e!["kind"]!).Where(k => k is "opened" or "acknowledged" or "resolved" or "postmortemStarted" or "postmortemEdited"));
        var edit = events.Last(e => (string?)e!["kind"] == "postmortemEdited")!;
        Assert.Equal(("kwame", "Kwame Mensah", "api", "Postmortem PM-1: Customer impact edited by Kwame Mensah"),
            ((string?)edit["by"]!["id"], (string?)edit["by"]!["name"], (string?)edit["by"]!["source"], (string?)edit["text"]));
    }

    [Theory]
    [InlineData("/api/postmortems?team=nobody", "team 'nobody' is not a team in the catalog.")]
    [InlineData("/api/postmortems?state=done", "state 'done' is not a postmortem state; use draft, reviewed or published.")]
    [InlineData("/api/postmortems?overdue=maybe", "overdue must be true or false, got 'maybe'.")]
    [InlineData("/api/postmortems?limit=0", "limit must be between 1 and 1000, got 0.")]
    public async Task Api_List_BadParameter_400NamingIt(string path, string detail)
    {
        await using var factory = new BotApplicationFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(detail, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]);
    }

    [Theory]
    [InlineData("/api/postmortems/9.md", "There is no postmortem PM-9.")]
    [InlineData("/api/postmortems/9", "There is no postmortem PM-9.")]
    [InlineData("/api/incidents/9/timeline", "There is no incident 9.")]
    public async Task Api_Unknown_404ProblemDetails(string path, string detail)
    {
        await using var factory = new BotApplicationFactory();
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(detail, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]);
    }

    [Fact]
    public async Task NotStarted24hAfterResolution_RemindsTheThreadOnce_AndStatusListsItOverdue()
    {
        var (bot, id) = await ResolvedP1Async();
        await using var _ = bot;
        bot.Clock.Advance(TimeSpan.FromHours(22));
        var reminders = bot.Factory.Services.GetRequiredService<PostmortemReminders>();

        var sent = await reminders.SweepAsync(CancellationToken.None);
        var twice = await reminders.SweepAsync(CancellationToken.None);
        var status = await bot.CommandAsync(PaymentsChannel, "ana", "status payments");
        var overdue = await bot.CommandAsync(PaymentsChannel, "ana", "postmortem list overdue");

        Assert.Equal([(id, PostmortemReminders.StartKind)], sent);
        Assert.Empty(twice);
        var text = $"Postmortem for #{id} (P1) not started 24 h after resolution: postmortem #{id}";
        await bot.WaitForChannelAsync(PaymentsChannel, m => ConsoleBot.RepliesIn(m).Count(r => r.Text == text) == 1, "the reminder in the thread");
        Assert.Contains($"Overdue postmortems (1):\n• #{id} P1 ", status.Text, StringComparison.Ordinal);
        Assert.Contains("resolved 24 h ago, not started (postmortem #1)", status.Text, StringComparison.Ordinal);
        Assert.StartsWith("Overdue postmortems (1):", overdue.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DraftPast72hAfterResolution_IsOverdueInTheJsonAndTheList_UntilItsMeetingIsHeld()
    {
        var (bot, id) = await ResolvedP1Async();
        await using var _ = bot;
        Assert.True((await bot.CommandAsync(PaymentsChannel, "ana", $"postmortem #{id}")).Ok);

        bot.Clock.Advance(TimeSpan.FromHours(69)); // resolved 71 h ago: not yet due
        var early = await GetJsonAsync(bot.Client, "/api/postmortems/1");
        bot.Clock.Advance(TimeSpan.FromHours(1));
        var late = await GetJsonAsync(bot.Client, "/api/postmortems/1");
        var listed = await GetJsonAsync(bot.Client, "/api/postmortems?overdue=true");
        Assert.True((await bot.CommandAsync(PaymentsChannel, "ana", "postmortem PM-1 state reviewed")).Ok);
        var held = await GetJsonAsync(bot.Client, "/api/postmortems/1");

        Assert.False((bool)early["overdue"]!);
        Assert.True((bool)late["overdue"]!);
        Assert.Equal([1L], listed.AsArray().Select(p => (long)p!["id"]!));
        Assert.False((bool)held["overdue"]!);
    }

    private static async Task<JsonNode> GetJsonAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}
