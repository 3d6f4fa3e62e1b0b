using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Notices;
using Bot.Core.Notifications;
using Bot.Core.OnCall;
using Bot.Core.Routing;
using Bot.Core.Tests.Delivery.Fakes;

namespace Bot.Core.Tests.Commands;

/// <summary><c>oncall</c> and <c>override</c> through the shared command handler, as every chat adapter runs them.</summary>
public sealed class OnCallCommandTests
{
    // Wednesday 18 November 2026, 13:00 in Berlin: the 98th weekly shift (number 97) of a rotation started Monday 6 January 2025.
    private static readonly DateTimeOffset Wednesday = new(2026, 11, 18, 12, 0, 0, TimeSpan.Zero);

    private static readonly Actor Ana = new("ana", "Ana Kovač", ActionSource.Console);
    private static readonly Actor Stranger = new("li", "Li Wei", ActionSource.Console);
    private static readonly Actor Kwame = new("kwame", "Kwame Mensah", ActionSource.Console);
    private static readonly Actor Mei = new("mei", "Mei Tan", ActionSource.Console);

    private readonly ManualTimeProvider _clock = new(Wednesday);
    private readonly InMemoryRotationOverrides _overrides = new();
    private readonly RecordingTimers _timers = new();
    private readonly InMemoryNotices _notices;
    private readonly CoverRequests _covers;
    private readonly CommandHandler _handler;

    public OnCallCommandTests()
    {
        var payments = new Team("payments", "Payments", "commerce",
            [Person("ana", "Ana Kovač", "Europe/Berlin"), Person("kwame", "Kwame Mensah", "Europe/Berlin"), Person("mei", "Mei Tan", "Asia/Singapore")],
            [new ChatDestination(ChatPlatform.Console, "payments-slo-breaches")], []);
        var search = new Team("search", "Search", "discovery", [Person("li", "Li Wei", "Asia/Singapore")],
            [new ChatDestination(ChatPlatform.Console, "search-slo-breaches")], []);
        var rotation = new Rotation("payments-primary", "Payments primary", "payments", RotationShape.MainTwoBackups, TimeSpan.FromDays(7),
            DayOfWeek.Monday, new TimeOnly(9, 0), "Europe/Berlin", new DateOnly(2025, 1, 6), ["ana", "kwame", "mei"], null, null);
        var catalog = new ServiceCatalog([new OrgUnit("acme", "Acme", OrgUnitKind.Org, null), new OrgUnit("commerce", "Commerce", OrgUnitKind.Domain, "acme"),
            new OrgUnit("discovery", "Discovery", OrgUnitKind.Domain, "acme")], [payments, search], [], [], [rotation], [], [], [], [], []);
        var holder = new CatalogHolder(new FixedSource(catalog), _clock);
        holder.Reload();
        var store = new ListingStore();
        var rules = new RotationOverrides(holder, _overrides, _clock);
        var destinations = new DestinationResolver(new RoutingOptions(), new HashSet<ChatPlatform> { ChatPlatform.Console });
        _notices = new InMemoryNotices(_overrides);
        var handoffs = new HandoffPrompts(holder, _notices, _overrides, store, destinations, _timers, new OnCallOptions(), _clock);
        var covers = new CoverRequests(holder, _notices, _overrides, rules, destinations, _clock);
        _covers = covers;
        _handler = new CommandHandler(holder, store, new IncidentActions(holder, store, _clock),
            new OnCallBoard(holder, _overrides, _clock), rules, handoffs, covers, _clock, Budget.StatusBoards.Over(holder, store, _clock));
    }

    private static Member Person(string id, string name, string zone) => new(id, name, $"{id}@example.com", null, null, zone);

    private Task<CommandReply> RunAsync(string text, Actor by, string? channelTeam = "payments") =>
        _handler.HandleAsync(text, new CommandContext(by, channelTeam), CancellationToken.None);

    [Fact]
    public async Task OnCall_NamesMainAndBackupsSinceTheHandoff_TheNextHandoffAndTwoMoreShifts_InTheReadersTimeZone()
    {
        var reply = await RunAsync("oncall payments", Ana);

        Assert.True(reply.Succeeded, reply.Text);
        var lines = reply.Text.Split('\n');
        Assert.StartsWith("On call for Payments — Payments primary", lines[0], StringComparison.Ordinal);
        Assert.Equal("• Now: Kwame Mensah since Mon 2026-11-16 09:00 Europe/Berlin, backup Mei Tan, then Ana Kovač", lines[1]);
        Assert.Equal("• Next handoff: Mon 2026-11-23 09:00 Europe/Berlin (in 4 d 20 h) → Mei Tan, backup Ana Kovač, then Kwame Mensah", lines[2]);
        Assert.Equal("• Then Mon 2026-11-30 09:00 Europe/Berlin: Ana Kovač, backup Kwame Mensah, then Mei Tan", lines[3]);
        Assert.Equal("• Then Mon 2026-12-07 09:00 Europe/Berlin: Kwame Mensah, backup Mei Tan, then Ana Kovač", lines[4]);
    }

    [Fact]
    public async Task OnCall_AskedBySomeoneInAnotherZone_ShowsTimesInTheirZone()
    {
        var reply = await RunAsync("oncall payments", Stranger, channelTeam: null);

        Assert.Contains("since Mon 2026-11-16 16:00 Asia/Singapore", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnCall_UnknownTeam_SaysSoWithTheUsage()
    {
        var reply = await RunAsync("oncall billing", Ana);

        Assert.False(reply.Succeeded);
        Assert.Contains("'billing' is neither a team nor a service", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Override_ByATeamMember_PutsTheCoverOnCallUntilItEnds()
    {
        var set = await RunAsync("override @mei now +4h", Ana);

        Assert.True(set.Succeeded, set.Text);
        Assert.Equal("Mei Tan covers Payments primary as main from Wed 2026-11-18 13:00 Europe/Berlin to Wed 2026-11-18 17:00 Europe/Berlin (override #1). 'override cancel' undoes it.", set.Text);
        Assert.Contains("• Now: Mei Tan (covering by override) since Wed 2026-11-18 13:00 Europe/Berlin", (await RunAsync("oncall", Ana)).Text, StringComparison.Ordinal);

        // Kwame is main again, since the cover ended: that is when his unbroken stretch began.
        _clock.Advance(TimeSpan.FromHours(4));
        Assert.Contains("• Now: Kwame Mensah since Wed 2026-11-18 17:00 Europe/Berlin", (await RunAsync("oncall", Ana)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Override_UntilALocalTime_IsReadInTheCallersZone()
    {
        var set = await RunAsync("override kwame until 2026-11-19T09:00", Ana);

        Assert.True(set.Succeeded, set.Text);
        var stored = Assert.Single(await _overrides.OverlappingAsync("payments-primary", Wednesday, Wednesday.AddDays(2), CancellationToken.None));
        Assert.Equal((Wednesday, new DateTimeOffset(2026, 11, 19, 8, 0, 0, TimeSpan.Zero), "ana"), (stored.From, stored.To, stored.CreatedBy));
    }

    [Fact]
    public async Task Override_BySomeoneOutsideTheTeam_IsRefusedAndNothingIsStored()
    {
        var set = await RunAsync("override @mei now +4h", Stranger);

        Assert.False(set.Succeeded);
        Assert.Equal("Only members of team 'payments' and admins may change its on-call schedule; Li Wei is not one.", set.Text);
        Assert.Empty(await _overrides.OverlappingAsync("payments-primary", Wednesday, Wednesday.AddDays(1), CancellationToken.None));
    }

    [Theory]
    [InlineData("override @nobody now +4h", "'@nobody' is not a person in the catalog")]
    [InlineData("override @mei tomorrow +4h", "'tomorrow' is not a time")]
    [InlineData("override @mei +4h now", "An override must end after it starts.")]
    [InlineData("override @mei", "expected a person and two times")]
    [InlineData("override", "name who covers and when")]
    public async Task Override_Malformed_SaysWhatIsWrong(string text, string expected)
    {
        var reply = await RunAsync(text, Ana);

        Assert.False(reply.Succeeded);
        Assert.Contains(expected, reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverrideCancel_UndoesTheLatest_AndTheScheduleIsBack()
    {
        await RunAsync("override @mei now +1d", Ana);

        var cancelled = await RunAsync("override cancel", Ana);

        Assert.True(cancelled.Succeeded, cancelled.Text);
        Assert.StartsWith("Cancelled override #1: Mei Tan no longer covers Payments primary", cancelled.Text, StringComparison.Ordinal);
        Assert.Contains("• Now: Kwame Mensah since", (await RunAsync("oncall", Ana)).Text, StringComparison.Ordinal);
        Assert.False((await RunAsync("override cancel", Ana)).Succeeded);
    }

    [Fact]
    public async Task Override_TeamsMentionOfTheCover_IsResolvedByDisplayName()
    {
        var set = await RunAsync("override <at>Mei Tan</at> now +2h", Ana);

        Assert.True(set.Succeeded, set.Text);
        Assert.StartsWith("Mei Tan covers", set.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_WithoutConfirm_SaysWhatWouldHappen_AndChangesNothing()
    {
        var reply = await RunAsync("rotate", Ana);

        Assert.True(reply.Succeeded, reply.Text);
        Assert.Equal(
            "Hand over now? Kwame Mensah hands Payments primary over to Mei Tan, backup Ana Kovač, then Kwame Mensah, until the scheduled handoff at Mon 2026-11-23 09:00 Europe/Berlin. To do it: rotate payments confirm",
            reply.Text);
        Assert.Empty(await _overrides.OverlappingAsync("payments-primary", Wednesday, Wednesday.AddDays(7), CancellationToken.None));
    }

    [Fact]
    public async Task RotateConfirm_TheNextShiftTakesOverNow_AndTheScheduleAfterIsUnchanged()
    {
        var reply = await RunAsync("rotate payments confirm", Ana);

        Assert.True(reply.Succeeded, reply.Text);
        Assert.StartsWith("Handed over: Kwame Mensah hands Payments primary over to Mei Tan", reply.Text, StringComparison.Ordinal);
        var now = (await RunAsync("oncall", Ana)).Text;
        Assert.Contains("• Now: Mei Tan (covering by override) since Wed 2026-11-18 13:00 Europe/Berlin, backup Ana Kovač, then Kwame Mensah", now, StringComparison.Ordinal);

        _clock.SetTo(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        Assert.Contains("• Now: Mei Tan since Mon 2026-11-23 09:00 Europe/Berlin, backup Ana Kovač, then Kwame Mensah", (await RunAsync("oncall", Ana)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateConfirm_PostsTheHandoffPrompt_FromTheOutgoingToTheIncoming_ToTheChannelAndBothSides()
    {
        var reply = await RunAsync("rotate payments confirm", Ana);

        Assert.EndsWith("the handoff prompt is posted in the team's channel.", reply.Text, StringComparison.Ordinal);
        var prompt = Assert.Single(_notices.All);
        Assert.Equal(NoticeKind.Handoff, prompt.Kind);
        Assert.StartsWith($"{ChatText.Mention("kwame")} hands Payments primary over to {ChatText.Mention("mei")}", prompt.Message.Summary, StringComparison.Ordinal);
        Assert.Equal("Handed over early by Ana Kovač.", prompt.Message.Footer);
        Assert.Equal(
            ["console:dm:ana", "console:dm:kwame", "console:dm:mei", "console:payments-slo-breaches"],
            _notices.Queued.Where(q => q.Kind == "post").Select(q => q.Key).Order());
    }

    [Fact]
    public async Task Cover_PostsARequestToTheTeam_AndTheFirstMemberToTakeItGetsTheOverride()
    {
        // Kwame is main this week (shift 97).
        var asked = await RunAsync("cover 2026-11-19T18:00 2026-11-20T09:00", Kwame);

        Assert.True(asked.Succeeded, asked.Text);
        Assert.Equal(
            "Asked team Payments to cover your main shift from Thu 2026-11-19 18:00 Europe/Berlin (UTC+01:00) to Fri 2026-11-20 09:00 Europe/Berlin (UTC+01:00) (request #1). The first to press \"I'll cover\" takes it.",
            asked.Text);
        var request = Assert.Single(_notices.All);
        Assert.Equal([MessageAction.TakeCover], request.Message.Actions);
        Assert.Equal(["console:payments-slo-breaches"], _notices.Queued.Where(q => q.Kind == "post").Select(q => q.Key));

        var own = await _covers.RunAsync(request, new CommandContext(Kwame, "payments"), CancellationToken.None);
        var stranger = await _covers.RunAsync(request, new CommandContext(Stranger, "payments"), CancellationToken.None);
        var first = await _covers.RunAsync(request, new CommandContext(Ana, "payments"), CancellationToken.None);
        var second = await _covers.RunAsync(request, new CommandContext(Mei, "payments"), CancellationToken.None);

        Assert.False(own.Succeeded);
        Assert.False(stranger.Succeeded);
        Assert.True(first.Succeeded, first.Text);
        Assert.Equal("Ana Kovač already took this cover request.", second.Text);
        var cover = Assert.Single(await _overrides.OverlappingAsync("payments-primary", Wednesday, Wednesday.AddDays(7), CancellationToken.None));
        Assert.Equal(("ana", OnCallRole.Main), (cover.MemberId, cover.Role));
        Assert.Equal((new DateTimeOffset(2026, 11, 19, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero)), (cover.From, cover.To));
        Assert.Contains("• Now: Kwame Mensah", (await RunAsync("oncall", Ana)).Text, StringComparison.Ordinal);
        _clock.SetTo(new DateTimeOffset(2026, 11, 19, 20, 0, 0, TimeSpan.Zero));
        Assert.Contains("• Now: Ana Kovač (covering by override)", (await RunAsync("oncall", Ana)).Text, StringComparison.Ordinal);
        Assert.Equal(NoticeState.Taken, _notices.All.Single().State);
    }

    [Theory]
    [InlineData("cover 2026-11-20T09:00 2026-11-19T18:00", "Cover must end after it starts.")]
    [InlineData("cover 2026-11-10T09:00 2026-11-11T09:00", "already over")]
    [InlineData("cover soon later", "'soon' is not a time")]
    public async Task Cover_Refusals_SayWhy(string text, string why)
    {
        var reply = await RunAsync(text, Kwame);

        Assert.False(reply.Succeeded);
        Assert.Contains(why, reply.Text, StringComparison.Ordinal);
        Assert.Empty(_notices.All);
    }

    [Fact]
    public async Task Cover_AskedTwiceForTheSameStretch_PostsOnce()
    {
        await RunAsync("cover 2026-11-19T18:00 2026-11-20T09:00", Kwame);

        var again = await RunAsync("cover 2026-11-19T18:00 2026-11-20T09:00", Kwame);

        Assert.False(again.Succeeded);
        Assert.StartsWith("You already asked for cover", again.Text, StringComparison.Ordinal);
        Assert.Single(_notices.All);
    }

    [Fact]
    public async Task RotateConfirm_Twice_TheSecondIsRefused()
    {
        await RunAsync("rotate confirm", Ana);

        var again = await RunAsync("rotate confirm", Ana);

        Assert.False(again.Succeeded);
        Assert.StartsWith("Payments primary was already handed over early: Mei Tan is main until the scheduled handoff at Mon 2026-11-23 09:00", again.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RotateConfirm_BySomeoneOutsideTheTeam_IsRefused()
    {
        var reply = await RunAsync("rotate payments confirm", Stranger, channelTeam: null);

        Assert.False(reply.Succeeded);
        Assert.Contains("Only members of team 'payments' and admins may change its on-call schedule", reply.Text, StringComparison.Ordinal);
        Assert.Empty(await _overrides.OverlappingAsync("payments-primary", Wednesday, Wednesday.AddDays(7), CancellationToken.None));
    }
}
