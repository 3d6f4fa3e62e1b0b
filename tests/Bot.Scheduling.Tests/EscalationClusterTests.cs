using Bot.Core.Catalog;
using Bot.Core.OnCall;
using Bot.Scheduling.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Scheduling.Tests.EscalationSetup;

namespace Bot.Scheduling.Tests;

/// <summary>
/// Two replicas on one PostgreSQL database, each with its own escalation services, both starting the same chain (the
/// ingest's start on each, and each one's recovery pass at start-up): every step still pages once. On the real clock,
/// with ack timeouts of two seconds, for the reason <see cref="ClusterTests"/> gives.
/// </summary>
[Collection(PostgresTestGroup.Name)]
public sealed class EscalationClusterTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> LookEverySecond = new() { ["Quartz:Scheduler:IdleWaitTime"] = "00:00:01" };

    private readonly EscalationOutcomes _outcomes = new();
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
    public async Task TwoReplicas_BothStartTheChain_EachStepPagesExactlyOnce()
    {
        var services = Services(MainBackupRepeatOnce(TimeSpan.FromSeconds(2)), _outcomes);
        await using var a = await SchedulerHost.StartAsync("replica-a", Database, TimeProvider.System, configure: services, settings: LookEverySecond);
        var opened = await OpenAsync(a);
        await using var b = await SchedulerHost.StartAsync("replica-b", Database, TimeProvider.System, configure: services, settings: LookEverySecond);
        await Task.WhenAll(
            a.Services.GetRequiredService<Escalations>().StartAsync([opened], CancellationToken.None),
            b.Services.GetRequiredService<Escalations>().StartAsync([opened], CancellationToken.None));

        await a.WaitAsync(async () => (await EscalatedAsync(a, opened.Id)).Count >= 4, "four steps ran");
        await a.SettledAsync();

        // On the real clock: whoever the rotation has on call this week.
        var catalog = a.Services.GetRequiredService<CatalogHolder>().Current;
        var onCall = OnCallSchedule.At(catalog.Rotations[0], [], TimeProvider.System.GetUtcNow());
        var (main, backup) = (catalog.Teams[0].FindMember(onCall.Main)!, catalog.Teams[0].FindMember(onCall.Backups[0])!);
        Assert.Equal(
            [$"Escalation step 1 of 4 (main): paged {main.DisplayName}", $"Escalation step 2 of 4 (backup): paged {backup.DisplayName}",
             $"Escalation step 3 of 4 (main): paged {main.DisplayName}", $"Escalation step 4 of 4 (backup): paged {backup.DisplayName}"],
            (await EscalatedAsync(a, opened.Id)).Select(e => e.Text));
        var outbox = await OutboxAsync(a, opened.Id);
        Assert.Equal(
            [($"console:dm:{main.Id}", "post"), ($"console:dm:{backup.Id}", "post"), ($"console:dm:{main.Id}", "reply"), ($"console:dm:{backup.Id}", "reply")],
            outbox.Where(r => r.Destination.StartsWith("console:dm:", StringComparison.Ordinal)).Select(r => (r.Destination, r.Kind)));
        Assert.Equal(4, outbox.Count(r => r is { Destination: TeamChannel, Kind: "reply" }));
        Assert.Equal(4, _outcomes.All.Count(o => o.Result == EscalationResult.Paged));
    }
}
