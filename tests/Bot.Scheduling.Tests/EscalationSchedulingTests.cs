using Bot.Core.Incidents;
using Bot.Core.OnCall;
using Bot.Scheduling.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Scheduling.Tests.EscalationSetup;

namespace Bot.Scheduling.Tests;

/// <summary>
/// Escalation chains on the real scheduler and job store, on SQLite and on PostgreSQL, with the fake clock: each step
/// fires at its time, pages its target once, and the chain stops at the first acknowledgement or after its last step.
/// The test waits for each step's next timer before it moves the clock, as time would pass between two pages.
/// </summary>
public abstract class EscalationSchedulingTests(ITestDatabases databases) : IAsyncLifetime
{
    private static readonly TimeSpan AckTimeout = TimeSpan.FromMinutes(15);

    private readonly EscalationOutcomes _outcomes = new();
    private TestDatabase? _database;

    private FakeClock Clock { get; } = new(T0);

    private TestDatabase Database => _database ?? throw new InvalidOperationException("Created in InitializeAsync.");

    public async Task InitializeAsync() => _database = await databases.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Unacknowledged_EscalatesMainBackupMainBackupOnScheduleThenStops()
    {
        await using var bot = await StartAsync("bot");
        var id = await StartChainAsync(bot);

        for (var step = 0; step < 4; step++)
        {
            if (step > 0)
            {
                Clock.Advance(AckTimeout);
            }
            await bot.WaitAsync(async () => (await EscalatedAsync(bot, id)).Count == step + 1, $"step {step} ran");
            if (step < 3)
            {
                await bot.WaitAsync(() => PendingAsync(bot, id, step + 1), $"step {step + 1} is set");
            }
        }
        await bot.SettledAsync();
        Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(
            [(T0, "Escalation step 1 of 4 (main): paged Ana Souza"), (T0 + AckTimeout, "Escalation step 2 of 4 (backup): paged Bo Berg"),
             (T0 + (2 * AckTimeout), "Escalation step 3 of 4 (main): paged Ana Souza"), (T0 + (3 * AckTimeout), "Escalation step 4 of 4 (backup): paged Bo Berg")],
            await EscalatedAsync(bot, id));
        Assert.Equal(
            [("console:dm:ana", "post"), ("console:dm:bo", "post"), ("console:dm:ana", "reply"), ("console:dm:bo", "reply")],
            (await OutboxAsync(bot, id)).Where(r => r.Destination.StartsWith("console:dm:", StringComparison.Ordinal)).Select(r => (r.Destination, r.Kind)));
        Assert.Equal(4, (await OutboxAsync(bot, id)).Count(r => r is { Destination: TeamChannel, Kind: "reply" }));
        Assert.Empty(await bot.Timers.ListAsync(EscalationChain.TimerKind, CancellationToken.None));
    }

    [Fact]
    public async Task AcknowledgedAfterTheBackupWasPaged_NoFurtherStep()
    {
        await using var bot = await StartAsync("bot");
        var id = await StartChainAsync(bot);
        await bot.WaitAsync(() => PendingAsync(bot, id, 1), "step 1 is set");
        Clock.Advance(AckTimeout);
        await bot.WaitAsync(() => PendingAsync(bot, id, 2), "step 2 is set");
        var queued = await OutboxAsync(bot, id);

        Clock.Advance(TimeSpan.FromMinutes(3));
        var ack = await bot.Services.GetRequiredService<IncidentActions>()
            .AcknowledgeAsync(new IncidentActionRequest(id, new Actor("bo", "Bo Berg", ActionSource.Console), null), CancellationToken.None);
        Clock.Advance(AckTimeout - TimeSpan.FromMinutes(3));
        await bot.WaitAsync(() => _outcomes.All.Any(o => o.IncidentId == id && o.Step == 2), "step 2 fired");
        await bot.SettledAsync();

        Assert.Equal(IncidentActionStatus.Done, ack.Status);
        Assert.Equal(2, (await EscalatedAsync(bot, id)).Count);
        Assert.Equal("the incident is acknowledged, which stops escalation", _outcomes.All.Single(o => o.IncidentId == id && o.Step == 2).Detail);
        // Only the acknowledgement's note, in the thread of every copy (the team channel and both direct messages).
        Assert.Equal(
            [(TeamChannel, "reply", "Acknowledged by Bo Berg"), ("console:dm:ana", "reply", "Acknowledged by Bo Berg"), ("console:dm:bo", "reply", "Acknowledged by Bo Berg")],
            (await OutboxAsync(bot, id)).Skip(queued.Count));
    }

    [Fact]
    public async Task IncidentOpenedWhileTheChainCouldNotStart_TheNextStartUpStartsIt()
    {
        long id;
        await using (var before = await StartAsync("before"))
        {
            // Committed, but the bot stopped before the step-0 timer was set.
            id = (await OpenAsync(before)).Id;
        }

        Clock.Advance(TimeSpan.FromMinutes(5));
        await using var after = await StartAsync("after");

        await after.WaitAsync(async () => (await EscalatedAsync(after, id)).Count == 1, "step 0 ran after the restart");
        await after.WaitAsync(() => PendingAsync(after, id, 1), "step 1 is set");
        Assert.Equal(T0.AddMinutes(5), Assert.Single(await EscalatedAsync(after, id)).At);
        Assert.Contains(_outcomes.All, o => (o.IncidentId, o.Step, o.Result) == (id, 0, EscalationResult.Scheduled) && o.Detail.StartsWith("recovered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CatalogReload_TeamGainsARotationAndPolicy_TheResyncStartsItsOpenIncidents()
    {
        var catalog = new EscalationCatalog(policy: null);
        await using var bot = await SchedulerHost.StartAsync("bot", Database, Clock, configure: Services(null, _outcomes, catalog));
        var opened = await OpenAsync(bot);
        await bot.Services.GetRequiredService<Escalations>().StartAsync([opened], CancellationToken.None);
        Assert.Empty(await bot.Timers.ListAsync(EscalationChain.TimerKind, CancellationToken.None));

        catalog.Policy = MainBackupRepeatOnce(AckTimeout);
        bot.Services.GetRequiredService<Bot.Core.Catalog.CatalogHolder>().Reload();
        Assert.True(await bot.Services.GetRequiredService<TimerSync>().SyncAsync(CancellationToken.None));

        await bot.WaitAsync(async () => (await EscalatedAsync(bot, opened.Id)).Count == 1, "step 0 ran");
        Assert.Equal("Escalation step 1 of 4 (main): paged Ana Souza", Assert.Single(await EscalatedAsync(bot, opened.Id)).Text);
    }

    private Task<SchedulerHost> StartAsync(string name) =>
        SchedulerHost.StartAsync(name, Database, Clock, configure: Services(MainBackupRepeatOnce(AckTimeout), _outcomes));

    private static async Task<long> StartChainAsync(SchedulerHost bot)
    {
        var opened = await OpenAsync(bot);
        await bot.Services.GetRequiredService<Escalations>().StartAsync([opened], CancellationToken.None);
        return opened.Id;
    }
}

public sealed class SqliteEscalationSchedulingTests() : EscalationSchedulingTests(new SqliteDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresEscalationSchedulingTests(PostgresServer server) : EscalationSchedulingTests(server);
