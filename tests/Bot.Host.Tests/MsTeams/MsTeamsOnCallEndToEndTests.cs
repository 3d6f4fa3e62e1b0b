using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Bot.Core.OnCall;
using Bot.MsTeams.Fake;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.MsTeams;

/// <summary>
/// On-call through Microsoft Teams, the bot and a fake Teams over real HTTP both ways: the schedule commands as
/// <c>@SLO Bot …</c> mentions, handoff prompts and cover requests as cards whose buttons come back as signed
/// <c>adaptiveCard/action</c> invokes, and escalation paging the person on call by mention and in their personal chat.
/// Who is on call is worked out from the example catalog's rotation (payments-primary) at the bot's time, with
/// <see cref="OnCallSchedule"/>, so the tests hold whichever week they run in. (A test that runs across the rotation's
/// Monday 09:00 Europe/Berlin handoff sees the schedule change under it.)
/// </summary>
public sealed class MsTeamsOnCallEndToEndTests
{
    private const string AcceptHandoff = "handoff.accept";
    private const string TakeCover = "cover.accept";
    private const string Acknowledge = "incident.acknowledge";
    private const string CardType = "application/vnd.microsoft.card.adaptive";
    private const string MessageType = "application/vnd.microsoft.activity.message";
    private const string HandoffTitle = "On-call handoff · Payments primary";
    private const string CoverTitle = "Cover request · Payments primary";

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task MentionOnCall_NamesTheScheduledMainAndBackupsAndTheNextHandoff_InTheAskersTimeZone()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        var (now, next) = teams.PaymentsShifts();
        // Someone whose zone is not the rotation's, so the answer shows that times are theirs.
        var asker = teams.Payments.Members.First(m => m.TimeZone != teams.PaymentsRotation.TimeZone);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(asker.TimeZone);

        var answer = await teams.AnswerToAsync(await teams.Driver.MentionAsync(teams.UserOf(asker.Id), TeamsBot.PaymentsChannel, "oncall"));

        Assert.Contains("On call for Payments — Payments primary (handoff Monday 09:00 Europe/Berlin):", answer, StringComparison.Ordinal);
        Assert.Contains($"• Now: {teams.NameOf(now.Main)} since {Local(now.Start, zone)}{Backups(teams, now)}\n", answer, StringComparison.Ordinal);
        Assert.Contains($"• Next handoff: {Local(next.Start, zone)} (", answer, StringComparison.Ordinal);
        Assert.Contains($") → {teams.NameOf(next.Main)}{Backups(teams, next)}\n", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("covering by override", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonalChat_OnCallPayments_AnswersInThatChat()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        var (now, _) = teams.PaymentsShifts();

        var asked = await teams.Driver.PersonalMessageAsync(TeamsBot.Lena, "oncall payments");

        var answer = await teams.ChatAnswerToAsync(TeamsBot.Lena, asked);
        Assert.Contains($"• Now: {teams.NameOf(now.Main)} since ", answer, StringComparison.Ordinal);
        Assert.Empty(teams.BotPosts());
    }

    [Fact]
    public async Task MentionRotate_WithoutConfirm_SaysWhoWouldHandOverToWhom_AndChangesNothing()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        var (now, next) = teams.PaymentsShifts();
        var asker = teams.UserOf(now.Main);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(teams.Payments.FindMember(now.Main)!.TimeZone);

        var answer = await teams.AnswerToAsync(await teams.Driver.MentionAsync(asker, TeamsBot.PaymentsChannel, "rotate"));

        Assert.Contains(
            $"Hand over now? {teams.NameOf(now.Main)} hands Payments primary over to {teams.NameOf(next.Main)}{Backups(teams, next)}, "
            + $"until the scheduled handoff at {Local(next.Start, zone)}. To do it: rotate payments confirm",
            answer,
            StringComparison.Ordinal);
        var notices = teams.Bot.Services.GetRequiredService<Bot.Core.Storage.INoticeStore>();
        Assert.Empty(await notices.ListAsync("payments", null, null, 10, CancellationToken.None));
        var oncall = await teams.AnswerToAsync(await teams.Driver.MentionAsync(asker, TeamsBot.PaymentsChannel, "oncall"));
        Assert.Contains($"• Now: {teams.NameOf(now.Main)} since ", oncall, StringComparison.Ordinal);
        Assert.DoesNotContain("covering by override", oncall, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MentionOverrideThenCancel_PutsThePersonOnCall_ThenTheScheduledMainBack()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        var (now, _) = teams.PaymentsShifts();
        var cover = teams.UserOf(now.Backups[0]);
        var setter = teams.UserOf(now.Main);

        var set = await teams.AnswerToAsync(await teams.Driver.MentionAsync(setter, TeamsBot.PaymentsChannel, $"override <at>{cover.Name}</at> now +1h"));
        var during = await teams.AnswerToAsync(await teams.Driver.MentionAsync(TeamsBot.Lena, TeamsBot.PaymentsChannel, "oncall"));
        var cancel = await teams.AnswerToAsync(await teams.Driver.MentionAsync(setter, TeamsBot.PaymentsChannel, "override cancel"));
        var after = await teams.AnswerToAsync(await teams.Driver.MentionAsync(TeamsBot.Lena, TeamsBot.PaymentsChannel, "oncall"));

        Assert.Contains($"{cover.Name} covers Payments primary as main from ", set, StringComparison.Ordinal);
        Assert.Contains($"• Now: {cover.Name} (covering by override) since ", during, StringComparison.Ordinal);
        Assert.StartsWith($"Cancelled override #1: {cover.Name} no longer covers Payments primary from ", cancel, StringComparison.Ordinal);
        Assert.Contains($"• Now: {teams.NameOf(now.Main)} since ", after, StringComparison.Ordinal);
        Assert.DoesNotContain("covering by override", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MentionOverride_BySomeoneOutsideTheTeam_IsRefused_AndTheScheduleStands()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        var (now, _) = teams.PaymentsShifts();
        var cover = teams.UserOf(now.Backups[0]);

        var refused = await teams.AnswerToAsync(await teams.Driver.MentionAsync(TeamsBot.Stranger, TeamsBot.PaymentsChannel, $"override <at>{cover.Name}</at> now +1h"));
        var oncall = await teams.AnswerToAsync(await teams.Driver.MentionAsync(TeamsBot.Lena, TeamsBot.PaymentsChannel, "oncall"));

        Assert.Contains("Only members of team 'payments' and admins may change its on-call schedule", refused, StringComparison.Ordinal);
        Assert.Contains($"• Now: {teams.NameOf(now.Main)} since ", oncall, StringComparison.Ordinal);
        Assert.DoesNotContain("covering by override", oncall, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateConfirm_PostsTheHandoffPromptToTheChannelAndTheOutgoingAndIncomingPeople_AndOnlyTheIncomingMainAcceptsIt()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        var (now, next) = teams.PaymentsShifts();
        var outgoing = teams.UserOf(now.Main);
        var incoming = teams.UserOf(next.Main);
        var people = new[] { now.Main }.Concat(now.Backups).Concat([next.Main]).Concat(next.Backups).Distinct().ToList();

        var confirm = await teams.Driver.MentionAsync(outgoing, TeamsBot.PaymentsChannel, "rotate payments confirm");

        Assert.StartsWith("Handed over: ", await teams.AnswerToAsync(confirm), StringComparison.Ordinal);
        var prompt = await teams.BotPostAsync(p => p.AllText.Contains(HandoffTitle, StringComparison.Ordinal), "the handoff prompt in the payments channel");
        Assert.Equal([AcceptHandoff], prompt.Verbs);
        Assert.Contains($"<at>{outgoing.Name}</at> hands Payments primary over to <at>{incoming.Name}</at>", prompt.AllText, StringComparison.Ordinal);
        Assert.Contains(prompt.Mentions, m => m.Id == incoming.Id && m.Text == $"<at>{incoming.Name}</at>");
        Assert.Contains($"Handed over early by {outgoing.Name}.", prompt.AllText, StringComparison.Ordinal);
        var copies = new Dictionary<string, TeamsMessage>();
        foreach (var person in people)
        {
            copies[person] = await teams.ChatMessageAsync(teams.UserOf(person), m => m.AllText.Contains(HandoffTitle, StringComparison.Ordinal), "the handoff prompt");
            Assert.Equal([AcceptHandoff], copies[person].Verbs);
            Assert.Equal(teams.Teams.PersonalConversationId(teams.UserOf(person).Id), copies[person].ConversationId);
        }
        var bystanders = teams.Payments.Members.Where(m => !people.Contains(m.Id)).Select(m => teams.UserOf(m.Id));
        Assert.All(bystanders, b => Assert.DoesNotContain(teams.Teams.ChatMessages(b.Id), m => m.AllText.Contains(HandoffTitle, StringComparison.Ordinal)));

        // The outgoing main is a member, but neither the incoming main nor an admin.
        var refused = await teams.Driver.ExecuteActionAsync(outgoing, prompt.Id, AcceptHandoff);

        Assert.Equal((200, MessageType), (refused.InvokeStatusCode, refused.InvokeType));
        Assert.Equal($"Only {incoming.Name}, the incoming main on-call, can accept this handoff.", refused.InvokeValue!.GetValue<string>());

        // The incoming main accepts on the copy in their personal chat.
        var accepted = await teams.Driver.ExecuteActionAsync(incoming, copies[next.Main].Id, AcceptHandoff);

        Assert.Equal((200, CardType), (accepted.InvokeStatusCode, accepted.InvokeType));
        Assert.Empty(TeamsMessage.Actions(accepted.InvokeValue));
        Assert.Contains($"by {incoming.Name} at ", Readable(accepted.InvokeValue), StringComparison.Ordinal);
        Assert.Contains("\"Accepted\"", Readable(accepted.InvokeValue), StringComparison.Ordinal);

        var channelCopy = await teams.BotPostAsync(p => p.Id == prompt.Id && p.Verbs.Count == 0, "the channel's prompt without its button");
        Assert.Contains($"by {incoming.Name} at ", channelCopy.AllText, StringComparison.Ordinal);
        Assert.Contains(teams.Teams.RequestsOf(TeamsOperation.UpdateActivity),
            r => r is { Status: 200 } && r.ActivityId == prompt.Id && r.ConversationId == $"{TeamsBot.PaymentsChannel};messageid={prompt.Id}");
        foreach (var person in people)
        {
            var user = teams.UserOf(person);
            var copy = await teams.ChatMessageAsync(user, m => m.Id == copies[person].Id && m.Verbs.Count == 0, "the prompt without its button");
            Assert.Contains($"by {incoming.Name} at ", copy.AllText, StringComparison.Ordinal);
            Assert.Contains(teams.Teams.RequestsOf(TeamsOperation.UpdateActivity),
                r => r is { Status: 200 } && r.ActivityId == copy.Id && r.ConversationId == teams.Teams.PersonalConversationId(user.Id));
        }

        // Lena's client still shows the first card: an admin pressing after the acceptance is shown who accepted.
        var noticeId = TeamsMessage.Actions(prompt.Card).Single()["data"]!.DeepClone().AsObject();
        var late = await teams.Driver.ExecuteActionAsync(TeamsBot.Lena, prompt.Id, AcceptHandoff, data: noticeId);
        Assert.Equal((200, CardType), (late.InvokeStatusCode, late.InvokeType));
        Assert.Contains($"by {incoming.Name} at ", Readable(late.InvokeValue), StringComparison.Ordinal);
        Assert.DoesNotContain(TeamsBot.Lena.Name, Readable(late.InvokeValue), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoverNow_ByTheMain_PostsACoverRequest_TheFirstMemberToPressTakesIt_AndTheNextIsToldWho()
    {
        await using var teams = await TeamsBot.StartAsync();
        await teams.AddToPaymentsTeamAsync();
        var (now, _) = teams.PaymentsShifts();
        var main = teams.UserOf(now.Main);
        var others = teams.Payments.Members.Where(m => m.Id != now.Main).Select(m => teams.UserOf(m.Id)).ToList();
        var (first, second) = (others[0], others[1]);

        var asked = await teams.AnswerToAsync(await teams.Driver.MentionAsync(main, TeamsBot.PaymentsChannel, "cover now +2h"));

        Assert.StartsWith("Asked team Payments to cover your main shift from ", asked, StringComparison.Ordinal);
        var request = await teams.BotPostAsync(p => p.AllText.Contains(CoverTitle, StringComparison.Ordinal), "the cover request in the payments channel");
        Assert.Equal([TakeCover], request.Verbs);
        Assert.Contains(request.Mentions, m => m.Id == main.Id);

        var taken = await teams.Driver.ExecuteActionAsync(first, request.Id, TakeCover);
        var late = await teams.Driver.ExecuteActionAsync(second, request.Id, TakeCover);

        Assert.Equal((200, CardType), (taken.InvokeStatusCode, taken.InvokeType));
        Assert.Empty(TeamsMessage.Actions(taken.InvokeValue));
        Assert.Contains("\"Covered by\"", Readable(taken.InvokeValue), StringComparison.Ordinal);
        Assert.Contains($"{first.Name} (override #", Readable(taken.InvokeValue), StringComparison.Ordinal);
        Assert.Equal((200, MessageType), (late.InvokeStatusCode, late.InvokeType));
        Assert.Equal($"{first.Name} already took this cover request.", late.InvokeValue!.GetValue<string>());

        var updated = await teams.BotPostAsync(p => p.Id == request.Id && p.Verbs.Count == 0, "the cover request without its button");
        Assert.Contains($"{first.Name} (override #", updated.AllText, StringComparison.Ordinal);
        Assert.Contains(teams.Teams.RequestsOf(TeamsOperation.UpdateActivity), r => r is { Status: 200 } && r.ActivityId == request.Id);
        var oncall = await teams.AnswerToAsync(await teams.Driver.MentionAsync(second, TeamsBot.PaymentsChannel, "oncall"));
        Assert.Contains($"• Now: {first.Name} (covering by override) since ", oncall, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Alert_PagesTheMainByMentionInTheThreadAndInTheirPersonalChat_AndTheirAcknowledgeStopsTheChain()
    {
        var outcomes = new ConcurrentQueue<EscalationOutcome>();
        var clock = new RunningClock();
        await using var teams = await EscalatingAsync(clock, outcomes);
        var (now, _) = teams.PaymentsShifts();
        var main = teams.UserOf(now.Main);
        var policy = teams.Catalog.EscalationPolicyFor("payments")!;
        var steps = EscalationChain.StepCount(policy);

        await teams.PostAlertAsync(startsAt: teams.Now);

        var card = await teams.BotPostAsync(p => p.AllText.Contains("#1 SLO breach", StringComparison.Ordinal), "the incident card in the payments channel");
        var page = await TeamsBot.WaitForAsync(
            () => teams.BotPosts().Single(p => p.Id == card.Id).Replies.FirstOrDefault(r => r.FromBot && r.Text?.StartsWith("Paging", StringComparison.Ordinal) == true),
            "the page of the main in the incident's thread");
        Assert.Equal($"Paging <at>{main.Name}</at> (main, step 1 of {steps})", page.Text);
        Assert.Equal(new TeamsMentioned(main.Id, main.Name, $"<at>{main.Name}</at>"), Assert.Single(page.Mentions));
        var direct = await teams.ChatMessageAsync(main, m => m.AllText.Contains("#1 SLO breach", StringComparison.Ordinal), "the incident card");
        Assert.StartsWith("a:", direct.ConversationId, StringComparison.Ordinal);
        Assert.Contains(Acknowledge, direct.Verbs);
        // The next step's timer is set once this one ran: only then may time pass.
        await UntilAsync(outcomes, o => o is { IncidentId: 1, Step: 0, Result: EscalationResult.Paged }, "step 0 paged the main");

        var ack = await teams.Driver.ExecuteActionAsync(main, direct.Id, Acknowledge);

        Assert.Equal((200, CardType), (ack.InvokeStatusCode, ack.InvokeType));
        Assert.Contains($"by {main.Name}", Readable(ack.InvokeValue), StringComparison.Ordinal);
        clock.Jump(EscalationChain.StepAt(policy, 0).AckTimeout);
        var stopped = await UntilAsync(
            outcomes, o => o is { IncidentId: 1, Step: 1, Result: EscalationResult.Skipped or EscalationResult.Cancelled or EscalationResult.Paged }, "step 1 ran or was cancelled");
        Assert.NotEqual(EscalationResult.Paged, stopped.Result);
        await teams.ChatMessageAsync(main, m => m.Id == direct.Id && !m.Verbs.Contains(Acknowledge), "the incident card, acknowledged");
        var thread = await teams.BotPostAsync(p => p.Id == card.Id && !p.Verbs.Contains(Acknowledge), "the channel's incident card, acknowledged");
        Assert.Contains($"by {main.Name}", thread.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(thread.Replies, r => r.Text?.Contains("step 2 of", StringComparison.Ordinal) == true);
        Assert.All(teams.Payments.Members.Where(m => m.Id != now.Main), m => Assert.DoesNotContain(teams.Teams.ChatMessages(teams.UserOf(m.Id).Id), c => c.FromBot));
    }

    [Fact]
    public async Task Alert_NotAcknowledged_PagesTheBackupAfterTheAckTimeout_WhoseAcknowledgeEndsTheChain()
    {
        var outcomes = new ConcurrentQueue<EscalationOutcome>();
        var clock = new RunningClock();
        await using var teams = await EscalatingAsync(clock, outcomes);
        var policy = teams.Catalog.EscalationPolicyFor("payments")!;
        await teams.PostAlertAsync(startsAt: teams.Now);
        var card = await teams.BotPostAsync(p => p.AllText.Contains("#1 SLO breach", StringComparison.Ordinal), "the incident card in the payments channel");
        await UntilAsync(outcomes, o => o is { IncidentId: 1, Step: 0, Result: EscalationResult.Paged }, "step 0 paged the main");

        clock.Jump(EscalationChain.StepAt(policy, 0).AckTimeout);

        // Who is on call when the backup's step runs, after the jump.
        var (now, _) = teams.PaymentsShifts();
        var backup = teams.UserOf(now.Backups[0]);
        var direct = await teams.ChatMessageAsync(backup, m => m.AllText.Contains("#1 SLO breach", StringComparison.Ordinal), "the incident card");
        Assert.Contains(Acknowledge, direct.Verbs);
        var page = await TeamsBot.WaitForAsync(
            () => teams.BotPosts().Single(p => p.Id == card.Id).Replies.FirstOrDefault(r => r.FromBot && r.Text?.Contains("step 2 of", StringComparison.Ordinal) == true),
            "the page of the backup in the incident's thread");
        Assert.Matches($@"^Not acknowledged after \d+ min: paging <at>{Regex.Escape(backup.Name)}</at> \(backup, step 2 of {EscalationChain.StepCount(policy)}\)$", page.Text);
        Assert.Equal(backup.Id, Assert.Single(page.Mentions).Id);
        await UntilAsync(outcomes, o => o is { IncidentId: 1, Step: 1, Result: EscalationResult.Paged }, "step 1 paged the backup");

        var ack = await teams.Driver.ExecuteActionAsync(backup, direct.Id, Acknowledge);

        Assert.Equal((200, CardType), (ack.InvokeStatusCode, ack.InvokeType));
        clock.Jump(EscalationChain.StepAt(policy, 1).AckTimeout);
        var stopped = await UntilAsync(
            outcomes, o => o is { IncidentId: 1, Step: 2, Result: EscalationResult.Skipped or EscalationResult.Cancelled or EscalationResult.Paged }, "step 2 ran or was cancelled");
        Assert.NotEqual(EscalationResult.Paged, stopped.Result);
        var acknowledged = await teams.BotPostAsync(
            p => p.Id == card.Id && p.Replies.Any(r => r.AllText.Contains($"Acknowledged by {backup.Name}", StringComparison.Ordinal)), "the acknowledgement in the incident's thread");
        Assert.DoesNotContain(acknowledged.Replies, r => r.Text?.Contains("step 3 of", StringComparison.Ordinal) == true);
        var pagedNever = teams.Payments.Members.Where(m => m.Id != now.Main && m.Id != now.Backups[0]);
        Assert.All(pagedNever, m => Assert.DoesNotContain(teams.Teams.ChatMessages(teams.UserOf(m.Id).Id), c => c.FromBot));
    }

    /// <summary>The bot on <paramref name="clock"/>, its scheduler looking at its timers every second, escalation outcomes recorded; added to the payments team.</summary>
    private static async Task<TeamsBot> EscalatingAsync(RunningClock clock, ConcurrentQueue<EscalationOutcome> outcomes)
    {
        var teams = await TeamsBot.StartAsync(
            settings: new Dictionary<string, string> { ["Quartz:Scheduler:IdleWaitTime"] = "00:00:01" },
            configureServices: services =>
            {
                services.AddSingleton<TimeProvider>(clock);
                services.AddSingleton<IEscalationLog>(new RecordingEscalationLog(outcomes));
            });
        await teams.AddToPaymentsTeamAsync();
        return teams;
    }

    /// <summary>", backup Mei Tan, then Ana Kovač" as <c>oncall</c> and <c>rotate</c> write a shift's backups.</summary>
    private static string Backups(TeamsBot teams, Shift shift) =>
        shift.Backups.Count == 0 ? "" : $", backup {string.Join(", then ", shift.Backups.Select(teams.NameOf))}";

    /// <summary>An instant as commands write it for a reader in <paramref name="zone"/>: <c>Mon 2026-11-23 09:00 Europe/Berlin</c>.</summary>
    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimeZoneInfo.ConvertTime(at, zone):ddd yyyy-MM-dd HH:mm} {zone.Id}");

    /// <summary>A card as JSON text with its non-ASCII letters as they are (the default writer escapes them).</summary>
    private static string Readable(JsonNode? card) =>
        card!.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    /// <summary>Waits for an outcome the scheduler's thread reports; fails after a bound saying what was awaited and what came.</summary>
    private static async Task<EscalationOutcome> UntilAsync(ConcurrentQueue<EscalationOutcome> outcomes, Func<EscalationOutcome, bool> match, string what)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < WaitLimit)
        {
            if (outcomes.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(25));
        }
        Assert.Fail($"After {WaitLimit.TotalSeconds} s, still no escalation outcome where {what}. Outcomes:\n{string.Join('\n', outcomes)}");
        return null!;
    }

    private sealed class RecordingEscalationLog(ConcurrentQueue<EscalationOutcome> outcomes) : IEscalationLog
    {
        public void Write(EscalationOutcome outcome) => outcomes.Enqueue(outcome);
    }
}
