using System.Collections.Concurrent;
using Bot.Core.Catalog;
using Bot.Core.Notices;
using Bot.Core.Routing;
using Bot.Core.Scheduling;
using Bot.Core.Slos;
using Bot.Core.Storage;
using Bot.Scheduling.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Scheduling.Tests;

/// <summary>
/// The <c>slo-evaluation</c> timer on the real job store with the fake clock, on SQLite and on PostgreSQL, over counts
/// pushed to the real SLI store: it fires every interval, and an error budget policy condition that becomes true
/// between two firings gives exactly one notice in the outbox, however many firings follow.
/// </summary>
public abstract class SloEvaluationSchedulingTests(ITestDatabases databases) : IAsyncLifetime
{
    // Wednesday 25 November 2026 10:00 UTC: two days into the 28-day block that starts Monday 23 November.
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    private TestDatabase? _database;

    private FakeClock Clock { get; } = new(T0);

    private RecordingPolicyLog Log { get; } = new();

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
    public async Task EvaluationTimer_FiresEveryInterval()
    {
        await using var bot = await StartAsync("bot");
        Assert.Equal([T0 + Interval], await PendingAsync(bot));

        for (var firing = 1; firing <= 3; firing++)
        {
            Clock.Advance(Interval);
            var next = T0 + (firing + 1) * Interval;
            await bot.WaitAsync(
                async () => Log.Evaluations.Count == firing && (await PendingAsync(bot)).SequenceEqual([next]) && await bot.CountAsync("fired_triggers") == 0,
                $"evaluation {firing} ran and set the next for {next:HH:mm}");
        }

        Assert.Equal([T0 + Interval, T0 + 2 * Interval, T0 + 3 * Interval], Log.Evaluations.Select(e => e.At));
        // Payments' SLO has nothing pushed; Search has no policy.
        Assert.All(Log.Evaluations, e => Assert.Equal((0, 1), (e.SlosRead, e.SlosWithoutData)));
    }

    [Fact]
    public async Task ConditionTrueBetweenTwoFirings_OneNoticeInTheOutbox()
    {
        await using var bot = await StartAsync("bot");
        var sli = bot.Services.GetRequiredService<ISliStore>();
        await sli.RecordAsync(new SliPush(SloEvaluationServices.Availability, T0 - TimeSpan.FromHours(1), T0, 1_000_000, 1_000_000), T0, CancellationToken.None);

        await FiringAsync(bot, 1);
        Assert.Empty(await PolicyNoticesAsync(bot));

        // 1,500 bad of the 2,000,000 events so far: 75% of a 99.9% SLO's budget.
        await sli.RecordAsync(new SliPush(SloEvaluationServices.Availability, T0, T0 + Interval, 998_500, 1_000_000), T0 + Interval, CancellationToken.None);
        await FiringAsync(bot, 2);
        await FiringAsync(bot, 3);
        await FiringAsync(bot, 4);

        var notice = Assert.Single(await PolicyNoticesAsync(bot));
        Assert.Equal($"budget-policy:payments-budget-policy:consumed-70:{SloEvaluationServices.Availability}:2026-11-23T00:00Z", notice.DedupKey);
        Assert.Equal(T0 + 2 * Interval, notice.CreatedAt);
        Assert.Equal("75.0%", notice.Message.Fields.Single(f => f.Name == "Budget consumed").Value);
        Assert.Equal(["console:leadership", "console:payments-slo-breaches"], await PostsAsync(bot, notice.Id));
        Assert.Equal([0, 1, 0, 0], Log.Evaluations.Select(e => e.NoticesSent.Count));
        Assert.Equal([0, 1, 1, 1], Log.Evaluations.Select(e => e.ConditionsTrue));
    }

    [Fact]
    public async Task BotStoppedAcrossFirings_EvaluatesOnceAfterRestart_AndCarriesOn()
    {
        await using (var before = await StartAsync("before"))
        {
            await before.StopAsync();
        }

        Clock.Advance(TimeSpan.FromHours(1));
        await using var after = await StartAsync("after");
        var restartedAt = T0 + TimeSpan.FromHours(1);
        await after.WaitAsync(
            async () => Log.Evaluations.Count == 1 && (await PendingAsync(after)).SequenceEqual([restartedAt + Interval]) && await after.CountAsync("fired_triggers") == 0,
            "the missed evaluation ran once after the restart and set the next");

        Assert.Equal(restartedAt, Assert.Single(Log.Evaluations).At);
    }

    /// <summary>Moves the clock to the next firing and waits until its evaluation ran and the one after is set.</summary>
    private async Task FiringAsync(SchedulerHost bot, int firing)
    {
        Clock.Advance(Interval);
        var next = T0 + (firing + 1) * Interval;
        await bot.WaitAsync(
            async () => Log.Evaluations.Count == firing && (await PendingAsync(bot)).SequenceEqual([next]) && await bot.CountAsync("fired_triggers") == 0,
            $"evaluation {firing} ran and set the next for {next:HH:mm}");
    }

    private static async Task<IReadOnlyList<DateTimeOffset>> PendingAsync(SchedulerHost bot) =>
        [.. (await bot.Timers.ListAsync(SloEvaluationTimerHandler.TimerKind, CancellationToken.None)).Select(t => t.DueAt)];

    internal static Task<IReadOnlyList<Notice>> PolicyNoticesAsync(SchedulerHost bot) =>
        bot.Services.GetRequiredService<INoticeStore>().ListAsync("payments", NoticeKind.BudgetPolicy, null, 10, CancellationToken.None);

    /// <summary>The destinations of the notice's first posts in the outbox, sorted.</summary>
    internal static Task<List<string>> PostsAsync(SchedulerHost bot, long noticeId) =>
        bot.Database.ReadAsync(
            async session => (await session.QueryAsync<string>(
                "SELECT destination_key FROM outbox WHERE notice_id = @noticeId AND kind = 'post' ORDER BY destination_key", new { noticeId })).ToList(),
            CancellationToken.None);

    private Task<SchedulerHost> StartAsync(string name) =>
        SchedulerHost.StartAsync(name, Database, Clock, configure: services => SloEvaluationServices.Add(services, Clock, Interval, Log));
}

public sealed class SqliteSloEvaluationSchedulingTests() : SloEvaluationSchedulingTests(new SqliteDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresSloEvaluationSchedulingTests(PostgresServer server) : SloEvaluationSchedulingTests(server);

/// <summary>
/// The SLO evaluation's services as the host registers them (SLI readings, the policies, the timer's source and
/// handler), over a catalog where Payments has an error budget policy naming ring 1 (Leadership) and Search has none.
/// </summary>
internal static class SloEvaluationServices
{
    public const string Availability = "checkout-requests-availability";

    public static void Add(IServiceCollection services, TimeProvider clock, TimeSpan interval, IBudgetPolicyLog log)
    {
        var holder = new CatalogHolder(new FixedCatalog(Catalog()), clock);
        holder.Reload();
        services.AddSingleton(holder);
        services.AddSingleton(new DestinationResolver(new RoutingOptions(), new HashSet<ChatPlatform> { ChatPlatform.Console }));
        services.AddSingleton(new SloOptions { EvaluationInterval = interval });
        services.AddSingleton<PushedSliReader>();
        services.AddSingleton<BreachEstimateReader>();
        services.AddSingleton(provider => new SliReadings(
            provider.GetRequiredService<PushedSliReader>(),
            provider.GetRequiredService<BreachEstimateReader>(),
            provider.GetRequiredService<SloOptions>(),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(log);
        services.AddSingleton<BudgetPolicies>();
        services.AddSingleton<ITimerSource, SloEvaluationTimerSource>();
        services.AddSingleton<ITimerHandler, SloEvaluationTimerHandler>();
    }

    private static ServiceCatalog Catalog()
    {
        var payments = new Team("payments", "Payments", "acme", [], [new ChatDestination(ChatPlatform.Console, "payments-slo-breaches")], []);
        var search = new Team("search", "Search", "acme", [], [new ChatDestination(ChatPlatform.Console, "search-slo-breaches")], []);
        Service[] services =
        [
            new("checkout", "Checkout API", "payments", null, ["production"], [], null, null),
            new("search-api", "Search API", "search", null, ["production"], [], null, null),
        ];
        Slo[] slos =
        [
            new(Availability, "requests-availability", "checkout", SliKind.Availability, 0.999, SloWindow.Rolling28Days, null, 1, null, [], false)
            {
                Source = SliDataSource.Pushed.Instance,
            },
            // No source: pushed counts, else an estimate from its breaches (none here).
            new("search-api-queries", "queries", "search-api", SliKind.Availability, 0.995, SloWindow.FourCalendarWeeks, null, 3, null, [], false),
        ];
        StakeholderGroup[] groups = [new("leadership", "Leadership", null, [], null) { Destinations = [new(ChatPlatform.Console, "leadership")] }];
        var policy = new ErrorBudgetPolicy("payments-budget-policy", "payments",
            [
                new("exhausted", BudgetConditionKind.Exhausted, 0, null, "Freeze feature releases until the SLO is met again."),
                new("consumed-70", BudgetConditionKind.Consumed, 0.7, null, "Hold a postmortem of the largest budget consumers."),
                new("consumed-30-in-24h", BudgetConditionKind.ConsumedWithin, 0.3, TimeSpan.FromHours(24), "Escalate to the Head of Engineering."),
            ],
            [1], "Payments PO, developers and on-call", "Head of Engineering", new DateOnly(2027, 1, 15));
        return new ServiceCatalog(
            [new OrgUnit("acme", "Acme", OrgUnitKind.Org, null)], [payments, search], services, slos, [], [], groups,
            [new StakeholderRing(1, "Leadership", ["leadership"])], [], [])
        {
            ErrorBudgetPolicies = [policy],
        };
    }

    private sealed class FixedCatalog(ServiceCatalog catalog) : ICatalogSource
    {
        public string Location => "slo evaluation tests";

        public CatalogLoadResult Load() => CatalogLoadResult.Success(catalog);
    }
}

/// <summary>What the policy evaluations of one or more replicas reported, safe to write from their scheduler threads.</summary>
internal sealed class RecordingPolicyLog : IBudgetPolicyLog
{
    private readonly ConcurrentQueue<BudgetPolicyEvaluation> _evaluations = new();
    private readonly ConcurrentQueue<Notice> _sent = new();

    public IReadOnlyList<BudgetPolicyEvaluation> Evaluations => [.. _evaluations];

    public IReadOnlyList<Notice> Sent => [.. _sent];

    public void NoData(ErrorBudgetPolicy policy, Slo slo, string reason)
    {
    }

    public void NoticeSent(BudgetConditionMet met, Notice notice, IReadOnlyList<string> destinationKeys) => _sent.Enqueue(notice);

    public void Evaluated(BudgetPolicyEvaluation evaluation) => _evaluations.Enqueue(evaluation);
}
