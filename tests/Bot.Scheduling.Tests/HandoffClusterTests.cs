using Bot.Core.Notices;
using Bot.Core.OnCall;
using Bot.Core.Storage;
using Bot.Scheduling.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Scheduling.Tests;

/// <summary>
/// Two replicas on one PostgreSQL database, on the real clock (see <see cref="ClusterTests"/>): a handoff whose timer
/// each of them set — and a stale timer of the same handoff firing at the same moment on the other — is prompted
/// once, with one post per destination.
/// </summary>
[Collection(PostgresTestGroup.Name)]
public sealed class HandoffClusterTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> LookEverySecond = new() { ["Quartz:Scheduler:IdleWaitTime"] = "00:00:01" };

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
    public async Task TwoReplicas_OneHandoff_OnePromptAndOnePostPerDestination()
    {
        await using var a = await StartReplicaAsync("replica-a");
        await using var b = await StartReplicaAsync("replica-b");
        var now = TimeProvider.System.GetUtcNow();
        var rotation = a.Services.GetRequiredService<Bot.Core.Catalog.CatalogHolder>().Current.Rotations.Single(r => r.Id == "payments-primary");
        var shift = OnCallSchedule.ShiftAt(rotation, now).Number;

        // The same handoff's timer set through both replicas, and an older one of the rotation due at the same moment.
        await a.Timers.ScheduleAsync(HandoffPrompts.HandoffTimer(rotation.Id, shift), now.AddSeconds(2), CancellationToken.None);
        await b.Timers.ScheduleAsync(HandoffPrompts.HandoffTimer(rotation.Id, shift), now.AddSeconds(2), CancellationToken.None);
        await b.Timers.ScheduleAsync(HandoffPrompts.HandoffTimer(rotation.Id, shift - 1), now.AddSeconds(2), CancellationToken.None);

        var notices = a.Services.GetRequiredService<INoticeStore>();
        await a.WaitAsync(
            async () => (await a.Timers.ListAsync(HandoffPrompts.TimerKind, CancellationToken.None)).All(t => t.DueAt > now.AddMinutes(1))
                && await a.CountAsync("fired_triggers") == 0,
            "both handoff timers fired and their runs ended");

        var prompt = Assert.Single(await notices.ListAsync("payments", NoticeKind.Handoff, null, 10, CancellationToken.None));
        Assert.Equal($"handoff:{rotation.Id}:{shift}", prompt.DedupKey);
        var posts = await a.Database.ReadAsync(
            async session => (await session.QueryAsync<string>(
                "SELECT destination_key FROM outbox WHERE notice_id = @Id AND kind = 'post'", new { prompt.Id })).ToList(),
            CancellationToken.None);
        Assert.Equal(posts.Distinct().Count(), posts.Count);
        Assert.Contains("console:payments-slo-breaches", posts);
    }

    private Task<SchedulerHost> StartReplicaAsync(string name) =>
        SchedulerHost.StartAsync(name, Database, TimeProvider.System, configure: services => HandoffServices.Add(services, TimeProvider.System), settings: LookEverySecond);
}
