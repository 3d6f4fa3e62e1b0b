using Bot.Core.Scheduling;
using Bot.Scheduling.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Scheduling.Tests;

/// <summary>
/// Timers on the real job store, written once and run on SQLite and on PostgreSQL. The clock is fake: the scheduler
/// waits on it, so an hour passes at once. "Exactly once" is asserted after the store has settled (nothing pending,
/// nothing running), when no further firing can come. Timers a test lets come due together lie within the misfire
/// threshold (1 minute) of the time it moves the clock to: one later than that is the misfire handler's, which runs
/// once a minute of the fake clock, as it does once a minute of real time.
/// </summary>
public abstract class TimerTests(ITestDatabases databases) : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    private TestDatabase? _database;

    protected FakeClock Clock { get; } = new(T0);

    protected RecordingTimerHandler Recorder { get; } = new();

    protected TestDatabase Database => _database ?? throw new InvalidOperationException("Created in InitializeAsync.");

    protected static TimerKey Key(string id) => new(RecordingTimerHandler.DefaultKind, id);

    public async Task InitializeAsync() => _database = await databases.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Timer_TimeReached_FiresItsHandlerOnce()
    {
        await using var bot = await SchedulerHost.StartAsync("bot", Database, Clock, Recorder);
        await bot.Timers.ScheduleAsync(Key("a"), T0.AddMinutes(10), CancellationToken.None);

        Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal([new PendingTimer(Key("a"), T0.AddMinutes(10))], await bot.Timers.ListAsync(RecordingTimerHandler.DefaultKind, CancellationToken.None));
        Clock.Advance(TimeSpan.FromMinutes(1));

        await bot.WaitAsync(() => Recorder.CountOf("a") == 1, "timer a fired");
        await bot.SettledAsync();
        var firing = Assert.Single(Recorder.Firings);
        Assert.Equal(new TimerFired(Key("a"), T0.AddMinutes(10), T0.AddMinutes(10), Recovering: false), firing.Fired);
        Assert.Empty(await bot.Timers.ListAsync(RecordingTimerHandler.DefaultKind, CancellationToken.None));
    }

    [Fact]
    public async Task Timer_ScheduledAgain_FiresOnlyAtTheNewTime()
    {
        await using var bot = await SchedulerHost.StartAsync("bot", Database, Clock, Recorder);
        await bot.Timers.ScheduleAsync(Key("moved"), T0.AddMinutes(10), CancellationToken.None);
        await bot.Timers.ScheduleAsync(Key("moved"), T0.AddMinutes(30), CancellationToken.None);
        await bot.Timers.ScheduleAsync(Key("marker"), T0.AddMinutes(20), CancellationToken.None);
        Assert.Equal(
            [new PendingTimer(Key("marker"), T0.AddMinutes(20)), new PendingTimer(Key("moved"), T0.AddMinutes(30))],
            await bot.Timers.ListAsync(RecordingTimerHandler.DefaultKind, CancellationToken.None));

        // Past the first time and the marker: had the first time stayed, it would have fired before the marker.
        Clock.Advance(TimeSpan.FromMinutes(20));
        await bot.WaitAsync(() => Recorder.CountOf("marker") == 1, "the marker fired");
        await bot.WaitAsync(async () => await bot.CountAsync("fired_triggers") == 0, "the marker's run ended");
        Assert.Equal(0, Recorder.CountOf("moved"));

        Clock.Advance(TimeSpan.FromMinutes(10));
        await bot.WaitAsync(() => Recorder.CountOf("moved") == 1, "the moved timer fired");
        await bot.SettledAsync();
        Assert.Equal(T0.AddMinutes(30), Assert.Single(Recorder.Firings, f => f.Fired.Key.Id == "moved").Fired.DueAt);
        Assert.Equal(2, Recorder.Firings.Count);
    }

    [Fact]
    public async Task Timer_Cancelled_NeverFires()
    {
        await using var bot = await SchedulerHost.StartAsync("bot", Database, Clock, Recorder);
        await bot.Timers.ScheduleAsync(Key("cancelled"), T0.AddMinutes(10), CancellationToken.None);
        await bot.Timers.ScheduleAsync(Key("marker"), T0.AddMinutes(20), CancellationToken.None);

        Assert.True(await bot.Timers.CancelAsync(Key("cancelled"), CancellationToken.None));
        Assert.False(await bot.Timers.CancelAsync(Key("cancelled"), CancellationToken.None));
        Assert.False(await bot.Timers.CancelAsync(Key("never-scheduled"), CancellationToken.None));

        Clock.Advance(TimeSpan.FromMinutes(20));
        await bot.WaitAsync(() => Recorder.CountOf("marker") == 1, "the marker fired");
        await bot.SettledAsync();
        Assert.Equal(["marker"], Recorder.Firings.Select(f => f.Fired.Key.Id));
    }

    [Fact]
    public async Task Timer_TimePassedWhileTheBotWasStopped_FiresOnceAfterRestart()
    {
        await using (var before = await SchedulerHost.StartAsync("before", Database, Clock, Recorder))
        {
            await before.Timers.ScheduleAsync(Key("handoff"), T0.AddMinutes(10), CancellationToken.None);
            await before.StopAsync();
        }

        // Down across the handoff time, well past the misfire threshold.
        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Empty(Recorder.Firings);

        await using var after = await SchedulerHost.StartAsync("after", Database, Clock, Recorder);
        await after.WaitAsync(() => Recorder.CountOf("handoff") == 1, "the missed timer fired after the restart");
        await after.SettledAsync();

        // The misfire handler and the scheduler get more turns; nothing fires again.
        Clock.Advance(TimeSpan.FromHours(2));
        await after.Timers.ScheduleAsync(Key("marker"), Clock.GetUtcNow().AddMinutes(1), CancellationToken.None);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await after.WaitAsync(() => Recorder.CountOf("marker") == 1, "the marker fired");
        await after.SettledAsync();

        var firing = Assert.Single(Recorder.Firings, f => f.Fired.Key.Id == "handoff");
        Assert.Equal("after", firing.Host);
        Assert.Equal(T0.AddMinutes(10), firing.Fired.DueAt);
        Assert.Equal(T0.AddHours(1), firing.Fired.FiredAt);
    }

    [Fact]
    public async Task Timer_BotDiedInTheMiddleOfARun_RunsAgainAfterRestartAsRecovering()
    {
        var abandoned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Recorder.HoldFirstRun("handoff", abandoned.Task);
        var before = await SchedulerHost.StartAsync("before", Database, Clock, Recorder);
        try
        {
            await before.Timers.ScheduleAsync(Key("handoff"), T0.AddMinutes(1), CancellationToken.None);
            Clock.Advance(TimeSpan.FromMinutes(1));
            await before.WaitAsync(() => Recorder.CountOf("handoff") == 1, "the first run started");
            await before.CrashAsync();

            await using var after = await SchedulerHost.StartAsync("after", Database, Clock, Recorder);
            // PostgreSQL: a replica takes a dead one's work once that one's check-ins are overdue by the check-in
            // interval plus threshold (7.5 s each), as judged between its own regular check-ins; so the clock moves on
            // a few seconds at a time, giving the new replica a moment to check in after each. SQLite recovers at start.
            for (var step = 0; step < 12 && !await Eventually.WithinAsync(() => Task.FromResult(Recorder.CountOf("handoff") == 2), TimeSpan.FromMilliseconds(250)); step++)
            {
                Clock.Advance(TimeSpan.FromSeconds(5));
            }

            await after.WaitAsync(() => Recorder.CountOf("handoff") == 2, "the interrupted run ran again");
            await after.SettledAsync();

            Assert.Equal(2, Recorder.CountOf("handoff"));
            var rerun = Recorder.Firings[1];
            Assert.Equal("after", rerun.Host);
            Assert.Equal(Key("handoff"), rerun.Fired.Key);
            Assert.Equal(T0.AddMinutes(1), rerun.Fired.DueAt);
            Assert.True(rerun.Fired.Recovering);
            Assert.False(Recorder.Firings[0].Fired.Recovering);
        }
        finally
        {
            abandoned.SetResult();
            await before.DisposeAsync();
        }
    }

    [Fact]
    public async Task Timer_TimePassedBeforeItWasScheduled_FiresAtOnce()
    {
        await using var bot = await SchedulerHost.StartAsync("bot", Database, Clock, Recorder);

        await bot.Timers.ScheduleAsync(Key("late"), T0.AddHours(-3), CancellationToken.None);

        await bot.WaitAsync(() => Recorder.CountOf("late") == 1, "the late timer fired");
        await bot.SettledAsync();
        Assert.Equal(T0, Assert.Single(Recorder.Firings).Fired.FiredAt);
    }

    [Fact]
    public async Task Handler_Throws_ErrorIsLoggedAndLaterTimersStillFire()
    {
        Recorder.FailFor("boom");
        await using var bot = await SchedulerHost.StartAsync("bot", Database, Clock, Recorder);
        await bot.Timers.ScheduleAsync(Key("boom"), T0.AddMinutes(1), CancellationToken.None);
        await bot.Timers.ScheduleAsync(Key("after-boom"), T0.AddSeconds(90), CancellationToken.None);

        Clock.Advance(TimeSpan.FromSeconds(90));
        await bot.WaitAsync(() => Recorder.CountOf("after-boom") == 1, "the timer after the failing one fired");
        await bot.SettledAsync();
        await bot.Timers.ScheduleAsync(Key("later"), T0.AddMinutes(2), CancellationToken.None);
        Clock.Advance(TimeSpan.FromSeconds(30));
        await bot.WaitAsync(() => Recorder.CountOf("later") == 1, "a timer scheduled after the failure fired");
        await bot.SettledAsync();

        Assert.Equal(1, Recorder.CountOf("boom"));
        var error = Assert.Single(bot.Logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal("test/boom", error.Values["TimerKey"]?.ToString());
        Assert.Contains("handler failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimerSource_AtStartUp_SchedulesItsTimers()
    {
        var source = new FixedTimerSource([new PendingTimer(Key("from-source"), T0.AddMinutes(5)), new PendingTimer(Key("overdue"), T0.AddMinutes(-5))]);

        await using var bot = await SchedulerHost.StartAsync("bot", Database, Clock, Recorder, services => services.AddSingleton<ITimerSource>(source));

        await bot.WaitAsync(() => Recorder.CountOf("overdue") == 1, "the overdue timer fired at start-up");
        Assert.Equal([new PendingTimer(Key("from-source"), T0.AddMinutes(5))], await bot.Timers.ListAsync(RecordingTimerHandler.DefaultKind, CancellationToken.None));
        Clock.Advance(TimeSpan.FromMinutes(5));
        await bot.WaitAsync(() => Recorder.CountOf("from-source") == 1, "the source's timer fired");
        await bot.SettledAsync();
        Assert.Equal(2, Recorder.Firings.Count);
    }

    [Fact]
    public async Task Timer_KindWithoutAHandler_IsLoggedAndDropped()
    {
        await using var bot = await SchedulerHost.StartAsync("bot", Database, Clock, Recorder);
        await bot.Timers.ScheduleAsync(new TimerKey("retired-kind", "x"), T0.AddMinutes(1), CancellationToken.None);
        await bot.Timers.ScheduleAsync(Key("marker"), T0.AddSeconds(90), CancellationToken.None);

        Clock.Advance(TimeSpan.FromSeconds(90));
        await bot.WaitAsync(() => Recorder.CountOf("marker") == 1, "the marker fired");
        await bot.SettledAsync();

        Assert.Contains(bot.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("No timer handler for kind retired-kind", StringComparison.Ordinal));
    }

    private sealed class FixedTimerSource(IReadOnlyList<PendingTimer> timers) : ITimerSource
    {
        public async Task SyncAsync(ITimers target, CancellationToken cancellationToken)
        {
            foreach (var timer in timers)
            {
                await target.ScheduleAsync(timer.Key, timer.DueAt, cancellationToken);
            }
        }
    }
}

public sealed class SqliteTimerTests() : TimerTests(new SqliteDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresTimerTests(PostgresServer server) : TimerTests(server);
