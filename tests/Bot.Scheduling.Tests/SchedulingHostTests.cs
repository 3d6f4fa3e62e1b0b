using Bot.Core.Scheduling;
using Bot.Scheduling.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Scheduling.Tests;

/// <summary>How <c>AddScheduling()</c> sits in a host: its database, its start-up checks, timer sources, several hosts.</summary>
public sealed class SchedulingHostTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 7, 0, 0, TimeSpan.Zero);

    private readonly FakeClock _clock = new(T0);
    private readonly RecordingTimerHandler _recorder = new();
    private readonly List<TestDatabase> _databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task AddScheduling_Sqlite_QuartzConnectionsWaitForTheWriteLockInSqlitesBusyHandler()
    {
        var sqlite = new TestDatabase("Sqlite", "Data Source=data/bot.db", () => ValueTask.CompletedTask);
        await using var bot = await SchedulerHost.StartAsync("bot", sqlite, _clock, _recorder);
        var dataSource = bot.Services.GetRequiredKeyedService<System.Data.Common.DbDataSource>("Bot.Scheduling");

        // Without SQLite's own busy_timeout (0 by default), Microsoft.Data.Sqlite retries a busy file itself in 150 ms sleeps.
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout;";
        var busyTimeout = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);

        var configured = bot.Services.GetRequiredService<IOptions<Bot.Persistence.DatabaseOptions>>().Value.SqliteBusyTimeout;
        Assert.Equal((long)configured.TotalMilliseconds, busyTimeout);
        Assert.True(busyTimeout > 0);
    }

    [Fact]
    public async Task AddScheduling_RelativeSqlitePath_KeepsTimersInTheBotsDatabaseFile()
    {
        var relative = new TestDatabase("Sqlite", "Data Source=data/bot.db", () => ValueTask.CompletedTask);

        await using var bot = await SchedulerHost.StartAsync("bot", relative, _clock, _recorder);
        await bot.Timers.ScheduleAsync(new TimerKey(RecordingTimerHandler.DefaultKind, "a"), T0.AddHours(1), CancellationToken.None);

        Assert.Equal(Path.Combine(bot.ContentRoot, "data", "bot.db"), bot.Database.DataSourceDescription);
        Assert.Equal(1, await bot.CountAsync("triggers"));
    }

    [Fact]
    public async Task AddScheduling_TwoHandlersForOneKind_StopsStartUpNamingTheKind()
    {
        var second = new RecordingTimerHandler();
        var database = await NewDatabaseAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            SchedulerHost.StartAsync("bot", database, _clock, _recorder, services => services.AddSingleton(second.For("bot"))));

        Assert.Contains($"Timer kind '{RecordingTimerHandler.DefaultKind}' has 2 handlers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddScheduling_UnsupportedProvider_StopsStartUpWithThePersistenceMessage()
    {
        var oracle = new TestDatabase("Oracle", "Data Source=whatever", () => ValueTask.CompletedTask);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SchedulerHost.StartAsync("bot", oracle, _clock, _recorder));

        Assert.Contains("Database:Provider 'Oracle' is not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoBotsInOneProcess_EachOnItsOwnSqliteFile_EachFiresOnlyItsOwnTimers()
    {
        await using var first = await SchedulerHost.StartAsync("first", await NewDatabaseAsync(), _clock, _recorder);
        await using var second = await SchedulerHost.StartAsync("second", await NewDatabaseAsync(), _clock, _recorder);
        await first.Timers.ScheduleAsync(new TimerKey(RecordingTimerHandler.DefaultKind, "of-first"), T0.AddMinutes(1), CancellationToken.None);
        await second.Timers.ScheduleAsync(new TimerKey(RecordingTimerHandler.DefaultKind, "of-second"), T0.AddMinutes(1), CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await first.WaitAsync(() => _recorder.Firings.Count >= 2, "both timers fired");
        await first.SettledAsync();
        await second.SettledAsync();

        Assert.Equal(
            ["first fired of-first", "second fired of-second"],
            _recorder.Firings.Select(f => $"{f.Host} fired {f.Fired.Key.Id}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TimerSync_ASourceThrows_TheOthersStillSyncAndTheFailureIsLogged()
    {
        var rotations = new DesiredTimers(Handoff("payments-primary", T0.AddDays(1)));

        await using var bot = await SchedulerHost.StartAsync("bot", await NewDatabaseAsync(), _clock, _recorder, services =>
        {
            services.AddSingleton<ITimerSource, BrokenSource>();
            services.AddSingleton<ITimerSource>(rotations);
        });

        Assert.Equal([Handoff("payments-primary", T0.AddDays(1))], await bot.Timers.ListAsync("handoff", CancellationToken.None));
        var error = Assert.Single(bot.Logs.Entries, e => e.Level == LogLevel.Error);
        Assert.Equal(nameof(BrokenSource), error.Values["TimerSource"]);
    }

    [Fact]
    public async Task TimerSync_RunAgainAfterTheSourceChanged_ReplacesAndCancelsItsTimers()
    {
        var rotations = new DesiredTimers(Handoff("payments-primary", T0.AddDays(1)), Handoff("search-primary", T0.AddDays(2)));
        await using var bot = await SchedulerHost.StartAsync("bot", await NewDatabaseAsync(), _clock, _recorder, services => services.AddSingleton<ITimerSource>(rotations));

        // A catalog reload: search's rotation is gone, payments' handoff moved.
        rotations.Desired = [Handoff("payments-primary", T0.AddDays(1).AddHours(2))];
        Assert.True(await bot.Services.GetRequiredService<TimerSync>().SyncAsync(CancellationToken.None));

        Assert.Equal([Handoff("payments-primary", T0.AddDays(1).AddHours(2))], await bot.Timers.ListAsync("handoff", CancellationToken.None));
    }

    [Theory]
    [InlineData("Handoff", "x")]
    [InlineData("hand off", "x")]
    [InlineData("", "x")]
    [InlineData("handoff", " ")]
    public void TimerKey_InvalidKindOrId_Throws(string kind, string id) =>
        Assert.ThrowsAny<ArgumentException>(() => new TimerKey(kind, id));

    [Fact]
    public void TimerKey_IdLongerThanTheLimit_Throws() =>
        Assert.Throws<ArgumentException>(() => new TimerKey("handoff", new string('x', TimerKey.MaxIdLength + 1)));

    private static PendingTimer Handoff(string id, DateTimeOffset at) => new(new TimerKey("handoff", id), at);

    private async Task<TestDatabase> NewDatabaseAsync()
    {
        var database = await new SqliteDatabases().CreateAsync();
        _databases.Add(database);
        return database;
    }

    private sealed class BrokenSource : ITimerSource
    {
        public Task SyncAsync(ITimers timers, CancellationToken cancellationToken) => throw new InvalidOperationException("The rotation file is broken.");
    }

    /// <summary>A source as the handoff source will be: the timers it wants, set on each sync, and the rest of its kind cancelled.</summary>
    private sealed class DesiredTimers(params PendingTimer[] desired) : ITimerSource
    {
        public IReadOnlyList<PendingTimer> Desired { get; set; } = desired;

        public async Task SyncAsync(ITimers timers, CancellationToken cancellationToken)
        {
            var wanted = Desired;
            foreach (var stale in (await timers.ListAsync("handoff", cancellationToken)).Where(pending => !wanted.Any(w => w.Key == pending.Key)))
            {
                await timers.CancelAsync(stale.Key, cancellationToken);
            }

            foreach (var timer in wanted)
            {
                await timers.ScheduleAsync(timer.Key, timer.DueAt, cancellationToken);
            }
        }
    }
}
