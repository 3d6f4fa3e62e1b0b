using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Bot.Core.Incidents;
using Bot.Core.OnCall;
using Bot.Host.Tests.EndToEnd;
using Bot.Slack.Fake;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Slack;

/// <summary>
/// On call through Slack, the bot against the fake over real HTTP on the example catalog: the on-call commands, the
/// handoff prompt of <c>rotate confirm</c> in the team's channel and in people's direct messages, cover requests, and
/// escalation paging the main. Who is on call is worked out from rotation payments-primary with
/// <see cref="OnCallSchedule"/> at the time the test runs, never written in: the tests hold whichever week they run in.
/// </summary>
public sealed class SlackOnCallEndToEndTests
{
    private const string GatewayAvailability = "payment-gateway-requests-availability";
    private const string HandoffHeader = "On-call handoff · Payments primary";
    private const string CoverHeader = "Cover request · Payments primary";

    /// <summary>Escalation on, and the scheduler looking at its timers every second, so a step the test's clock made due fires at once.</summary>
    private static readonly Dictionary<string, string> Escalating = new()
    {
        ["OnCall:EscalationEnabled"] = "true",
        ["Quartz:Scheduler:IdleWaitTime"] = "00:00:01",
    };

    [Fact]
    public async Task SlashOnCall_SaysWhoIsMainAndBackupNowAndNext_InTheReadersTimeZone()
    {
        await using var slack = await SlackBot.StartAsync();
        var rotation = slack.PaymentsRotation;
        var now = slack.ScheduledOnCall();
        var next = OnCallSchedule.ShiftByNumber(rotation, now.Shift.Number + 1);
        var after = OnCallSchedule.ShiftByNumber(rotation, now.Shift.Number + 2);
        var reader = slack.Member("mei");

        var answer = await SlashAsync(slack, SlackBot.Mei, SlackBot.PaymentsChannel, "oncall");

        Assert.Contains("On call for Payments — Payments primary (handoff Monday 09:00 Europe/Berlin):", answer, StringComparison.Ordinal);
        Assert.Contains($"• Now: {Holder(slack, now.Main)} since {Local(now.Since, reader.TimeZone)}, backup {Backups(slack, now.Backups)}", answer, StringComparison.Ordinal);
        Assert.Contains($"• Next handoff: {Local(next.Start, reader.TimeZone)} (in ", answer, StringComparison.Ordinal);
        Assert.Contains($"→ {Holder(slack, next.Main)}, backup {Backups(slack, next.Backups)}", answer, StringComparison.Ordinal);
        Assert.Contains($"• Then {Local(after.Start, reader.TimeZone)}: {Holder(slack, after.Main)}, backup {Backups(slack, after.Backups)}", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("covering by override", answer, StringComparison.Ordinal);
        Assert.Empty(slack.Slack.Messages(SlackBot.PaymentsChannel));
    }

    [Fact]
    public async Task SlashOverride_BySomeoneOutsideTheTeam_IsRefused_AndNobodyCovers()
    {
        await using var slack = await SlackBot.StartAsync();
        var scheduled = slack.ScheduledOnCall().Main;
        var diego = slack.Catalog.FindTeam("checkout")!.FindMember("diego")!;
        var cover = slack.PaymentsRotation.Participants.First(p => p != scheduled);

        var refusal = await SlashAsync(slack, diego.SlackUserId!, SlackBot.PaymentsChannel, $"override <@{slack.SlackIdOf(cover)}|{cover}> now +2h");
        var oncall = await SlashAsync(slack, SlackBot.Ana, SlackBot.PaymentsChannel, "oncall");

        Assert.Contains($"Only members of team 'payments' and admins may change its on-call schedule; {diego.DisplayName} is not one.", refusal, StringComparison.Ordinal);
        Assert.Contains($"• Now: {Holder(slack, scheduled)} since", oncall, StringComparison.Ordinal);
        Assert.DoesNotContain("covering by override", oncall, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlashRotate_WithoutConfirm_SaysWhoWouldTakeOverAndAsksToConfirm_AndChangesNothing()
    {
        await using var slack = await SlackBot.StartAsync();
        var rotation = slack.PaymentsRotation;
        var outgoing = slack.ScheduledOnCall();
        var incoming = OnCallSchedule.ShiftByNumber(rotation, outgoing.Shift.Number + 1);
        var ana = slack.Member("ana");

        var question = await SlashAsync(slack, SlackBot.Ana, SlackBot.PaymentsChannel, "rotate");
        var oncall = await SlashAsync(slack, SlackBot.Ana, SlackBot.PaymentsChannel, "oncall");

        Assert.Contains(
            $"Hand over now? {Holder(slack, outgoing.Main)} hands Payments primary over to {Holder(slack, incoming.Main)}, backup {Backups(slack, incoming.Backups)}, " +
            $"until the scheduled handoff at {Local(incoming.Start, ana.TimeZone)}. To do it: rotate payments confirm",
            question, StringComparison.Ordinal);
        Assert.Contains($"• Now: {Holder(slack, outgoing.Main)} since", oncall, StringComparison.Ordinal);
        Assert.DoesNotContain("covering by override", oncall, StringComparison.Ordinal);
        // Whatever the question had queued would have been queued before its answer.
        await slack.DeliveredAsync();
        Assert.Empty(slack.Slack.Messages(SlackBot.PaymentsChannel));
        Assert.Empty(slack.Slack.CallsOf("conversations.open"));
    }

    [Fact]
    public async Task SlashRotateConfirm_HandsOverUntilTheScheduledHandoff_AndASecondConfirmIsRefused()
    {
        await using var slack = await SlackBot.StartAsync();
        var rotation = slack.PaymentsRotation;
        var outgoing = slack.ScheduledOnCall();
        var incoming = OnCallSchedule.ShiftByNumber(rotation, outgoing.Shift.Number + 1);
        var by = slack.SlackIdOf(outgoing.Main);

        var done = await SlashAsync(slack, by, SlackBot.PaymentsChannel, "rotate payments confirm");
        var oncall = await SlashAsync(slack, SlackBot.Ana, SlackBot.PaymentsChannel, "oncall");
        var again = await SlashAsync(slack, SlackBot.Lena, SlackBot.PaymentsChannel, "rotate payments confirm");

        Assert.Contains($"Handed over: {Holder(slack, outgoing.Main)} hands Payments primary over to {Holder(slack, incoming.Main)}", done, StringComparison.Ordinal);
        Assert.Contains($"• Now: {Holder(slack, incoming.Main)} (covering by override) since", oncall, StringComparison.Ordinal);
        Assert.Contains($"Payments primary was already handed over early: {Holder(slack, incoming.Main)} is main until the scheduled handoff", again, StringComparison.Ordinal);
        await slack.DeliveredAsync();
        Assert.Single(slack.Slack.Messages(SlackBot.PaymentsChannel), m => m.AllText.Contains(HandoffHeader, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SlashRotateConfirm_PostsTheHandoffPromptInTheChannelAndByDirectMessage_AndOnlyTheIncomingMainsAcceptEditsEveryCopy()
    {
        await using var slack = await SlackBot.StartAsync();
        var rotation = slack.PaymentsRotation;
        var outgoing = slack.ScheduledOnCall();
        var incoming = OnCallSchedule.ShiftByNumber(rotation, outgoing.Shift.Number + 1);
        var incomingMain = slack.Member(incoming.Main);
        var bystander = slack.Member(rotation.Participants.First(p => p != incoming.Main));
        Assert.False(slack.Catalog.FindTeam("payments")!.IsAdmin(bystander.Id));

        var done = await SlashAsync(slack, slack.SlackIdOf(outgoing.Main), SlackBot.PaymentsChannel, "rotate payments confirm");
        Assert.Contains("Handed over:", done, StringComparison.Ordinal);

        // In the team's channel: the prompt, mentioning the incoming main, with the Accept handoff button.
        var prompt = await slack.MessageAsync(SlackBot.PaymentsChannel, m => m.AllText.Contains(HandoffHeader, StringComparison.Ordinal), "the handoff prompt");
        Assert.Equal("header", prompt.BlockTypes[0]);
        Assert.Equal(["handoff.accept"], prompt.ActionIds);
        Assert.Contains("Accept handoff", prompt.AllText, StringComparison.Ordinal);
        Assert.Contains($"<@{incomingMain.SlackUserId}>, please accept the handoff.", prompt.AllText, StringComparison.Ordinal);
        Assert.Contains($"Handed over early by {Holder(slack, outgoing.Main)}.", prompt.AllText, StringComparison.Ordinal);
        var notice = SlackBot.ButtonValue(prompt, "handoff.accept");

        // By direct message (conversations.open, a D… channel): each person of the outgoing and the incoming shift.
        var people = new[] { outgoing.Main }.Concat(outgoing.Backups).Append(incoming.Main).Concat(incoming.Backups).Distinct().ToList();
        var copies = new Dictionary<string, (string Channel, SlackMessage Message)>();
        foreach (var person in people)
        {
            var user = slack.SlackIdOf(person);
            copies[person] = await slack.DirectMessageAsync(user, m => m.AllText.Contains(HandoffHeader, StringComparison.Ordinal), "the handoff prompt");
            Assert.Equal(["handoff.accept"], copies[person].Message.ActionIds);
            Assert.Equal(notice, SlackBot.ButtonValue(copies[person].Message, "handoff.accept"));
            Assert.Contains(slack.Slack.CallsOf("conversations.open"), c => c.Argument("users") == user);
        }
        await slack.DeliveredAsync();
        Assert.All(copies.Values, c => Assert.Single(slack.Slack.Messages(c.Channel)));
        Assert.Null(slack.Slack.DirectMessageChannel(SlackBot.Lena));

        // Someone who is not the incoming main (nor an admin) is told so, and nothing changes.
        var refusal = await ClickAsync(slack, bystander.SlackUserId!, SlackBot.PaymentsChannel, prompt.Ts, "handoff.accept", notice);
        Assert.Contains($"Only {incomingMain.DisplayName}, the incoming main on-call, can accept this handoff.", refusal, StringComparison.Ordinal);
        await slack.DeliveredAsync();
        var unchanged = Assert.Single(slack.Slack.Messages(SlackBot.PaymentsChannel));
        Assert.Equal(0, unchanged.EditCount);
        Assert.Equal(["handoff.accept"], unchanged.ActionIds);
        Assert.All(copies.Values, c => Assert.Equal(0, Assert.Single(slack.Slack.Messages(c.Channel)).EditCount));

        // The incoming main accepts from their own direct message: every copy, channel and direct, shows it.
        var (incomingChannel, incomingCopy) = copies[incoming.Main];
        var accepted = await ClickAsync(slack, incomingMain.SlackUserId!, incomingChannel, incomingCopy.Ts, "handoff.accept", notice);
        Assert.Contains($"Handoff accepted: {incomingMain.DisplayName} is on call for Payments primary", accepted, StringComparison.Ordinal);
        foreach (var (channel, ts) in copies.Values.Select(c => (c.Channel, c.Message.Ts)).Prepend((SlackBot.PaymentsChannel, prompt.Ts)))
        {
            var edited = await slack.MessageAsync(channel, m => m.Ts == ts && m.EditCount > 0 && !m.ActionIds.Contains("handoff.accept"), "the accepted handoff prompt");
            Assert.Contains(HandoffHeader, edited.AllText, StringComparison.Ordinal);
            Assert.Contains("Accepted", edited.AllText, StringComparison.Ordinal);
            Assert.Contains($"by {incomingMain.DisplayName} at ", edited.AllText, StringComparison.Ordinal);
            Assert.Empty(edited.ActionIds);
        }
    }

    [Fact]
    public async Task SlashCover_ByTheMain_IsTakenByTheFirstMemberToClick_TheSecondIsToldWho_AndOnCallShowsTheCover()
    {
        await using var slack = await SlackBot.StartAsync();
        var main = slack.Member(slack.ScheduledOnCall().Main);
        var others = slack.PaymentsRotation.Participants.Where(p => p != main.Id).Select(slack.Member).ToList();
        var (first, second) = (others[0], others[1]);

        var asked = await SlashAsync(slack, main.SlackUserId!, SlackBot.PaymentsChannel, "cover now +2h");

        Assert.Contains("Asked team Payments to cover your main shift from ", asked, StringComparison.Ordinal);
        var request = await slack.MessageAsync(SlackBot.PaymentsChannel, m => m.AllText.Contains(CoverHeader, StringComparison.Ordinal), "the cover request");
        Assert.Equal(["cover.accept"], request.ActionIds);
        Assert.Contains($"<@{main.SlackUserId}> needs someone to take their main on-call shift.", request.AllText, StringComparison.Ordinal);
        var notice = SlackBot.ButtonValue(request, "cover.accept");

        // The one who asked cannot take it.
        var own = await ClickAsync(slack, main.SlackUserId!, SlackBot.PaymentsChannel, request.Ts, "cover.accept", notice);
        Assert.Contains("You asked for this cover; someone else from the team has to take it.", own, StringComparison.Ordinal);

        var taken = await ClickAsync(slack, first.SlackUserId!, SlackBot.PaymentsChannel, request.Ts, "cover.accept", notice);
        Assert.Contains($"You cover {main.DisplayName}'s main shift from ", taken, StringComparison.Ordinal);
        var covered = await slack.MessageAsync(
            SlackBot.PaymentsChannel, m => m.Ts == request.Ts && m.AllText.Contains("Covered by", StringComparison.Ordinal), "the request marked covered");
        Assert.Contains($"{first.DisplayName} (override #", covered.AllText, StringComparison.Ordinal);
        Assert.Empty(covered.ActionIds);

        // The second member's client still shows the button.
        var late = await ClickAsync(slack, second.SlackUserId!, SlackBot.PaymentsChannel, request.Ts, "cover.accept", notice);
        Assert.Contains($"{first.DisplayName} already took this cover request.", late, StringComparison.Ordinal);

        var oncall = await SlashAsync(slack, second.SlackUserId!, SlackBot.PaymentsChannel, "oncall");
        Assert.Contains($"• Now: {first.DisplayName} (covering by override) since", oncall, StringComparison.Ordinal);
        await slack.DeliveredAsync();
        var final = Assert.Single(slack.Slack.Messages(SlackBot.PaymentsChannel));
        Assert.Equal(covered.EditCount, final.EditCount);
        Assert.DoesNotContain(second.DisplayName, final.AllText, StringComparison.Ordinal);
    }

    /// <summary>
    /// Step 0 pages the main on call now; their acknowledgement (from the copy in their direct messages) edits every copy,
    /// and when the main's 15-minute ack timeout has passed (the test's clock moves it) step 1 pages nobody. The control
    /// that the same move does page the backup when nobody acknowledges is the next test.
    /// </summary>
    [Fact]
    public async Task Alert_PagesTheMainInTheThreadAndByDirectMessage_AndTheirAcknowledgementStopsTheChain()
    {
        var clock = new RunningClock();
        var outcomes = new ConcurrentQueue<EscalationOutcome>();
        await using var slack = await SlackBot.StartAsync(
            clock: clock, settings: Escalating, configureServices: services => services.AddSingleton<IEscalationLog>(new RecordingEscalationLog(outcomes)));
        var onCall = slack.ScheduledOnCall();
        var main = slack.Member(onCall.Main);
        var backup = slack.Member(onCall.Backups[0]);

        await slack.PostAlertsAsync((GatewayAvailability, "eu-central-1", "Card authorisations failing"));

        var (incident, page, mainDm, direct) = await slack.PagedAsync("Card authorisations failing");
        var incidentId = await IncidentIdAsync(slack);
        Assert.Equal(incident.Ts, page.ThreadTs);
        Assert.Contains($"<@{main.SlackUserId}> (main, step 1 of ", page.AllText, StringComparison.Ordinal);
        Assert.Equal("header", direct.BlockTypes[0]);
        Assert.Equal(incidentId, SlackBot.ButtonValue(direct, "incident.acknowledge"));
        var paged = await UntilAsync(outcomes, o => o is { Step: 0, Result: EscalationResult.Paged }, "step 0 paged");
        Assert.Equal([main.Id], paged.Paged);
        await slack.DeliveredAsync();
        Assert.Null(slack.Slack.DirectMessageChannel(backup.SlackUserId!));

        var ack = await ClickAsync(slack, main.SlackUserId!, mainDm, direct.Ts, "incident.acknowledge", incidentId);

        Assert.Contains($"acknowledged by {main.DisplayName}", ack, StringComparison.Ordinal);
        foreach (var (channel, ts) in new[] { (SlackBot.PaymentsChannel, incident.Ts), (mainDm, direct.Ts) })
        {
            var edited = await slack.MessageAsync(channel, m => m.Ts == ts && m.EditCount > 0 && !m.ActionIds.Contains("incident.acknowledge"), "the acknowledged incident");
            Assert.Contains($"by {main.DisplayName}", edited.AllText, StringComparison.Ordinal);
        }

        // The backup's step comes due: it finds the incident acknowledged (or its timer was already removed) and pages nobody.
        clock.Advance(paged.DueAt!.Value - clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        var stopped = await UntilAsync(outcomes, o => o.Step == 1, "step 1 fired or was cancelled");
        Assert.True(stopped.Result is EscalationResult.Skipped or EscalationResult.Cancelled, stopped.ToString());
        Assert.Empty(stopped.Paged);
        await slack.DeliveredAsync();
        Assert.Null(slack.Slack.DirectMessageChannel(backup.SlackUserId!));
        var thread = Assert.Single(slack.Slack.Messages(SlackBot.PaymentsChannel)).Replies;
        Assert.Equal([page.Ts], thread.Where(r => r.AllText.Contains("paging", StringComparison.OrdinalIgnoreCase)).Select(r => r.Ts));
        Assert.DoesNotContain(thread, r => r.AllText.Contains("step 2 of", StringComparison.Ordinal));
        var timeline = (await slack.Bot.Services.GetRequiredService<IIncidentStore>().FindAsync(long.Parse(incidentId, CultureInfo.InvariantCulture), CancellationToken.None))!.Timeline;
        Assert.Single(timeline, e => e.Kind == IncidentEventKind.Escalated);
    }

    /// <summary>The control of the test above: nobody acknowledges, and the same move of the clock pages the backup.</summary>
    [Fact]
    public async Task UnacknowledgedIncident_AfterTheMainsAckTimeout_PagesTheBackupInTheThreadAndByDirectMessage()
    {
        var clock = new RunningClock();
        var outcomes = new ConcurrentQueue<EscalationOutcome>();
        await using var slack = await SlackBot.StartAsync(
            clock: clock, settings: Escalating, configureServices: services => services.AddSingleton<IEscalationLog>(new RecordingEscalationLog(outcomes)));
        var onCall = slack.ScheduledOnCall();
        var backup = slack.Member(onCall.Backups[0]);
        await slack.PostAlertsAsync((GatewayAvailability, "eu-central-1", "Card authorisations failing"));
        var (incident, _, _, _) = await slack.PagedAsync("Card authorisations failing");
        var paged = await UntilAsync(outcomes, o => o is { Step: 0, Result: EscalationResult.Paged }, "step 0 paged");

        clock.Advance(paged.DueAt!.Value - clock.GetUtcNow() + TimeSpan.FromSeconds(1));

        var (_, direct) = await slack.DirectMessageAsync(
            backup.SlackUserId!, m => m.AllText.Contains("Card authorisations failing", StringComparison.Ordinal) && m.ActionIds.Contains("incident.acknowledge"), "the incident");
        Assert.Equal(SlackBot.ButtonValue(incident, "incident.acknowledge"), SlackBot.ButtonValue(direct, "incident.acknowledge"));
        var thread = await slack.MessageAsync(SlackBot.PaymentsChannel, m => m.Ts == incident.Ts && m.Replies.Any(r => SlackBot.IsPageOf(r, backup.SlackUserId!)), "the page of the backup");
        var page = Assert.Single(thread.Replies, r => SlackBot.IsPageOf(r, backup.SlackUserId!));
        Assert.Contains($"Not acknowledged after 15 min: paging <@{backup.SlackUserId}> (backup, step 2 of ", page.AllText, StringComparison.Ordinal);
        var second = await UntilAsync(outcomes, o => o is { Step: 1, Result: EscalationResult.Paged }, "step 1 paged");
        Assert.Equal([backup.Id], second.Paged);
    }

    /// <summary>Runs <c>/slo {text}</c> and returns what the user was shown in answer (their earlier ephemerals left out).</summary>
    private static async Task<string> SlashAsync(SlackBot slack, string user, string channel, string text)
    {
        var before = slack.Slack.Ephemerals(channel, user).Count;
        var command = await slack.Driver.SlashCommandAsync(user, channel, text);
        Assert.Equal(HttpStatusCode.OK, command.Response.Status);
        return await slack.AnswerAsync(command, user, channel, before);
    }

    /// <summary>Clicks a button and returns what the clicker was shown in answer (their earlier ephemerals left out).</summary>
    private static async Task<string> ClickAsync(SlackBot slack, string user, string channel, string messageTs, string actionId, string value)
    {
        var before = slack.Slack.Ephemerals(channel, user).Count;
        var click = await slack.Driver.ClickAsync(user, channel, messageTs, actionId, value);
        Assert.Equal(HttpStatusCode.OK, click.Response.Status);
        return await slack.AnswerAsync(click, user, channel, before);
    }

    private static string Holder(SlackBot slack, string memberId) => slack.Member(memberId).DisplayName;

    private static string Backups(SlackBot slack, IReadOnlyList<string> backups) => string.Join(", then ", backups.Select(b => Holder(slack, b)));

    /// <summary>An instant as the bot words it for a reader in <paramref name="zoneId"/>: <c>Mon 2026-11-23 16:00 Asia/Singapore</c>.</summary>
    private static string Local(DateTimeOffset at, string zoneId) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zoneId)):ddd yyyy-MM-dd HH:mm} {zoneId}");

    private static async Task<string> IncidentIdAsync(SlackBot slack)
    {
        var incident = Assert.Single(await slack.Bot.IncidentsAsync("?team=payments"));
        return incident.GetProperty("id").ValueKind == JsonValueKind.Number
            ? incident.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture)
            : incident.GetProperty("id").GetString()!;
    }

    /// <summary>Waits for an escalation outcome the scheduler's thread reports; fails after a bound listing what it saw.</summary>
    private static async Task<EscalationOutcome> UntilAsync(ConcurrentQueue<EscalationOutcome> outcomes, Func<EscalationOutcome, bool> match, string what)
    {
        EscalationOutcome? found = null;
        try
        {
            await KestrelBot.Until(() => Task.FromResult((found = outcomes.FirstOrDefault(match)) is not null), $"an escalation outcome where {what}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Outcomes:\n{string.Join('\n', outcomes)}", e);
        }
        return found!;
    }

    private sealed class RecordingEscalationLog(ConcurrentQueue<EscalationOutcome> outcomes) : IEscalationLog
    {
        public void Write(EscalationOutcome outcome) => outcomes.Enqueue(outcome);
    }
}
