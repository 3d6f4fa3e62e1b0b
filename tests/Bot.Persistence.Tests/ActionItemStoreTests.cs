using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Postmortems;
using Bot.Core.Scheduling;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests;

/// <summary>
/// Action items on the real stores: the row, its timeline event and thread reply in one transaction, the moves with
/// their stamps, and the review reminder's timers on a fixed clock. The postmortem rows are inserted with plain SQL.
/// </summary>
public abstract class ActionItemStoreTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private const string AnaDirect = "console:dm:ana";
    private const string BoDirect = "console:dm:bo";
    private static readonly DateOnly ReviewOn = new(2026, 5, 11);

    /// <summary>09:00 in Berlin (Ana's zone) on the review date.</summary>
    private static readonly DateTimeOffset AnasMorning = new(2026, 5, 11, 7, 0, 0, TimeSpan.Zero);

    protected FixedTimeProvider Clock { get; } = new(T0);

    private SqlActionItemStore Store => new(Database, Clock);

    private SqlIncidentStore Incidents => new(Database, Clock);

    private Timers PendingTimers { get; } = new();

    private ActionItems Actions => new(LoadedCatalog(Clock), Store, Destinations(), PendingTimers, new Signal(), Clock);

    [DatabaseFact]
    public async Task Add_StoresTheItem_WithItsEventAndThreadReply_AndSetsTheReviewTimer()
    {
        var (incidentId, postmortemId) = await PostmortemAsync();
        Clock.Now = T0.AddHours(1);

        var result = await Actions.AddAsync(new NewActionItem(postmortemId, "Alert on queue depth", "bo", ReviewOn, 2), Ana, CancellationToken.None);

        var item = Assert.IsType<ActionItem>(result.Item);
        var text = $"{item.Reference} added to PM-{postmortemId}: Alert on queue depth (P2, driver Bo Berg, review 2026-05-11)";
        Assert.Equal((ActionItemStatus.Done, $"{text}. Move it on with 'action {item.Reference} state ready'."), (result.Status, result.Message));
        var expected = new ActionItem(item.Id, postmortemId, incidentId, Payments, 2, "Alert on queue depth", "bo", ReviewOn, ActionItemState.New, T0.AddHours(1), Ana, 1);
        Assert.Equal(expected, await Store.FindAsync(item.Id, CancellationToken.None));
        Assert.Equal(expected, Assert.Single(await Store.ListAsync(new ActionItemQuery(TeamId: Payments), CancellationToken.None)));
        var timeline = (await Incidents.FindAsync(incidentId, CancellationToken.None))!.Timeline;
        Assert.Equal(new IncidentEvent(IncidentEventKind.ActionItemAdded, T0.AddHours(1), Ana, $"{text} by Ana Souza"), timeline[^1]);
        var reply = $"{item.Reference} added to PM-{postmortemId}: Alert on queue depth (P2, driver <@member:bo>, review 2026-05-11) (Ana Souza)";
        Assert.Equal([(PaymentsChannel, reply), (PaymentsOnCallChannel, reply)], await RepliesAsync());
        // Bo is in Europe/Oslo: 09:00 CEST, the same instant as 09:00 in Berlin.
        Assert.Equal(AnasMorning, PendingTimers.Due[ActionItemReviews.TimerFor(item.Id, ReviewOn)]);
    }

    [DatabaseFact]
    public async Task Add_UnknownPostmortemOrByAnOutsider_IsRefusedAndWritesNothing()
    {
        var (_, postmortemId) = await PostmortemAsync();
        var counts = await IncidentTables.CountsAsync(Database);

        var missing = await Actions.AddAsync(new NewActionItem(postmortemId + 1, "Alert", "bo", ReviewOn, null), Ana, CancellationToken.None);
        var outsider = await Actions.AddAsync(new NewActionItem(postmortemId, "Alert", "bo", ReviewOn, null), Li, CancellationToken.None);
        var nobody = await Actions.AddAsync(new NewActionItem(postmortemId, "Alert", "zed", ReviewOn, null), Ana, CancellationToken.None);

        Assert.Equal((ActionItemStatus.NotFound, $"There is no postmortem PM-{postmortemId + 1}."), (missing.Status, missing.Message));
        Assert.Equal((ActionItemStatus.NotAllowed, $"Only members of team 'payments', admins and the driver may add action items to PM-{postmortemId}; Li Wei is not one."),
            (outsider.Status, outsider.Message));
        Assert.Equal((ActionItemStatus.Invalid, "'zed' is not a person in the catalog; the driver must be one."), (nobody.Status, nobody.Message));
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
        Assert.Empty(await Store.ListAsync(new ActionItemQuery(), CancellationToken.None));
        Assert.Empty(PendingTimers.Due);
    }

    [DatabaseFact]
    public async Task Move_AcrossDaysToDone_StoresTheStamps_PutsEachMoveOnTheTimeline_AndDropsTheTimer()
    {
        var (incidentId, postmortemId) = await PostmortemAsync();
        var id = (await Actions.AddAsync(new NewActionItem(postmortemId, "Alert on queue depth", "ana", ReviewOn, 1), Ana, CancellationToken.None)).Item!.Id;

        Clock.Now = T0.AddDays(1);
        await Actions.MoveAsync(id, ActionItemState.InWork, Bo, CancellationToken.None);
        Clock.Now = T0.AddDays(3);
        var back = await Actions.MoveAsync(id, ActionItemState.New, Bo, CancellationToken.None);
        Clock.Now = T0.AddDays(4);
        var done = await Actions.MoveAsync(id, ActionItemState.Done, Bo, CancellationToken.None);

        Assert.Equal((ActionItemStatus.NotAllowed, $"AI-{id} is In work: it moves forward any number of steps but back only one, so to ready, implemented, done; not back to new."),
            (back.Status, back.Message));
        Assert.Equal($"AI-{id} In work → Done (lead time 4 d, cycle time 3 d): Alert on queue depth.", done.Message);
        var stored = (await Store.FindAsync(id, CancellationToken.None))!;
        Assert.Equal((ActionItemState.Done, null, T0.AddDays(1), null, T0.AddDays(4), 3),
            (stored.State, stored.ReadyAt, stored.StartedAt, stored.ImplementedAt, stored.DoneAt, stored.Version));
        Assert.Equal((TimeSpan.FromDays(4), TimeSpan.FromDays(3)), (stored.LeadTime, stored.CycleTime));
        var changes = (await Incidents.FindAsync(incidentId, CancellationToken.None))!.Timeline.Where(e => e.Kind == IncidentEventKind.ActionItemChanged).ToList();
        Assert.Equal(
            [$"AI-{id} New → In work: Alert on queue depth (by Bo Berg)", $"AI-{id} In work → Done (lead time 4 d, cycle time 3 d): Alert on queue depth (by Bo Berg)"],
            changes.Select(e => e.Text));
        Assert.All(changes, e => Assert.Equal(ActionSource.MsTeams, e.By!.Source));
        Assert.Empty(PendingTimers.Due);
    }

    [DatabaseFact]
    public async Task Save_AtAStaleVersion_Throws()
    {
        var (_, postmortemId) = await PostmortemAsync();
        var item = (await Actions.AddAsync(new NewActionItem(postmortemId, "Alert", "ana", ReviewOn, null), Ana, CancellationToken.None)).Item!;

        var stale = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteAsync(
            async session =>
            {
                await session.SaveAsync(item with { Title = "Changed", Version = 3 }, CancellationToken.None);
                return 0;
            },
            CancellationToken.None));

        Assert.Equal($"Action item AI-{item.Id} is stored at version 1; a saved change must be version 2, not 3.", stale.Message);
    }

    [DatabaseFact]
    public async Task Remind_OnTheReviewMorning_DirectMessagesTheDriverOnce_WithAnEventOnTheTimeline()
    {
        var (incidentId, postmortemId) = await PostmortemAsync();
        var id = (await Actions.AddAsync(new NewActionItem(postmortemId, "Alert on queue depth", "ana", ReviewOn, null), Bo, CancellationToken.None)).Item!.Id;
        await Actions.MoveAsync(id, ActionItemState.InWork, Ana, CancellationToken.None);
        Clock.Now = AnasMorning;

        var first = await Actions.RemindAsync(id, ReviewOn, CancellationToken.None);
        var again = await Actions.RemindAsync(id, ReviewOn, CancellationToken.None);

        Assert.Equal($"AI-{id} review 2026-05-11: reminded ana by direct message", first);
        Assert.Equal($"AI-{id} review 2026-05-11: its driver was already reminded", again);
        var outbox = await IncidentTables.OutboxAsync(Database);
        Assert.Equal(
            [("post", null), ("reply", $"Review due today for AI-{id} (PM-{postmortemId}, #{incidentId}): Alert on queue depth — state In work. action AI-{id} state implemented|done")],
            outbox.Where(r => r.DestinationKey == AnaDirect).Select(r => (r.Kind, r.Text)));
        var reminded = (await Incidents.FindAsync(incidentId, CancellationToken.None))!.Timeline.Single(e => e.Kind == IncidentEventKind.Reminded);
        Assert.Equal((AnasMorning, ActionSource.Scheduler, $"Review of AI-{id} due 2026-05-11: reminded its driver Ana Souza by direct message"),
            (reminded.At, reminded.By!.Source, reminded.Text));
        Assert.Equal(ReviewOn, (await Store.FindAsync(id, CancellationToken.None))!.RemindedOn);
    }

    [DatabaseFact]
    public async Task Remind_DoneItem_SendsNothing()
    {
        var (_, postmortemId) = await PostmortemAsync();
        var id = (await Actions.AddAsync(new NewActionItem(postmortemId, "Alert", "ana", ReviewOn, null), Ana, CancellationToken.None)).Item!.Id;
        await Actions.MoveAsync(id, ActionItemState.Done, Ana, CancellationToken.None);
        Clock.Now = AnasMorning;
        var counts = await IncidentTables.CountsAsync(Database);

        var outcome = await Actions.RemindAsync(id, ReviewOn, CancellationToken.None);

        Assert.Equal($"AI-{id} review 2026-05-11: it is done", outcome);
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
    }

    [DatabaseFact]
    public async Task Remind_AfterTheDateMoved_TheOldTimerDoesNothing_AndTheNewOneRemindsTheNewDriver()
    {
        var (_, postmortemId) = await PostmortemAsync();
        var id = (await Actions.AddAsync(new NewActionItem(postmortemId, "Alert", "ana", ReviewOn, null), Ana, CancellationToken.None)).Item!.Id;
        var later = ReviewOn.AddDays(3);

        var moved = await Actions.ChangeReviewAsync(id, later, Ana, CancellationToken.None);
        var handed = await Actions.ChangeDriverAsync(id, "bo", Ana, CancellationToken.None);
        Clock.Now = AnasMorning;
        var old = await Actions.RemindAsync(id, ReviewOn, CancellationToken.None);
        Clock.Now = AnasMorning.AddDays(3);
        var current = await Actions.RemindAsync(id, later, CancellationToken.None);

        Assert.Equal($"AI-{id} review date 2026-05-11 → 2026-05-14: Alert.", moved.Message);
        Assert.Equal($"AI-{id} driver Ana Souza → Bo Berg: Alert.", handed.Message);
        Assert.Equal(ActionItemReviews.TimerFor(id, later), Assert.Single(PendingTimers.Due).Key);
        Assert.Equal($"AI-{id} review 2026-05-11: its review date moved to 2026-05-14", old);
        Assert.Equal($"AI-{id} review 2026-05-14: reminded bo by direct message", current);
        var outbox = await IncidentTables.OutboxAsync(Database);
        Assert.DoesNotContain(outbox, r => r.DestinationKey == AnaDirect);
        Assert.Equal(2, outbox.Count(r => r.DestinationKey == BoDirect));
    }

    [DatabaseFact]
    public async Task TimerSource_SchedulesOpenItemsNotYetReminded_AndDropsStaleTimers()
    {
        var (_, postmortemId) = await PostmortemAsync();
        var open = (await Actions.AddAsync(new NewActionItem(postmortemId, "Open", "ana", ReviewOn, null), Ana, CancellationToken.None)).Item!.Id;
        var done = (await Actions.AddAsync(new NewActionItem(postmortemId, "Done", "ana", ReviewOn, null), Ana, CancellationToken.None)).Item!.Id;
        await Actions.MoveAsync(done, ActionItemState.Done, Ana, CancellationToken.None);
        var stale = ActionItemReviews.TimerFor(done, ReviewOn);
        var timers = new Timers();
        await timers.ScheduleAsync(stale, AnasMorning, CancellationToken.None);

        await new ActionItemReviewTimerSource(LoadedCatalog(Clock), Store, Clock).SyncAsync(timers, CancellationToken.None);

        Assert.Equal([(ActionItemReviews.TimerFor(open, ReviewOn), AnasMorning)], timers.Due.Select(p => (p.Key, p.Value)));
    }

    /// <summary>An incident of team payments (posted to its two channels) and its postmortem, inserted as a row.</summary>
    private async Task<(long IncidentId, long PostmortemId)> PostmortemAsync()
    {
        await Ingest(Incidents, Clock).ExecuteAsync(Batch(Firing("a", Clock.Now)), CancellationToken.None);
        var incidentId = (await Incidents.ListAsync(new IncidentQuery(), CancellationToken.None))[0].Id;
        var postmortemId = await Database.WriteAsync(
            session => session.QuerySingleAsync<long>(
                """
                INSERT INTO postmortems (incident_id, team_id, state, template, title, sections, created_at, created_by_id, created_by_name,
                    created_by_source, updated_at, version)
                VALUES (@incidentId, @Payments, 'draft', 'book', 'Checkout availability', '[]', @at, 'ana', 'Ana Souza', 'slack', @at, 1)
                RETURNING id
                """,
                new { incidentId, Payments, at = Clock.Now }),
            CancellationToken.None);
        return (incidentId, postmortemId);
    }

    private async Task<List<(string, string?)>> RepliesAsync() =>
        [.. (await IncidentTables.OutboxAsync(Database)).Where(r => r.Kind == "reply").Select(r => (r.DestinationKey, r.Text))];

    private sealed class Signal : IDeliverySignal
    {
        public void Notify()
        {
        }
    }

    /// <summary>Timers kept in a dictionary: what is pending and when; nothing fires.</summary>
    private sealed class Timers : ITimers
    {
        public Dictionary<TimerKey, DateTimeOffset> Due { get; } = [];

        public Task ScheduleAsync(TimerKey key, DateTimeOffset at, CancellationToken cancellationToken)
        {
            Due[key] = at;
            return Task.CompletedTask;
        }

        public Task<bool> CancelAsync(TimerKey key, CancellationToken cancellationToken) => Task.FromResult(Due.Remove(key));

        public Task<IReadOnlyList<PendingTimer>> ListAsync(string kind, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<PendingTimer>>([.. Due.Where(p => p.Key.Kind == kind).Select(p => new PendingTimer(p.Key, p.Value))]);
    }
}

public sealed class SqliteActionItemStoreTests() : ActionItemStoreTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresActionItemStoreTests(PostgresServer server) : ActionItemStoreTests(server);
