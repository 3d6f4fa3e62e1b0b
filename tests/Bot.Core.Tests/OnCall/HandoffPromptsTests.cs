using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Notices;
using Bot.Core.Notifications;
using Bot.Core.OnCall;
using Bot.Core.Routing;
using Bot.Core.Tests.Commands;
using Bot.Core.Tests.Delivery.Fakes;

namespace Bot.Core.Tests.OnCall;

/// <summary>The handoff prompt: what it says, where it goes, that it is posted once, accepted by the incoming main, and reminded.</summary>
public sealed class HandoffPromptsTests
{
    // Monday 23 November 2026, 09:00 in Berlin (08:00 UTC): the handoff to shift 99 of a weekly rotation started 6 January 2025.
    private static readonly DateTimeOffset Handoff = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly Actor Kwame = new("kwame", "Kwame Mensah", ActionSource.Console);
    private static readonly Actor Ana = new("ana", "Ana Kovač", ActionSource.Console);
    private static readonly Actor Lena = new("lena", "Lena Fischer", ActionSource.Slack);

    private readonly ManualTimeProvider _clock = new(Handoff);
    private readonly InMemoryRotationOverrides _overrides = new();
    private readonly InMemoryNotices _notices;
    private readonly RecordingTimers _timers = new();
    private readonly ListingStore _incidents = new();
    private readonly CatalogHolder _catalog;
    private readonly HandoffPrompts _prompts;
    private readonly Rotation _rotation;

    public HandoffPromptsTests()
    {
        var payments = new Team("payments", "Payments", "commerce",
            [Person("ana", "Ana Kovač", "U01ANA"), Person("kwame", "Kwame Mensah", "U01KWAME"), Person("mei", "Mei Tan", null), Person("lena", "Lena Fischer", "U01LENA")],
            [new ChatDestination(ChatPlatform.Console, "payments-slo-breaches"), new ChatDestination(ChatPlatform.Slack, "C0PAY")], ["lena"]);
        _rotation = new Rotation("payments-primary", "Payments primary", "payments", RotationShape.MainTwoBackups, TimeSpan.FromDays(7),
            DayOfWeek.Monday, new TimeOnly(9, 0), "Europe/Berlin", new DateOnly(2025, 1, 6), ["ana", "kwame", "mei"], null, null);
        var catalog = new ServiceCatalog([new OrgUnit("acme", "Acme", OrgUnitKind.Org, null), new OrgUnit("commerce", "Commerce", OrgUnitKind.Domain, "acme")],
            [payments], [], [], [_rotation], [], [], [], [], []);
        _catalog = new CatalogHolder(new FixedSource(catalog), _clock);
        _catalog.Reload();
        _notices = new InMemoryNotices(_overrides);
        var destinations = new DestinationResolver(new RoutingOptions(), new HashSet<ChatPlatform> { ChatPlatform.Console, ChatPlatform.Slack });
        _prompts = new HandoffPrompts(_catalog, _notices, _overrides, _incidents, destinations, _timers,
            new OnCallOptions { HandoffReminderAfter = TimeSpan.FromHours(2) }, _clock);
    }

    private static Member Person(string id, string name, string? slack) => new(id, name, null, slack, null, "Europe/Berlin");

    private long ShiftNumber => OnCallSchedule.ShiftAt(_rotation, Handoff).Number;

    [Fact]
    public async Task Scheduled_PostsToTheTeamChannelsAndDirectlyToOutgoingAndIncoming_WithTheAcceptButton()
    {
        var notice = await _prompts.PostScheduledAsync(_rotation.Id, ShiftNumber, CancellationToken.None);

        Assert.NotNull(notice);
        var shift = OnCallSchedule.ShiftAt(_rotation, Handoff);
        var before = OnCallSchedule.ShiftAt(_rotation, Handoff.AddTicks(-1));
        Assert.Equal(Handoff, shift.Start);
        Assert.Equal(NoticeKind.Handoff, notice.Kind);
        Assert.Equal([MessageAction.AcceptHandoff], notice.Message.Actions);
        Assert.Contains(ChatText.Mention(before.Main), notice.Message.Summary, StringComparison.Ordinal);
        Assert.Contains(ChatText.Mention(shift.Main), notice.Message.Summary, StringComparison.Ordinal);
        var posts = _notices.Queued.Where(q => q.Kind == "post").Select(q => q.Key).ToHashSet();
        Assert.Contains("console:payments-slo-breaches", posts);
        Assert.Contains("slack:C0PAY", posts);
        // Every person of both shifts, on each active platform they have an id on (Mei has no Slack id).
        Assert.Contains("console:dm:ana", posts);
        Assert.Contains("console:dm:kwame", posts);
        Assert.Contains("console:dm:mei", posts);
        Assert.Contains("slack:dm:U01ANA", posts);
        Assert.Contains("slack:dm:U01KWAME", posts);
        Assert.DoesNotContain(posts, p => p.StartsWith("slack:dm:U01LENA", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scheduled_TwiceForOneShift_PostsOnce_AndSetsTheNextHandoffAndTheReminder()
    {
        var first = await _prompts.PostScheduledAsync(_rotation.Id, ShiftNumber, CancellationToken.None);
        var again = await _prompts.PostScheduledAsync(_rotation.Id, ShiftNumber, CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(again);
        Assert.Single(_notices.All);
        Assert.Equal(Handoff.AddDays(7), _timers.Pending[HandoffPrompts.HandoffTimer(_rotation.Id, ShiftNumber + 1)]);
        Assert.Equal(Handoff.AddHours(2), _timers.Pending[new Bot.Core.Scheduling.TimerKey(HandoffPrompts.ReminderKind, first.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
    }

    [Fact]
    public async Task Scheduled_AfterTheBotWasDownAcrossTwoHandoffs_PromptsOnlyTheLatest_AndSaysItIsLate()
    {
        _clock.SetTo(Handoff.AddDays(7).AddHours(3));

        var notice = await _prompts.PostScheduledAsync(_rotation.Id, ShiftNumber, CancellationToken.None);

        Assert.NotNull(notice);
        Assert.Equal($"handoff:{_rotation.Id}:{ShiftNumber + 1}", notice.DedupKey);
        Assert.StartsWith("Posted late", notice.Message.Footer, StringComparison.Ordinal);
        Assert.Equal(Handoff.AddDays(14), _timers.Pending[HandoffPrompts.HandoffTimer(_rotation.Id, ShiftNumber + 2)]);
    }

    [Fact]
    public async Task Scheduled_ListsTheShiftsIncidents_WithAckAndResolveTimes_AndWhatCarriesOver()
    {
        _incidents.Add(Incident(11, "Card auth errors", Handoff.AddDays(-3), IncidentState.Resolved,
            new Stamp(Ana, Handoff.AddDays(-3).AddMinutes(4)), new Stamp(Ana, Handoff.AddDays(-3).AddHours(1))));
        _incidents.Add(Incident(12, "Payouts latency", Handoff.AddHours(-5), IncidentState.Acknowledged, new Stamp(Ana, Handoff.AddHours(-4)), null));
        _incidents.Add(Incident(9, "Refunds stuck", Handoff.AddDays(-9), IncidentState.Open, null, null));
        _incidents.Add(Incident(5, "Old and done", Handoff.AddDays(-20), IncidentState.Resolved, null, new Stamp(null, Handoff.AddDays(-19))));

        var notice = await _prompts.PostScheduledAsync(_rotation.Id, ShiftNumber, CancellationToken.None);

        var during = notice!.Message.Sections[0];
        Assert.Equal("Incidents during the shift (2)", during.Heading);
        Assert.Equal(
            ["#11 Card auth errors — opened Fri 20 Nov 09:00, acknowledged Fri 20 Nov 09:04 by Ana Kovač, resolved Fri 20 Nov 10:00",
             "#12 Payouts latency — opened Mon 23 Nov 04:00, acknowledged Mon 23 Nov 05:00 by Ana Kovač — still unresolved"],
            during.Lines);
        var carried = notice.Message.Sections[1];
        Assert.Equal("Carried over, still open (2)", carried.Heading);
        Assert.Equal(["#9", "#12"], carried.Lines.Select(l => l.Split(' ')[0]));
    }

    [Fact]
    public async Task Accept_ByTheIncomingMain_MarksItTakenAndEditsEveryCopy()
    {
        var notice = (await _prompts.PostScheduledAsync(_rotation.Id, ShiftNumber, CancellationToken.None))!;
        var incoming = OnCallSchedule.ShiftAt(_rotation, Handoff).Main;
        var by = new Actor(incoming, incoming, ActionSource.Console);

        var reply = await _prompts.RunAsync(notice, new CommandContext(by, "payments"), CancellationToken.None);

        Assert.True(reply.Succeeded, reply.Text);
        var stored = _notices.All.Single();
        Assert.Equal(NoticeState.Taken, stored.State);
        Assert.Equal(incoming, stored.TakenBy);
        Assert.Equal(2, stored.Version);
        Assert.Empty(stored.Message.Actions);
        Assert.Equal(NoticeTone.Good, stored.Message.Tone);
        Assert.Contains(_notices.Queued, q => q.Kind == "update" && q.NoticeId == notice.Id);
    }

    [Fact]
    public async Task Accept_BySomeoneElse_IsRefused_ButAnAdminMayAcceptForThem()
    {
        var notice = (await _prompts.PostScheduledAsync(_rotation.Id, ShiftNumber, CancellationToken.None))!;
        var incoming = OnCallSchedule.ShiftAt(_rotation, Handoff).Main;
        var other = new[] { Ana, Kwame }.First(a => a.Id != incoming);

        var refused = await _prompts.RunAsync(notice, new CommandContext(other, "payments"), CancellationToken.None);
        var byAdmin = await _prompts.RunAsync(notice, new CommandContext(Lena, "payments"), CancellationToken.None);
        var twice = await _prompts.RunAsync(notice, new CommandContext(Lena, "payments"), CancellationToken.None);

        Assert.False(refused.Succeeded);
        Assert.Contains("incoming main", refused.Text, StringComparison.Ordinal);
        Assert.True(byAdmin.Succeeded, byAdmin.Text);
        Assert.Contains(" for ", byAdmin.Text, StringComparison.Ordinal);
        Assert.Contains("already accepted", twice.Text, StringComparison.Ordinal);
        Assert.Equal(2, _notices.All.Single().Version);
    }

    [Fact]
    public async Task Remind_WhenNotAccepted_MentionsTheIncomingInTheChannelAndTheirDirectMessage_Once()
    {
        var notice = (await _prompts.PostScheduledAsync(_rotation.Id, ShiftNumber, CancellationToken.None))!;
        var incoming = OnCallSchedule.ShiftAt(_rotation, Handoff).Main;
        _clock.Advance(TimeSpan.FromHours(2));

        Assert.True(await _prompts.RemindAsync(notice.Id, CancellationToken.None));
        Assert.False(await _prompts.RemindAsync(notice.Id, CancellationToken.None));

        var replies = _notices.Queued.Where(q => q.Kind == "reply").ToList();
        Assert.Equal(
            new[] { "console:payments-slo-breaches", "slack:C0PAY", $"console:dm:{incoming}" }.Concat(incoming == "mei" ? [] : [$"slack:dm:U01{incoming.ToUpperInvariant()}"]).Order(),
            replies.Select(r => r.Key).Order());
        Assert.All(replies, r => Assert.StartsWith(ChatText.Mention(incoming), r.Text, StringComparison.Ordinal));
        Assert.Contains("2 h", replies[0].Text, StringComparison.Ordinal);
        Assert.Equal(NoticeTone.Warning, _notices.All.Single().Message.Tone);
    }

    [Fact]
    public async Task Remind_AfterAcceptance_DoesNothing()
    {
        var notice = (await _prompts.PostScheduledAsync(_rotation.Id, ShiftNumber, CancellationToken.None))!;
        await _prompts.RunAsync(notice, new CommandContext(Lena, "payments"), CancellationToken.None);

        Assert.False(await _prompts.RemindAsync(notice.Id, CancellationToken.None));
        Assert.DoesNotContain(_notices.Queued, q => q.Kind == "reply");
    }

    [Fact]
    public async Task NextHandoff_ClosesTheEarlierPromptNobodyAccepted()
    {
        var first = (await _prompts.PostScheduledAsync(_rotation.Id, ShiftNumber, CancellationToken.None))!;
        _clock.Advance(TimeSpan.FromDays(7));

        await _prompts.PostScheduledAsync(_rotation.Id, ShiftNumber + 1, CancellationToken.None);

        var closed = _notices.All.Single(n => n.Id == first.Id);
        Assert.Equal(NoticeState.Closed, closed.State);
        Assert.Empty(closed.Message.Actions);
        Assert.Equal(NoticeState.Open, _notices.All.Single(n => n.Id != first.Id).State);
    }

    [Fact]
    public async Task TimerSource_SchedulesEachRotationsNextHandoff_AndDropsStaleFutureOnes_ButKeepsAMissedOne()
    {
        var source = new HandoffTimerSource(_catalog, _clock);
        _clock.SetTo(Handoff.AddHours(1));
        await _timers.ScheduleAsync(HandoffPrompts.HandoffTimer(_rotation.Id, ShiftNumber), Handoff, CancellationToken.None);
        await _timers.ScheduleAsync(HandoffPrompts.HandoffTimer(_rotation.Id, ShiftNumber + 5), Handoff.AddDays(35), CancellationToken.None);
        await _timers.ScheduleAsync(HandoffPrompts.HandoffTimer("gone-rotation", 3), Handoff.AddDays(1), CancellationToken.None);

        await source.SyncAsync(_timers, CancellationToken.None);

        Assert.Equal(
            [(HandoffPrompts.HandoffTimer(_rotation.Id, ShiftNumber).Id, Handoff), (HandoffPrompts.HandoffTimer(_rotation.Id, ShiftNumber + 1).Id, Handoff.AddDays(7))],
            _timers.Pending.Select(p => (p.Key.Id, p.Value)).OrderBy(p => p.Value));
    }

    private static IncidentRecord Incident(long id, string title, DateTimeOffset opened, IncidentState state, Stamp? ack, Stamp? resolved) => new(
        id, $"k{id}", title, "payments", "payouts", null, "production", null, state, IncidentSeverity.Error, null, 1, opened, opened, opened,
        ack, resolved, null, false, IncidentLinks.None, null, 1, []);
}
