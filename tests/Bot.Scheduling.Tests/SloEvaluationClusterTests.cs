using Bot.Core.Slos;
using Bot.Core.Storage;
using Bot.Scheduling.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Scheduling.Tests;

/// <summary>
/// Two replicas on one PostgreSQL database, on the real clock (see <see cref="ClusterTests"/>): both keep the one
/// <c>slo-evaluation</c> timer, it fires on one of them at a time, and a policy condition that is true for many firings
/// — and evaluated by both replicas at the same moment besides — gives one notice, with one post per destination.
/// </summary>
[Collection(PostgresTestGroup.Name)]
public sealed class SloEvaluationClusterTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly Dictionary<string, string?> LookEverySecond = new() { ["Quartz:Scheduler:IdleWaitTime"] = "00:00:01" };
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly RecordingPolicyLog _log = new();
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
    public async Task TwoReplicas_OneConditionTrueForManyFirings_OneNoticeAndOnePostPerDestination()
    {
        await using var a = await StartReplicaAsync("replica-a");
        await using var b = await StartReplicaAsync("replica-b");
        var now = TimeProvider.System.GetUtcNow();
        // 750 bad of a million events in the last ten minutes: 75% of the budget of a 99.9% SLO.
        await a.Services.GetRequiredService<ISliStore>().RecordAsync(
            new SliPush(SloEvaluationServices.Availability, now.AddMinutes(-10), now.AddMinutes(-5), 999_250, 1_000_000), now, CancellationToken.None);

        // Both replicas evaluate at the same moment, besides the timer firing on either.
        var policies = new[] { a, b }.Select(r => r.Services.GetRequiredService<BudgetPolicies>()).ToList();
        await Task.WhenAll(policies.Select(p => p.EvaluateAsync(CancellationToken.None)));
        await a.WaitAsync(() => _log.Evaluations.Count(e => e.ConditionsTrue == 1) >= 6, "the timer fired several times after the push");
        await b.StopAsync();
        await a.StopAsync();

        var notice = Assert.Single(await SloEvaluationSchedulingTests.PolicyNoticesAsync(a));
        Assert.StartsWith("budget-policy:payments-budget-policy:consumed-70:checkout-requests-availability:", notice.DedupKey, StringComparison.Ordinal);
        Assert.Equal(["console:leadership", "console:payments-slo-breaches"], await SloEvaluationSchedulingTests.PostsAsync(a, notice.Id));
        // Every evaluation after the push found the condition true; one of them sent the notice.
        Assert.True(_log.Evaluations.Count(e => e.ConditionsTrue == 1) >= 6, $"{_log.Evaluations.Count(e => e.ConditionsTrue == 1)} evaluations found the condition true");
        Assert.Equal(1, _log.Evaluations.Sum(e => e.NoticesSent.Count));
        Assert.Single(_log.Sent);
    }

    private Task<SchedulerHost> StartReplicaAsync(string name) =>
        SchedulerHost.StartAsync(name, Database, TimeProvider.System,
            configure: services => SloEvaluationServices.Add(services, TimeProvider.System, Interval, _log), settings: LookEverySecond);
}
