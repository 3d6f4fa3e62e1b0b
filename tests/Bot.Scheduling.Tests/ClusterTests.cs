using Bot.Core.Scheduling;
using Bot.Scheduling.Tests.Support;
using Xunit.Abstractions;

namespace Bot.Scheduling.Tests;

/// <summary>
/// Two replicas of the bot on one PostgreSQL database: one clustered Quartz scheduler each, instance ids generated,
/// sharing the timers. These run on the real clock, timers a few seconds ahead: a cluster judges a replica alive by
/// its check-ins keeping pace with the clock, so a fake clock that jumps while a replica is busy makes a live replica
/// look dead to the other (which then recovers its work). The replicas look at the store every second instead of
/// every 30 s (<c>Quartz:Scheduler:IdleWaitTime</c>), so a replica notices timers another one scheduled or handed
/// back within the test's time.
/// </summary>
[Collection(PostgresTestGroup.Name)]
public sealed class ClusterTests(PostgresServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> LookEverySecond = new() { ["Quartz:Scheduler:IdleWaitTime"] = "00:00:01" };

    private readonly RecordingTimerHandler _recorder = new();
    private TestDatabase? _database;

    private TestDatabase Database => _database ?? throw new InvalidOperationException("Created in InitializeAsync.");

    public async Task InitializeAsync() => _database = await server.CreateAsync();

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [PostgresFact]
    public async Task TwoReplicas_ManyTimers_EachFiresExactlyOnce()
    {
        await using var a = await StartReplicaAsync("replica-a");
        await using var b = await StartReplicaAsync("replica-b");
        var now = TimeProvider.System.GetUtcNow();
        var ids = Enumerable.Range(1, 30).Select(i => $"t{i:00}").ToList();
        for (var i = 0; i < ids.Count; i++)
        {
            // Half of them due at one instant, the rest 100 ms apart; scheduled through either replica.
            var at = now.AddSeconds(2).AddMilliseconds(i < 15 ? 0 : 100 * (i - 14));
            await (i % 2 == 0 ? a : b).Timers.ScheduleAsync(Key(ids[i]), at, CancellationToken.None);
        }

        await a.WaitAsync(() => _recorder.Firings.Count >= ids.Count, "every timer fired");
        await a.SettledAsync();

        Assert.NotEqual(await a.InstanceIdAsync(), await b.InstanceIdAsync());
        Assert.Equal(ids, _recorder.Firings.Select(f => f.Fired.Key.Id).Order(StringComparer.Ordinal));
        Assert.All(_recorder.Firings, f => Assert.True(f.Fired.FiredAt >= f.Fired.DueAt, $"{f.Fired.Key} fired before it was due"));
        output.WriteLine(string.Join(", ", _recorder.Firings.GroupBy(f => f.Host).Select(g => $"{g.Key} fired {g.Count()}")));
    }

    [PostgresFact]
    public async Task TwoReplicas_OneStops_TheOtherFiresItsTimersOnce()
    {
        var a = await StartReplicaAsync("replica-a");
        await using var b = await StartReplicaAsync("replica-b");
        var now = TimeProvider.System.GetUtcNow();
        await a.Timers.ScheduleAsync(Key("x"), now.AddSeconds(3), CancellationToken.None);
        await a.Timers.ScheduleAsync(Key("y"), now.AddSeconds(3.5), CancellationToken.None);

        // A stopping replica hands back the timers it had taken on; the other finds them at its next look.
        await a.DisposeAsync();

        await b.WaitAsync(() => _recorder.Firings.Count >= 2, "both timers fired");
        await b.SettledAsync();
        Assert.Equal(["replica-b", "replica-b"], _recorder.Firings.Select(f => f.Host));
        Assert.Equal(["x", "y"], _recorder.Firings.Select(f => f.Fired.Key.Id).Order(StringComparer.Ordinal));
    }

    private static TimerKey Key(string id) => new(RecordingTimerHandler.DefaultKind, id);

    private Task<SchedulerHost> StartReplicaAsync(string name) =>
        SchedulerHost.StartAsync(name, Database, TimeProvider.System, _recorder, settings: LookEverySecond);
}
