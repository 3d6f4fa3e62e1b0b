using System.Globalization;
using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Core.Notices;
using Bot.Core.Notifications;
using Bot.Core.OnCall;
using Bot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.LocalConsole;

/// <summary>
/// On call through the local console, the way a team without chat credentials lives it: <c>oncall</c>, <c>override</c>,
/// <c>rotate</c> and <c>cover</c> typed into the console, handoff prompts and cover requests appearing in the team's
/// channel and in people's direct messages (<c>dm:&lt;member id&gt;</c>), and their buttons pressed over HTTP.
/// </summary>
/// <remarks>
/// Who is on call is worked out here from the example catalog's <c>payments-primary</c> rotation with
/// <see cref="OnCallSchedule"/> at the host's clock (<see cref="Payments"/>), never written down as names, so the tests
/// follow the catalog and the clock rather than one week's roster.
/// </remarks>
public sealed class ConsoleOnCallEndToEndTests
{
    private const string PaymentsChannel = "payments-slo-breaches";
    private const string RotationId = "payments-primary";

    // ---- rotate confirm: the handoff prompt ----

    [Fact]
    public async Task RotateConfirm_PostsTheHandoffPrompt_InTheTeamChannelAndTheDirectMessagesOfBothShifts()
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);
        var by = payments.Outgoing.Main;

        var rotated = await bot.CommandAsync(PaymentsChannel, by, "rotate payments confirm");

        Assert.True(rotated.Ok, rotated.Text);
        Assert.Equal(
            $"Handed over: {payments.Name(by)} hands Payments primary over to {payments.Holders(payments.Incoming.Main, payments.Incoming.Backups)}, "
            + $"until the scheduled handoff at {Local(payments.Current.End, payments.ZoneOf(by))}. The schedule after that is unchanged; "
            + "the handoff prompt is posted in the team's channel.",
            rotated.Text);
        var prompt = Assert.Single(await bot.WaitForNoticesAsync(PaymentsChannel, n => n.Count > 0, "the handoff prompt"));
        AssertOpenHandoffPrompt(payments, prompt, by);
        foreach (var person in payments.BothShifts)
        {
            var copy = Assert.Single(await bot.WaitForNoticesAsync(ConsoleBot.DirectChannel(person), n => n.Count > 0, $"the handoff prompt in {person}'s DMs"));
            Assert.Equal(prompt.NoticeId, copy.NoticeId);
            AssertOpenHandoffPrompt(payments, copy, by);
        }
        foreach (var bystander in payments.Team.Members.Select(m => m.Id).Except(payments.BothShifts))
        {
            Assert.Empty(await bot.DirectNoticesAsync(bystander));
        }
    }

    [Fact]
    public async Task AcceptHandoff_ByAnyoneButTheIncomingMain_IsRefusedNamingWhoMayAccept_AndChangesNoCopy()
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);
        var prompt = await RotateAndAwaitPromptAsync(bot, payments);
        // Not lena: she is the team's admin, who may accept for the incoming main.
        string[] others = [.. payments.BothShifts.Where(p => p != payments.Incoming.Main), "diego"];
        Assert.NotEmpty(others);

        foreach (var other in others)
        {
            var refused = await bot.ClickNoticeAsync(PaymentsChannel, other, MessageAction.AcceptHandoff.Id, messageId: prompt.MessageId);

            Assert.False(refused.Ok);
            Assert.Equal($"Only {payments.Name(payments.Incoming.Main)}, the incoming main on-call, can accept this handoff.", refused.Text);
            Assert.Equal(1, refused.Notice!.Version);
            Assert.Equal([MessageAction.AcceptHandoff.Id], refused.Notice.ActionIds);
        }
        var stored = await bot.Factory.Services.GetRequiredService<INoticeStore>().FindAsync(prompt.NoticeId, CancellationToken.None);
        Assert.Equal((NoticeState.Open, 1, null), (stored!.State, stored.Version, stored.TakenBy));
    }

    [Fact]
    public async Task AcceptHandoff_ByTheIncomingMainInTheirDirectMessage_EditsEveryCopy_AndASecondClickSaysAlreadyAccepted()
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);
        var prompt = await RotateAndAwaitPromptAsync(bot, payments);
        var copies = new Dictionary<string, long> { [PaymentsChannel] = prompt.MessageId!.Value };
        foreach (var person in payments.BothShifts)
        {
            var channel = ConsoleBot.DirectChannel(person);
            copies[channel] = Assert.Single(await bot.WaitForNoticesAsync(channel, n => n.Count > 0, $"the handoff prompt in {person}'s DMs")).MessageId!.Value;
        }
        bot.Clock.Advance(TimeSpan.FromMinutes(7));
        var acceptedAt = bot.Clock.GetUtcNow();
        var incoming = payments.Incoming.Main;
        var accepted = $"by {payments.Name(incoming)} at {MessageField.Utc(acceptedAt)}";

        var answer = await bot.ClickNoticeAsync(ConsoleBot.DirectChannel(incoming), incoming, MessageAction.AcceptHandoff.Id, messageId: copies[ConsoleBot.DirectChannel(incoming)]);

        Assert.True(answer.Ok, answer.Text);
        Assert.Equal(
            $"Handoff accepted: {payments.Name(incoming)} is on call for Payments primary until {MessageField.Utc(payments.Current.End)}.", answer.Text);
        Assert.Equal(("good", 2), (answer.Notice!.Tone, answer.Notice.Version));
        Assert.Contains(("Accepted", accepted), answer.Notice.Fields);
        Assert.Empty(answer.Notice.Actions);
        foreach (var (channel, messageId) in copies)
        {
            var edited = Assert.Single(await bot.WaitForNoticesAsync(
                channel, n => n is [{ Actions.Count: 0 } only] && only.Fields.Any(f => f.Name == "Accepted"), $"the handoff prompt accepted in '{channel}'"));
            Assert.Equal((messageId, true, prompt.NoticeId, "good"), (edited.MessageId, edited.Edited, edited.NoticeId, edited.Tone));
            Assert.Contains(("Accepted", accepted), edited.Fields);
            Assert.Equal(prompt.Summary, edited.Summary);
        }

        bot.Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await bot.ClickNoticeAsync(PaymentsChannel, incoming, MessageAction.AcceptHandoff.Id, noticeId: prompt.NoticeId);

        Assert.True(again.Ok);
        Assert.Equal($"{payments.Name(incoming)} already accepted this handoff at {MessageField.Utc(acceptedAt)}.", again.Text);
        Assert.Equal(2, again.Notice!.Version);
    }

    [Fact]
    public async Task RotateConfirm_Twice_SecondIsRefusedNamingWhoIsOn_AndOnlyOnePromptIsPosted()
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);
        await RotateAndAwaitPromptAsync(bot, payments);

        var second = await bot.CommandAsync(PaymentsChannel, payments.Incoming.Main, "rotate payments confirm");

        Assert.False(second.Ok);
        Assert.Equal(
            $"Payments primary was already handed over early: {payments.Name(payments.Incoming.Main)} is main until the scheduled handoff at "
            + $"{OnCallSchedule.DescribeLocal(payments.Rotation, payments.Current.End)}.",
            second.Text);
        Assert.Single(await NoticesOfPaymentsAsync(bot));
        Assert.Single(await bot.WaitForNoticesAsync(PaymentsChannel, n => n.Count > 0, "the handoff prompt"));
    }

    [Fact]
    public async Task RotateConfirm_ThenOnCall_ShowsTheIncomingShiftCoveringByOverrideUntilTheScheduledHandoff()
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);
        await RotateAndAwaitPromptAsync(bot, payments);
        var reader = payments.Incoming.Backups[0];

        var oncall = await bot.CommandAsync(PaymentsChannel, reader, "oncall");

        Assert.True(oncall.Ok, oncall.Text);
        var zone = payments.ZoneOf(reader);
        Assert.Contains(
            $"• Now: {payments.Name(payments.Incoming.Main)} (covering by override) since {Local(payments.Now, zone)}"
            + $"{payments.BackupsText(payments.Incoming.Backups)}\n",
            oncall.Text,
            StringComparison.Ordinal);
        // The schedule after it is unchanged: at the scheduled handoff the incoming shift starts its own full shift.
        Assert.Contains($"• Next handoff: {Local(payments.Current.End, zone)} (in ", oncall.Text, StringComparison.Ordinal);
        Assert.Contains($" → {payments.Holders(payments.Incoming.Main, payments.Incoming.Backups)}\n", oncall.Text, StringComparison.Ordinal);
    }

    // ---- rotate without confirm ----

    [Fact]
    public async Task Rotate_WithoutConfirm_SaysWhoWouldHandOverToWhomAndHowToConfirm_AndChangesNothing()
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);
        var by = payments.Incoming.Main;

        var preview = await bot.CommandAsync(PaymentsChannel, by, "rotate");

        Assert.True(preview.Ok, preview.Text);
        Assert.Equal(
            $"Hand over now? {payments.Name(payments.Outgoing.Main)} hands Payments primary over to "
            + $"{payments.Holders(payments.Incoming.Main, payments.Incoming.Backups)}, until the scheduled handoff at "
            + $"{Local(payments.Current.End, payments.ZoneOf(by))}. To do it: rotate payments confirm",
            preview.Text);
        var now = await OnCallNowJsonAsync(bot);
        Assert.Equal(payments.Outgoing.Main, (string?)now["main"]!["id"]);
        Assert.Empty(now["overrides"]!.AsArray());
        Assert.Empty(await NoticesOfPaymentsAsync(bot));
    }

    [Fact]
    public async Task RotateConfirm_ByAMemberOfAnotherTeam_IsRefusedWithTheReason_AndPostsNothing()
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);

        var refused = await bot.CommandAsync(PaymentsChannel, "diego", "rotate payments confirm");

        Assert.False(refused.Ok);
        Assert.Equal("Only members of team 'payments' and admins may change its on-call schedule; Diego Alves is not one.", refused.Text);
        Assert.Equal(payments.Outgoing.Main, (string?)(await OnCallNowJsonAsync(bot))["main"]!["id"]);
        Assert.Empty(await NoticesOfPaymentsAsync(bot));
        Assert.Empty(ConsoleBot.NoticesIn(await bot.WaitForChannelAsync(PaymentsChannel, _ => true, "a delivery pass")));
    }

    [Fact]
    public async Task Rotate_UnknownTeam_IsAUsageError()
    {
        await using var bot = new ConsoleBot();

        var answer = await bot.CommandAsync(PaymentsChannel, "ana", "rotate billing confirm");

        Assert.False(answer.Ok);
        Assert.StartsWith("'billing' is not a team in the catalog.\nUsage: rotate [team] [confirm]", answer.Text, StringComparison.Ordinal);
    }

    // ---- cover ----

    [Fact]
    public async Task Cover_ByTheCurrentMain_FirstOfTwoMembersTakesIt_SecondIsToldWhoTookIt_AndOnCallShowsTheCover()
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);
        var requester = payments.Outgoing.Main;
        string[] takers = [.. payments.Team.Members.Select(m => m.Id).Where(id => id != requester).Take(2)];
        Assert.Equal(2, takers.Length);
        var from = payments.Now;
        var to = from.AddHours(2);

        var asked = await bot.CommandAsync(PaymentsChannel, requester, "cover now +2h");

        Assert.True(asked.Ok, asked.Text);
        Assert.StartsWith($"Asked team Payments to cover your main shift from {OnCallSchedule.DescribeLocal(payments.Rotation, from)} to "
            + $"{OnCallSchedule.DescribeLocal(payments.Rotation, to)} (request #", asked.Text, StringComparison.Ordinal);
        var request = Assert.Single(await bot.WaitForNoticesAsync(PaymentsChannel, n => n.Count > 0, "the cover request"));
        Assert.Equal(("attention", "Cover request · Payments primary"), (request.Tone, request.Title));
        Assert.Equal([MessageAction.TakeCover.Id], request.ActionIds);
        Assert.Equal($"@{requester} needs someone to take their main on-call shift. The first to press \"I'll cover\" takes it.", request.Summary);
        Assert.Equal(
            [("Rotation", "Payments primary (Payments)"), ("Role", "main"), ("From", MessageField.Utc(from)), ("Until", MessageField.Utc(to)), ("Asked by", payments.Name(requester))],
            request.Fields);
        Assert.Equal([requester], request.Mentions);
        foreach (var member in payments.Team.Members)
        {
            Assert.Empty(await bot.DirectNoticesAsync(member.Id));
        }

        var first = await bot.ClickNoticeAsync(PaymentsChannel, takers[0], MessageAction.TakeCover.Id, messageId: request.MessageId);
        var second = await bot.ClickNoticeAsync(PaymentsChannel, takers[1], MessageAction.TakeCover.Id, messageId: request.MessageId);

        Assert.True(first.Ok, first.Text);
        Assert.StartsWith(
            $"You cover {payments.Name(requester)}'s main shift from {MessageField.Utc(from)} to {MessageField.Utc(to)} (override #", first.Text, StringComparison.Ordinal);
        Assert.False(second.Ok);
        Assert.Equal($"{payments.Name(takers[0])} already took this cover request.", second.Text);
        var taken = Assert.Single(await bot.WaitForNoticesAsync(
            PaymentsChannel, n => n is [{ Actions.Count: 0 } only] && only.Fields.Any(f => f.Name == "Covered by"), "the cover request taken"));
        Assert.Equal((request.MessageId, true, "good"), (taken.MessageId, taken.Edited, taken.Tone));
        Assert.StartsWith($"{payments.Name(takers[0])} (override #", Assert.Single(taken.Fields, f => f.Name == "Covered by").Value, StringComparison.Ordinal);

        var oncall = await bot.CommandAsync(PaymentsChannel, requester, "oncall payments");

        Assert.True(oncall.Ok, oncall.Text);
        Assert.Contains(
            $"• Now: {payments.Name(takers[0])} (covering by override) since {Local(from, payments.ZoneOf(requester))}", oncall.Text, StringComparison.Ordinal);
        var cover = Assert.Single(await OverridesAsync(bot, payments));
        Assert.Equal((takers[0], OnCallRole.Main, from, to, takers[0]), (cover.MemberId, cover.Role, cover.From, cover.To, cover.CreatedBy));
        var now = await OnCallNowJsonAsync(bot);
        Assert.Equal(takers[0], (string?)now["main"]!["id"]);
        var inForce = Assert.Single(now["overrides"]!.AsArray())!;
        Assert.Equal(
            (cover.Id, takers[0], "main", from, to),
            ((long)inForce["id"]!, (string?)inForce["member"]!["id"], (string?)inForce["role"], (DateTimeOffset)inForce["from"]!, (DateTimeOffset)inForce["to"]!));
    }

    [Fact]
    public async Task Cover_TwoMembersPressingAtOnce_OneTakesIt_AndOnlyOneOverrideIsMade()
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);
        var requester = payments.Outgoing.Main;
        string[] takers = [.. payments.Team.Members.Select(m => m.Id).Where(id => id != requester).Take(2)];
        var asked = await bot.CommandAsync(PaymentsChannel, requester, "cover now +2h");
        Assert.True(asked.Ok, asked.Text);
        var request = Assert.Single(await bot.WaitForNoticesAsync(PaymentsChannel, n => n.Count > 0, "the cover request"));

        var answers = await Task.WhenAll(takers.Select(taker => bot.ClickNoticeAsync(PaymentsChannel, taker, MessageAction.TakeCover.Id, noticeId: request.NoticeId)));

        var winner = Assert.Single(answers, a => a.Ok);
        var loser = Assert.Single(answers, a => !a.Ok);
        var cover = Assert.Single(await OverridesAsync(bot, payments));
        Assert.Contains(cover.MemberId, takers);
        Assert.Contains($"(override #{cover.Id})", winner.Text, StringComparison.Ordinal);
        Assert.Equal($"{payments.Name(cover.MemberId)} already took this cover request.", loser.Text);
        var stored = await bot.Factory.Services.GetRequiredService<INoticeStore>().FindAsync(request.NoticeId, CancellationToken.None);
        Assert.Equal((NoticeState.Taken, cover.MemberId), (stored!.State, stored.TakenBy));
    }

    [Fact]
    public async Task Cover_TakenByTheRequesterThemselves_IsRefusedAndStaysOpen()
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);
        var requester = payments.Outgoing.Main;
        await bot.CommandAsync(PaymentsChannel, requester, "cover now +2h");
        var request = Assert.Single(await bot.WaitForNoticesAsync(PaymentsChannel, n => n.Count > 0, "the cover request"));

        var refused = await bot.ClickNoticeAsync(PaymentsChannel, requester, MessageAction.TakeCover.Id, messageId: request.MessageId);

        Assert.False(refused.Ok);
        Assert.Equal("You asked for this cover; someone else from the team has to take it.", refused.Text);
        Assert.Equal(1, refused.Notice!.Version);
        Assert.Equal([MessageAction.TakeCover.Id], refused.Notice.ActionIds);
        Assert.Empty(await OverridesAsync(bot, payments));
    }

    [Fact]
    public async Task Cover_ByAMemberNotOnCall_IsRefusedWithTheReason_AndPostsNothing()
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);
        var offDuty = Assert.Single(payments.Team.Members, m => m.Id != payments.Outgoing.Main && !payments.Outgoing.Backups.Contains(m.Id));
        var from = payments.Now;

        var refused = await bot.CommandAsync(PaymentsChannel, offDuty.Id, "cover now +2h");

        Assert.False(refused.Ok);
        Assert.Equal(
            $"{offDuty.DisplayName} is not on call for Payments primary between {OnCallSchedule.DescribeLocal(payments.Rotation, from)} and "
            + $"{OnCallSchedule.DescribeLocal(payments.Rotation, from.AddHours(2))}; there is nothing to cover.",
            refused.Text);
        await AssertNothingPostedAsync(bot);
    }

    [Theory]
    [InlineData("diego", "Only members of team 'payments' and admins may change its on-call schedule; Diego Alves is not one.")]
    [InlineData("mallory", "Only members of team 'payments' and admins may change its on-call schedule; mallory is not one.")]
    public async Task Cover_ByANonMember_IsRefusedWithTheReason_AndPostsNothing(string user, string reason)
    {
        await using var bot = new ConsoleBot();

        var refused = await bot.CommandAsync(PaymentsChannel, user, "cover now +2h");

        Assert.False(refused.Ok);
        Assert.Equal(reason, refused.Text);
        await AssertNothingPostedAsync(bot);
    }

    [Theory]
    [InlineData("cover soon +2h", "'soon' is not a time; write now, +4h, +2d or 2026-12-24T18:00 (in {zone}).\nUsage: cover <from> <to> | cover until <to>")]
    [InlineData("cover now tomorrow", "'tomorrow' is not a time; write now, +4h, +2d or 2026-12-24T18:00 (in {zone}).\nUsage: cover <from> <to> | cover until <to>")]
    [InlineData("cover until never", "'never' is not a time; write now, +4h, +2d or 2026-12-24T18:00 (in {zone}).\nUsage: cover <from> <to> | cover until <to>")]
    [InlineData("cover +2h now", "Cover must end after it starts.")]
    [InlineData("cover 2020-01-01T09:00 2020-01-02T09:00", "That stretch is already over; give an end in the future.")]
    [InlineData("cover now", "expected two times, or 'until' and a time; got 'now'.\nUsage: cover <from> <to> | cover until <to>")]
    [InlineData("cover", "say when you need cover, e.g. 'cover now +4h' or 'cover until 2026-12-27T09:00'.\nUsage: cover <from> <to> | cover until <to>")]
    public async Task Cover_WithMalformedTimes_ByTheCurrentMain_IsRefusedWithTheReason_AndPostsNothing(string text, string reason)
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);
        var main = payments.Outgoing.Main;

        var refused = await bot.CommandAsync(PaymentsChannel, main, text);

        Assert.False(refused.Ok);
        Assert.Equal(reason.Replace("{zone}", payments.ZoneOf(main).Id, StringComparison.Ordinal), refused.Text);
        await AssertNothingPostedAsync(bot);
    }

    [Fact]
    public async Task Cover_AskedTwiceForTheSameStretch_PostsOnce()
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);
        var main = payments.Outgoing.Main;
        var until = payments.Now.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

        var first = await bot.CommandAsync(PaymentsChannel, main, $"cover until {until}");
        var second = await bot.CommandAsync(PaymentsChannel, main, $"cover until {until}");

        Assert.True(first.Ok, first.Text);
        Assert.False(second.Ok);
        Assert.StartsWith("You already asked for cover from ", second.Text, StringComparison.Ordinal);
        Assert.Single(await NoticesOfPaymentsAsync(bot));
        Assert.Single(await bot.WaitForNoticesAsync(PaymentsChannel, n => n.Count > 0, "the cover request"));
    }

    // ---- oncall and override ----

    [Fact]
    public async Task OnCall_InTheTeamChannel_NamesNowTheNextHandoffAndTheTwoShiftsAfter_InTheReadersZone()
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);
        // A reader whose zone is not the rotation's, so the answer shows that it is theirs.
        var reader = payments.Team.Members.First(m => m.TimeZone != payments.Rotation.TimeZone);
        var zone = payments.ZoneOf(reader.Id);
        var shifts = OnCallSchedule.Shifts(payments.Rotation, payments.Now, 4);

        var oncall = await bot.CommandAsync(PaymentsChannel, reader.Id, "oncall");

        Assert.True(oncall.Ok, oncall.Text);
        var lines = oncall.Text.Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.Equal("On call for Payments — Payments primary (handoff Monday 09:00 Europe/Berlin):", lines[0]);
        Assert.Equal(
            $"• Now: {payments.Name(payments.Outgoing.Main)} since {Local(shifts[0].Start, zone)}{payments.BackupsText(payments.Outgoing.Backups)}", lines[1]);
        Assert.StartsWith($"• Next handoff: {Local(shifts[1].Start, zone)} (in ", lines[2], StringComparison.Ordinal);
        Assert.EndsWith($") → {payments.Holders(shifts[1].Main, shifts[1].Backups)}", lines[2], StringComparison.Ordinal);
        Assert.Equal($"• Then {Local(shifts[2].Start, zone)}: {payments.Holders(shifts[2].Main, shifts[2].Backups)}", lines[3]);
        Assert.Equal($"• Then {Local(shifts[3].Start, zone)}: {payments.Holders(shifts[3].Main, shifts[3].Backups)}", lines[4]);
    }

    [Theory]
    [InlineData(PaymentsChannel, "oncall payment-gateway")]
    [InlineData("checkout-slo-breaches", "oncall payments")]
    [InlineData("dm:ana", "oncall")]
    public async Task OnCall_ForTheTeamsServiceFromAnotherChannelOrFromADirectMessage_AnswersForPayments(string channel, string text)
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);

        var oncall = await bot.CommandAsync(channel, "ana", text);

        Assert.True(oncall.Ok, oncall.Text);
        Assert.StartsWith("On call for Payments — Payments primary", oncall.Text, StringComparison.Ordinal);
        Assert.Contains($"• Now: {payments.Name(payments.Outgoing.Main)} since ", oncall.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnCall_UnknownTeam_SaysItIsNeitherATeamNorAService()
    {
        await using var bot = new ConsoleBot();

        var answer = await bot.CommandAsync(PaymentsChannel, "ana", "oncall billing");

        Assert.False(answer.Ok);
        Assert.StartsWith("'billing' is neither a team nor a service in the catalog.\nUsage: oncall", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Override_ByTheTeamsAdmin_PutsThePersonOnAsMain_AndOverrideCancelTakesItOff()
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);
        var admin = Assert.Single(payments.Team.AdminMemberIds);
        var covering = payments.Outgoing.Backups[^1];
        var zone = payments.ZoneOf(admin);

        var set = await bot.CommandAsync(PaymentsChannel, admin, $"override @{covering} now +4h");

        Assert.True(set.Ok, set.Text);
        var stored = Assert.Single(await OverridesAsync(bot, payments));
        Assert.Equal(
            $"{payments.Name(covering)} covers Payments primary as main from {Local(payments.Now, zone)} to {Local(payments.Now.AddHours(4), zone)} "
            + $"(override #{stored.Id}). 'override cancel' undoes it.",
            set.Text);
        Assert.Equal((covering, OnCallRole.Main, admin), (stored.MemberId, stored.Role, stored.CreatedBy));
        Assert.Contains(
            $"• Now: {payments.Name(covering)} (covering by override) since ", (await bot.CommandAsync(PaymentsChannel, admin, "oncall")).Text, StringComparison.Ordinal);

        var cancelled = await bot.CommandAsync(PaymentsChannel, admin, "override cancel");

        Assert.True(cancelled.Ok, cancelled.Text);
        Assert.StartsWith($"Cancelled override #{stored.Id}: {payments.Name(covering)} no longer covers Payments primary", cancelled.Text, StringComparison.Ordinal);
        Assert.Empty(await OverridesAsync(bot, payments));
        Assert.Equal(payments.Outgoing.Main, (string?)(await OnCallNowJsonAsync(bot))["main"]!["id"]);
    }

    [Theory]
    [InlineData("override @nobody now +2h", "'@nobody' is not a person in the catalog; name them as @id, e.g. @ana.\nUsage: ")]
    [InlineData("override @mei soon +2h", "'soon' is not a time; write now, +4h, +2d or 2026-12-24T18:00 (in Europe/Berlin).\nUsage: ")]
    [InlineData("override @mei +2h now", "An override must end after it starts.")]
    [InlineData("override @mei 2020-01-01T09:00 2020-01-02T09:00", "That override would already be over; give an end in the future.")]
    [InlineData("override cancel", "You have no current or coming override on Payments primary to cancel.")]
    public async Task Override_Refused_AnswersWithTheReason_AndSetsNothing(string text, string reason)
    {
        await using var bot = new ConsoleBot();
        var payments = Payments.Of(bot);

        // Ana reads times in Europe/Berlin (her catalog zone).
        var refused = await bot.CommandAsync(PaymentsChannel, "ana", text);

        Assert.False(refused.Ok);
        Assert.StartsWith(reason, refused.Text, StringComparison.Ordinal);
        Assert.Empty(await OverridesAsync(bot, payments));
    }

    // ---- helpers ----

    /// <summary>Rotates the payments rotation as its outgoing main and waits for the prompt in the team's channel.</summary>
    private static async Task<ConsoleNotice> RotateAndAwaitPromptAsync(ConsoleBot bot, Payments payments)
    {
        var rotated = await bot.CommandAsync(PaymentsChannel, payments.Outgoing.Main, "rotate payments confirm");
        Assert.True(rotated.Ok, rotated.Text);
        return Assert.Single(await bot.WaitForNoticesAsync(PaymentsChannel, n => n.Count > 0, "the handoff prompt"));
    }

    private static void AssertOpenHandoffPrompt(Payments payments, ConsoleNotice prompt, string rotatedBy)
    {
        var (outgoing, incoming) = (payments.Outgoing, payments.Incoming);
        Assert.Equal(("attention", 1, false), (prompt.Tone, prompt.Version, prompt.Edited));
        Assert.Equal("On-call handoff · Payments primary", prompt.Title);
        var backups = incoming.Backups.Count == 0 ? "" : $" with {string.Join(" and ", incoming.Backups.Select(b => "@" + b))} as backup";
        Assert.Equal($"@{outgoing.Main} hands Payments primary over to @{incoming.Main}{backups}. @{incoming.Main}, please accept the handoff.", prompt.Summary);
        Assert.Contains(("Rotation", "Payments primary (Payments)"), prompt.Fields);
        Assert.Contains(("Incoming main", payments.Name(incoming.Main)), prompt.Fields);
        Assert.Contains(("Incoming backup", string.Join(", then ", incoming.Backups.Select(payments.Name))), prompt.Fields);
        Assert.Contains(("Outgoing main", payments.Name(outgoing.Main)), prompt.Fields);
        Assert.Contains(("Outgoing backup", string.Join(", then ", outgoing.Backups.Select(payments.Name))), prompt.Fields);
        Assert.Contains(("Handoff", MessageField.Utc(payments.Now)), prompt.Fields);
        Assert.Contains(("Next handoff", MessageField.Utc(payments.Current.End)), prompt.Fields);
        Assert.Equal([MessageAction.AcceptHandoff.Id], prompt.ActionIds);
        Assert.Equal($"Handed over early by {payments.Name(rotatedBy)}.", prompt.Footer);
        Assert.Contains(outgoing.Main, prompt.Mentions);
        Assert.Contains(incoming.Main, prompt.Mentions);
    }

    /// <summary>Nothing was stored to post (the only way a notice reaches a channel), and the channel shows none after a delivery pass.</summary>
    private static async Task AssertNothingPostedAsync(ConsoleBot bot)
    {
        Assert.Empty(await NoticesOfPaymentsAsync(bot));
        Assert.Empty(ConsoleBot.NoticesIn(await bot.WaitForChannelAsync(PaymentsChannel, _ => true, "a delivery pass")));
    }

    private static Task<IReadOnlyList<Notice>> NoticesOfPaymentsAsync(ConsoleBot bot) =>
        bot.Factory.Services.GetRequiredService<INoticeStore>().ListAsync("payments", null, null, 100, CancellationToken.None);

    /// <summary>The rotation's overrides (not cancelled) around now: a month either side.</summary>
    private static Task<IReadOnlyList<RotationOverride>> OverridesAsync(ConsoleBot bot, Payments payments) =>
        bot.Factory.Services.GetRequiredService<IRotationOverrideStore>().OverlappingAsync(
            RotationId, payments.Now.AddDays(-31), payments.Now.AddDays(31), CancellationToken.None);

    /// <summary><c>GET /api/teams/payments/oncall</c>: the payments rotation's <c>now</c>.</summary>
    private static async Task<JsonNode> OnCallNowJsonAsync(ConsoleBot bot)
    {
        var json = JsonNode.Parse(await bot.Client.GetStringAsync(new Uri("/api/teams/payments/oncall", UriKind.Relative)))!;
        return Assert.Single(json["rotations"]!.AsArray(), r => (string?)r!["id"] == RotationId)!["now"]!;
    }

    /// <summary>How the commands write an instant for a reader: <c>Mon 2026-05-04 12:20 Europe/Berlin</c>.</summary>
    private static string Local(DateTimeOffset at, TimeZoneInfo zone) =>
        string.Create(CultureInfo.InvariantCulture, $"{TimeZoneInfo.ConvertTime(at, zone):ddd yyyy-MM-dd HH:mm} {zone.Id}");

    /// <summary>
    /// The example catalog's payments rotation at the host's clock, by <see cref="OnCallSchedule"/>: who is on call now
    /// (<see cref="Outgoing"/>, no overrides yet) and the next shift's people (<see cref="Incoming"/>).
    /// </summary>
    private sealed record Payments(Rotation Rotation, Team Team, DateTimeOffset Now, OnCallNow Outgoing, Shift Incoming)
    {
        public Shift Current => Outgoing.Shift;

        /// <summary>Everyone in a role of the outgoing or the incoming shift: who a handoff prompt goes to by direct message.</summary>
        public IReadOnlyList<string> BothShifts =>
            [.. new[] { Outgoing.Main }.Concat(Outgoing.Backups).Concat([Incoming.Main]).Concat(Incoming.Backups).Distinct(StringComparer.Ordinal)];

        public static Payments Of(ConsoleBot bot)
        {
            var catalog = bot.Factory.Services.GetRequiredService<CatalogHolder>().Current;
            var rotation = catalog.Rotations.Single(r => r.Id == RotationId);
            var now = bot.Clock.GetUtcNow();
            var onCall = OnCallSchedule.At(rotation, [], now);
            return new Payments(rotation, catalog.FindTeam(rotation.TeamId)!, now, onCall, OnCallSchedule.ShiftByNumber(rotation, onCall.Shift.Number + 1));
        }

        public string Name(string memberId) => Team.FindMember(memberId)!.DisplayName;

        public TimeZoneInfo ZoneOf(string memberId) => TimeZoneInfo.FindSystemTimeZoneById(Team.FindMember(memberId)!.TimeZone);

        /// <summary>As the replies name a shift's people: <c>Mei Tan, backup Ana Kovač, then Kwame Mensah</c>.</summary>
        public string Holders(string main, IReadOnlyList<string> backups) => Name(main) + BackupsText(backups);

        public string BackupsText(IReadOnlyList<string> backups) =>
            backups.Count == 0 ? "" : $", backup {string.Join(", then ", backups.Select(Name))}";
    }
}
