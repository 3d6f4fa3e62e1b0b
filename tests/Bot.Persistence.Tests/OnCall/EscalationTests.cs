using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.OnCall;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests.OnCall;

/// <summary>
/// Escalation end to end on the real stores: what each step pages, what it queues and records, and that a step runs
/// once however often its timer fires. Timers are kept in memory (<see cref="MemoryTimers"/>); the scheduler's own
/// part is Bot.Scheduling.Tests' EscalationSchedulingTests.
/// </summary>
public abstract class EscalationTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private const string AnaDm = "console:dm:ana";
    private const string BoDm = "console:dm:bo";

    private EscalationWorld? _world;

    private EscalationWorld World => _world ??= new EscalationWorld(Database);

    private EscalationWorld WorldWith(EscalationPolicy policy, CoverageWindow? coverage = null) => _world = new EscalationWorld(Database, policy, coverage);

    [DatabaseFact]
    public async Task Start_NewIncident_SetsItsFirstStepDueNow()
    {
        var opened = await World.OpenAsync();

        await World.Escalations.StartAsync([opened], CancellationToken.None);

        Assert.Equal(Payments, opened.TeamId);
        Assert.Equal([new(EscalationChain.TimerFor(opened.Id, 0), T0)], World.Timers.Pending);
    }

    [DatabaseFact]
    public async Task Start_UnroutedIncident_DoesNotEscalate()
    {
        var ingest = new IngestAlerts(World.CatalogHolder, World.Store, World.Destinations, new IncidentOptions(), World.Clock);
        var result = await ingest.ExecuteAsync(Batch(Unrouted("disk-1", T0)), CancellationToken.None);

        await World.Escalations.StartAsync(result.OpenedIncidents, CancellationToken.None);

        var opened = Assert.Single(result.OpenedIncidents);
        Assert.Null(opened.TeamId);
        Assert.Empty(World.Timers.Pending);
        var skipped = Assert.Single(World.Log.Outcomes);
        Assert.Equal((opened.Id, EscalationResult.Skipped), (skipped.IncidentId, skipped.Result));
        Assert.Contains("unrouted", skipped.Detail, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task FirstStep_PagesTheMainByDirectMessageAndAThreadMention_RecordsItAndSetsTheNext()
    {
        var id = await World.OpenAndStartAsync();

        Assert.True(await World.FireNextAsync());

        Assert.Equal(
            [(AnaDm, "post", null), (PaymentsChannel, "reply", "Paging <@member:ana> (main, step 1 of 4)"), (PaymentsOnCallChannel, "reply", "Paging <@member:ana> (main, step 1 of 4)")],
            await World.QueuedAsync());
        var escalated = Assert.Single(await World.EscalatedAsync(id));
        Assert.Equal((T0, "Escalation step 1 of 4 (main): paged Ana Souza"), (escalated.At, escalated.Text));
        Assert.Equal(new Actor($"escalation/incident-{id}-step-0", "Escalation policy Payments", ActionSource.Scheduler), escalated.By);
        Assert.Equal([new(EscalationChain.TimerFor(id, 1), T0.AddMinutes(15))], World.Timers.Pending);
        var paged = World.Log.Outcomes[^1];
        Assert.Equal(EscalationResult.Paged, paged.Result);
        Assert.Equal(["ana"], paged.Paged);
        Assert.Equal([AnaDm, PaymentsChannel, PaymentsOnCallChannel], paged.Destinations);
    }

    [DatabaseFact]
    public async Task Step_FiredAgain_AddsNothingButMakesSureTheNextTimerExists()
    {
        var id = await World.OpenAndStartAsync();
        await World.FireNextAsync();
        var counts = await IncidentTables.CountsAsync(Database);
        // As if the first run had crashed after its commit, before it set the next timer.
        await World.Timers.CancelAsync(EscalationChain.TimerFor(id, 1), CancellationToken.None);
        World.Clock.Now = T0.AddMinutes(3);

        var again = await World.Escalations.RunStepAsync(id, 0, CancellationToken.None);

        Assert.Equal(EscalationResult.Skipped, again.Result);
        Assert.Contains("already ran", again.Detail, StringComparison.Ordinal);
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
        Assert.Single(await World.EscalatedAsync(id));
        Assert.Equal([new(EscalationChain.TimerFor(id, 1), T0.AddMinutes(15))], World.Timers.Pending);
    }

    [DatabaseFact]
    public async Task Step_TwoReplicasAtOnce_RunsOnce()
    {
        var id = await World.OpenAndStartAsync();
        var replicas = new[] { World.Escalations, World.NewEscalations(new SqlIncidentStore(Database, World.Clock)) };

        await Task.WhenAll(replicas.Select(r => Task.Run(() => r.RunStepAsync(id, 0, CancellationToken.None))));

        Assert.Single(await World.EscalatedAsync(id));
        Assert.Single(await World.QueuedAsync(), r => r.Destination == AnaDm);
        Assert.Equal(2, (await World.QueuedAsync()).Count(r => r.Kind == "reply"));
        Assert.Single(World.Log.Outcomes, o => o.Result == EscalationResult.Paged);
    }

    [DatabaseFact]
    public async Task Acknowledged_LaterStepsPageNobodyAndTheChainEnds()
    {
        var id = await World.OpenAndStartAsync();
        await World.FireNextAsync();
        World.Clock.Now = T0.AddMinutes(5);
        await World.Actions.AcknowledgeAsync(new IncidentActionRequest(id, Bo, null), CancellationToken.None);
        var queued = await World.QueuedAsync();

        Assert.True(await World.FireNextAsync());

        Assert.Equal(queued, await World.QueuedAsync());
        Assert.Single(await World.EscalatedAsync(id));
        Assert.Empty(World.Timers.Pending);
        var skipped = World.Log.Outcomes[^1];
        Assert.Equal((1, EscalationResult.Skipped, "the incident is acknowledged, which stops escalation"), (skipped.Step, skipped.Result, skipped.Detail));
    }

    [DatabaseFact]
    public async Task Stop_RemovesOnlyThatIncidentsPendingStep()
    {
        var first = await World.OpenAndStartAsync();
        var second = await World.OpenAndStartAsync(region: "us-east-1");

        await World.Escalations.StopAsync(first, CancellationToken.None);

        Assert.Equal([EscalationChain.TimerFor(second, 0)], World.Timers.Pending.Select(p => p.Key));
    }

    [DatabaseFact]
    public async Task Rounds_MainBackupRepeatOnce_PageMainBackupMainBackupOnScheduleThenStop()
    {
        var id = await World.OpenAndStartAsync();

        var fired = 0;
        while (await World.FireNextAsync())
        {
            fired++;
        }

        Assert.Equal(4, fired);
        Assert.Equal(
            [(T0, "Escalation step 1 of 4 (main): paged Ana Souza"), (T0.AddMinutes(15), "Escalation step 2 of 4 (backup): paged Bo Berg"),
             (T0.AddMinutes(30), "Escalation step 3 of 4 (main): paged Ana Souza"), (T0.AddMinutes(45), "Escalation step 4 of 4 (backup): paged Bo Berg")],
            (await World.EscalatedAsync(id)).Select(e => (e.At, e.Text)));
        var direct = (await World.QueuedAsync()).Where(r => r.Destination is AnaDm or BoDm).ToList();
        Assert.Equal(
            [(AnaDm, "post", null), (BoDm, "post", null),
             (AnaDm, "reply", "<@member:ana> still not acknowledged after 30 min: paging you again (main, step 3 of 4)"),
             (BoDm, "reply", "<@member:bo> still not acknowledged after 45 min: paging you again (backup, step 4 of 4)")],
            direct);
        Assert.Contains((PaymentsChannel, "reply", "Not acknowledged after 15 min: paging <@member:bo> (backup, step 2 of 4)"), await World.QueuedAsync());
        Assert.Empty(World.Timers.Pending);
        Assert.Equal(EscalationResult.Skipped, (await World.Escalations.RunStepAsync(id, 4, CancellationToken.None)).Result);
    }

    [DatabaseFact]
    public async Task TeamStep_PagesEveryMemberWithOneMention()
    {
        WorldWith(EscalationWorld.Policy(0, new EscalationStep(EscalationTarget.Team, Payments, TimeSpan.FromMinutes(30))));
        await World.OpenAndStartAsync();

        await World.FireNextAsync();

        Assert.Equal(
            [(AnaDm, "post", null), (BoDm, "post", null), ("console:dm:cy", "post", null),
             (PaymentsChannel, "reply", "Paging the whole team: <@member:ana>, <@member:bo>, <@member:cy> (team, step 1 of 1)"),
             (PaymentsOnCallChannel, "reply", "Paging the whole team: <@member:ana>, <@member:bo>, <@member:cy> (team, step 1 of 1)")],
            await World.QueuedAsync());
        Assert.Empty(World.Timers.Pending);
    }

    [DatabaseFact]
    public async Task MemberStep_PagesThatPersonEvenFromAnotherTeam()
    {
        WorldWith(EscalationWorld.Policy(0,
            new EscalationStep(EscalationTarget.RotationMain, EscalationWorld.Rotation, TimeSpan.FromMinutes(10)),
            new EscalationStep(EscalationTarget.Member, "li", TimeSpan.FromHours(1))));
        var id = await World.OpenAndStartAsync();

        await World.FireNextAsync();
        await World.FireNextAsync();

        Assert.Equal(T0.AddMinutes(10), World.Clock.Now);
        Assert.Equal("Escalation step 2 of 2 (member): paged Li Wei", (await World.EscalatedAsync(id))[^1].Text);
        Assert.Equal(
            [("console:dm:li", "post", null),
             (PaymentsChannel, "reply", "Not acknowledged after 10 min: paging <@member:li> (step 2 of 2)"),
             (PaymentsOnCallChannel, "reply", "Not acknowledged after 10 min: paging <@member:li> (step 2 of 2)")],
            (await World.QueuedAsync()).Skip(3));
    }

    [DatabaseFact]
    public async Task DestinationStep_PostsTheIncidentThereAndSaysSoInTheThread()
    {
        WorldWith(EscalationWorld.Policy(1, new EscalationStep(EscalationTarget.Destination, "console:payments-managers", TimeSpan.FromHours(1))));
        var id = await World.OpenAndStartAsync();

        await World.FireNextAsync();
        await World.FireNextAsync();

        Assert.Equal(
            [("console:payments-managers", "post", null),
             (PaymentsChannel, "reply", "Escalated to console:payments-managers (step 1 of 2)"),
             (PaymentsOnCallChannel, "reply", "Escalated to console:payments-managers (step 1 of 2)"),
             ("console:payments-managers", "reply", "Still not acknowledged after 1 h: escalated here again (step 2 of 2)"),
             (PaymentsChannel, "reply", "Not acknowledged after 1 h: escalated to console:payments-managers (step 2 of 2)"),
             (PaymentsOnCallChannel, "reply", "Not acknowledged after 1 h: escalated to console:payments-managers (step 2 of 2)")],
            await World.QueuedAsync());
        Assert.Equal("Escalation step 1 of 2 (destination): posted to console:payments-managers", (await World.EscalatedAsync(id))[0].Text);
    }

    [DatabaseFact]
    public async Task BackupStep_WithAnOverride_PagesWhoeverCoversTheRole()
    {
        WorldWith(EscalationWorld.Policy(0, new EscalationStep(EscalationTarget.RotationBackup, EscalationWorld.Rotation, TimeSpan.FromMinutes(15))));
        await World.Overrides.AddAsync(
            new RotationOverride(0, EscalationWorld.Rotation, "cy", OnCallRole.Backup, T0.AddMinutes(-5), T0.AddHours(2), "ana", T0.AddMinutes(-5)), CancellationToken.None);
        var id = await World.OpenAndStartAsync();

        await World.FireNextAsync();

        Assert.Equal("Escalation step 1 of 1 (backup): paged Cy Castro", Assert.Single(await World.EscalatedAsync(id)).Text);
        Assert.Equal(("console:dm:cy", "post", (string?)null), (await World.QueuedAsync())[0]);
    }

    [DatabaseFact]
    public async Task RotationStep_OutsideCoverage_PagesNobodyRecordsWhyAndTheChainGoesOn()
    {
        // Weekends only; T0 is a Monday.
        WorldWith(EscalationWorld.MainBackupRepeatOnce, new CoverageWindow([DayOfWeek.Saturday, DayOfWeek.Sunday], new TimeOnly(0, 0), new TimeOnly(23, 59)));
        var id = await World.OpenAndStartAsync();

        await World.FireNextAsync();

        Assert.Empty(await World.QueuedAsync());
        var escalated = Assert.Single(await World.EscalatedAsync(id));
        Assert.StartsWith("Escalation step 1 of 4 (main): nobody paged: Payments primary is off duty (Mon 2026-05-04 10:15 Etc/UTC", escalated.Text, StringComparison.Ordinal);
        Assert.Equal(EscalationResult.PagedNobody, World.Log.Outcomes[^1].Result);
        Assert.Equal([new(EscalationChain.TimerFor(id, 1), T0.AddMinutes(15))], World.Timers.Pending);
    }

    [DatabaseFact]
    public async Task Recovery_OpenChainsWithoutATimerGetTheirNextStep_ClosedIncidentsLoseTheirs()
    {
        var ran = await World.OpenAndStartAsync("r1");
        await World.FireNextAsync();
        await World.Timers.CancelAsync(EscalationChain.TimerFor(ran, 1), CancellationToken.None);
        var neverStarted = (await World.OpenAsync("r2")).Id;
        var waiting = await World.OpenAndStartAsync("r3");
        await World.Timers.ScheduleAsync(EscalationChain.TimerFor(waiting, 0), T0.AddMinutes(7), CancellationToken.None);
        var acknowledged = await World.OpenAndStartAsync("r4");
        await World.Actions.AcknowledgeAsync(new IncidentActionRequest(acknowledged, Ana, null), CancellationToken.None);
        World.Clock.Now = T0.AddMinutes(2);

        await World.Source.SyncAsync(World.Timers, CancellationToken.None);

        Assert.Equal(
            [new(EscalationChain.TimerFor(neverStarted, 0), T0.AddMinutes(2)), new(EscalationChain.TimerFor(waiting, 0), T0.AddMinutes(7)),
             new(EscalationChain.TimerFor(ran, 1), T0.AddMinutes(15))],
            World.Timers.Pending);
        Assert.Contains(World.Log.Outcomes, o => (o.IncidentId, o.Result) == (acknowledged, EscalationResult.Cancelled));
    }

    [DatabaseFact]
    public async Task Ingest_SeveralDeliveriesInOneTransaction_EachNamesTheIncidentsItOpened()
    {
        var ingest = new IngestAlerts(World.CatalogHolder, World.Store, World.Destinations, new IncidentOptions(), World.Clock);

        var results = await ingest.ExecuteManyAsync(
            [Batch(Firing("a", T0, extra: ("region", "r1")), Firing("b", T0, extra: ("region", "r2"))), Batch(Unrouted("disk", T0)), Batch(Firing("c", T0, extra: ("region", "r1")))],
            CancellationToken.None);

        var stored = await World.Store.ListAsync(new IncidentQuery(), CancellationToken.None);
        Assert.Equal(3, stored.Count);
        Assert.Equal(stored.Where(i => i.TeamId == Payments).Select(i => new OpenedIncident(i.Id, Payments)).OrderBy(i => i.Id), results[0].OpenedIncidents.OrderBy(i => i.Id));
        Assert.Equal([new OpenedIncident(stored.Single(i => i.TeamId is null).Id, null)], results[1].OpenedIncidents);
        Assert.Empty(results[2].OpenedIncidents);
    }
}

public sealed class SqliteEscalationTests() : EscalationTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresEscalationTests(PostgresServer server) : EscalationTests(server);
