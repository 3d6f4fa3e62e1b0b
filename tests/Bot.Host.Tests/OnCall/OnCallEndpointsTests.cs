using System.Globalization;
using System.Net;
using System.Text.Json;
using Bot.Host.Tests.LocalConsole;

namespace Bot.Host.Tests.OnCall;

/// <summary>
/// Who is on call, as anyone may ask it: <c>GET /api/teams/{team}/oncall</c>, its calendar feed, and the <c>oncall</c> and
/// <c>override</c> commands, against the example catalog's payments rotation (main + two backups, weekly, Monday 09:00
/// Europe/Berlin, from 6 January 2025: on Monday 4 May 2026 at 12:20 in Berlin, shift 69 has just begun, Ana's).
/// </summary>
public sealed class OnCallEndpointsTests
{
    private const string PaymentsChannel = "payments-slo-breaches";

    [Fact]
    public async Task TeamOnCall_NamesMainAndBackupsNow_TheNextHandoff_AndTheComingShifts()
    {
        await using var bot = new ConsoleBot();

        using var response = await bot.Client.GetAsync(new Uri("/api/teams/payments/oncall", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rotation = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("rotations")[0];
        Assert.Equal(("payments-primary", "mainTwoBackups", "Europe/Berlin"), (rotation.GetProperty("id").GetString(), rotation.GetProperty("shape").GetString(), rotation.GetProperty("timeZone").GetString()));
        var now = rotation.GetProperty("now");
        Assert.Equal(69, now.GetProperty("number").GetInt64());
        Assert.Equal("ana", now.GetProperty("main").GetProperty("id").GetString());
        Assert.Equal(["kwame", "mei"], now.GetProperty("backups").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
        Assert.Equal(Instant("2026-05-04T07:00:00Z"), now.GetProperty("start").GetDateTimeOffset());
        Assert.Equal(Instant("2026-05-11T07:00:00Z"), rotation.GetProperty("nextHandoff").GetDateTimeOffset());
        Assert.Equal(["kwame", "mei", "ana"], rotation.GetProperty("upcoming").EnumerateArray().Select(s => s.GetProperty("main").GetProperty("id").GetString()));
    }

    [Fact]
    public async Task TeamOnCall_UnknownTeam_Is404NamingIt()
    {
        await using var bot = new ConsoleBot();

        using var response = await bot.Client.GetAsync(new Uri("/api/teams/billing/oncall", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("There is no team 'billing' in the catalog.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CalendarFeed_IsAnICalendarOfTheNextThirteenWeeksOfShifts()
    {
        await using var bot = new ConsoleBot();

        using var response = await bot.Client.GetAsync(new Uri("/api/teams/payments/oncall.ics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType?.MediaType);
        var feed = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("BEGIN:VCALENDAR\r\n", feed, StringComparison.Ordinal);
        Assert.Equal(14, feed.Split("BEGIN:VEVENT\r\n").Length - 1);
        Assert.Contains("DTSTART:20260504T070000Z\r\n", feed, StringComparison.Ordinal);
        Assert.Contains("SUMMARY:On call: Ana Kovač", feed, StringComparison.Ordinal);
        Assert.Contains("UID:payments-primary-69@slo-bot\r\n", feed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverrideFromTheConsole_ShowsInOnCallEverywhere_UntilCancelled()
    {
        await using var bot = new ConsoleBot();

        var set = await bot.CommandAsync(PaymentsChannel, "ana", "override @mei now +2h");

        Assert.True(set.Ok, set.Text);
        var oncall = await bot.CommandAsync(PaymentsChannel, "kwame", "oncall");
        // Kwame reads it in his own zone, Lagos.
        Assert.Contains("• Now: Mei Tan (covering by override) since Mon 2026-05-04 11:20 Africa/Lagos", oncall.Text, StringComparison.Ordinal);
        var json = JsonDocument.Parse(await bot.Client.GetStringAsync(new Uri("/api/teams/payments/oncall", UriKind.Relative))).RootElement;
        var now = json.GetProperty("rotations")[0].GetProperty("now");
        Assert.Equal("mei", now.GetProperty("main").GetProperty("id").GetString());
        Assert.Equal("ana", now.GetProperty("overrides")[0].GetProperty("createdBy").GetString());

        var cancelled = await bot.CommandAsync(PaymentsChannel, "ana", "override cancel");

        Assert.True(cancelled.Ok, cancelled.Text);
        Assert.Contains("• Now: Ana Kovač since", (await bot.CommandAsync(PaymentsChannel, "kwame", "oncall")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverrideByAnotherTeamsMember_IsRefusedWithTheReason()
    {
        await using var bot = new ConsoleBot();

        var set = await bot.CommandAsync(PaymentsChannel, "yuki", "override @yuki now +2h");

        Assert.False(set.Ok);
        Assert.Contains("Only members of team 'payments' and admins may change its on-call schedule", set.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateConfirmFromTheConsole_TheNextShiftIsOnCallNow()
    {
        await using var bot = new ConsoleBot();

        var rotated = await bot.CommandAsync(PaymentsChannel, "ana", "rotate payments confirm");

        Assert.True(rotated.Ok, rotated.Text);
        var now = JsonDocument.Parse(await bot.Client.GetStringAsync(new Uri("/api/teams/payments/oncall", UriKind.Relative))).RootElement
            .GetProperty("rotations")[0].GetProperty("now");
        Assert.Equal("kwame", now.GetProperty("main").GetProperty("id").GetString());
        Assert.Equal(["mei", "ana"], now.GetProperty("backups").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
    }

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
