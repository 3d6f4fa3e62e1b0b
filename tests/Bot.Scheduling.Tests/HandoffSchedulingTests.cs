using Bot.Core.Catalog;
using Bot.Core.Notices;
using Bot.Core.OnCall;
using Bot.Core.Routing;
using Bot.Core.Scheduling;
using Bot.Core.Storage;
using Bot.Scheduling.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Scheduling.Tests;

/// <summary>
/// The weekly handoff prompt on the real job store with the fake clock, on SQLite and on PostgreSQL: it is posted at
/// each rotation's local handoff time, and a bot that was down at that time posts it once after it starts again.
/// </summary>
public abstract class HandoffSchedulingTests(ITestDatabases databases) : IAsyncLifetime
{
    // Monday 23 November 2026 07:30 UTC: 08:30 in Berlin, 02:30 in New York. Both rotations hand off at 09:00 local.
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 7, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset BerlinNine = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset NewYorkNine = new(2026, 11, 23, 14, 0, 0, TimeSpan.Zero);

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
    public async Task WeeklyPrompt_FiresAtEachRotationsLocalHandoffTime()
    {
        await using var bot = await StartAsync("bot");
        Assert.Equal(
            [BerlinNine, NewYorkNine],
            (await bot.Timers.ListAsync(HandoffPrompts.TimerKind, CancellationToken.None)).Select(t => t.DueAt).Order());

        Clock.Advance(BerlinNine - T0 - TimeSpan.FromMinutes(1));
        Assert.Empty(await PromptsAsync(bot));
        Clock.Advance(TimeSpan.FromMinutes(1));
        await bot.WaitAsync(async () => (await PromptsAsync(bot)).Count == 1, "the Berlin prompt was posted");
        Assert.Equal("payments", Assert.Single(await PromptsAsync(bot)).TeamId);

        // Berlin's reminder an hour later (the clock moves in steps, so each timer fires on time rather than as a misfire).
        Clock.Advance(TimeSpan.FromHours(1));
        await bot.WaitAsync(async () => (await PromptsAsync(bot)).Single().Version == 2, "Berlin's reminder edited its prompt");

        Clock.Advance(NewYorkNine - BerlinNine - TimeSpan.FromHours(1));
        await bot.WaitAsync(async () => (await PromptsAsync(bot)).Count == 2, "the New York prompt was posted");
        await bot.WaitAsync(async () => await bot.CountAsync("fired_triggers") == 0, "the runs ended");

        // Each rotation's next handoff is pending a week later; New York's reminder is still to come.
        Assert.Equal(
            [BerlinNine.AddDays(7), NewYorkNine.AddDays(7)],
            (await bot.Timers.ListAsync(HandoffPrompts.TimerKind, CancellationToken.None)).Select(t => t.DueAt).Order());
        var prompts = await PromptsAsync(bot);
        Assert.Equal(["payments", "search"], prompts.Select(p => p.TeamId).Order());
        Assert.All(prompts, p => Assert.Null(p.Message.Footer));
        Assert.Equal(NewYorkNine.AddHours(1), Assert.Single(await bot.Timers.ListAsync(HandoffPrompts.ReminderKind, CancellationToken.None)).DueAt);
    }

    [Fact]
    public async Task BotStoppedAcrossTheHandoff_PostsThePromptOnceAfterRestart_SayingItIsLate()
    {
        await using (var before = await StartAsync("before"))
        {
            await before.StopAsync();
        }

        Clock.Advance(BerlinNine - T0 + TimeSpan.FromHours(2));

        await using var after = await StartAsync("after");
        await after.WaitAsync(async () => (await PromptsAsync(after)).Count == 1, "the missed Berlin prompt was posted after the restart");
        await after.WaitAsync(async () => await after.CountAsync("fired_triggers") == 0, "the runs ended");
        // More turns for the scheduler and its misfire handler: nothing is posted again.
        Clock.Advance(TimeSpan.FromMinutes(3));
        await after.WaitAsync(async () => await after.CountAsync("fired_triggers") == 0, "the runs ended");

        var prompt = Assert.Single(await PromptsAsync(after));
        Assert.Equal("payments", prompt.TeamId);
        Assert.StartsWith("Posted late: SLO Bot was not running at the handoff time (Mon 2026-11-23 09:00 Europe/Berlin", prompt.Message.Footer, StringComparison.Ordinal);
        Assert.Equal([NewYorkNine, BerlinNine.AddDays(7)], (await after.Timers.ListAsync(HandoffPrompts.TimerKind, CancellationToken.None)).Select(t => t.DueAt).Order());
    }

    [Fact]
    public async Task Reminder_FiresWhenTheIncomingHasNotAccepted()
    {
        await using var bot = await StartAsync("bot");
        Clock.Advance(BerlinNine - T0);
        await bot.WaitAsync(async () => (await PromptsAsync(bot)).Count == 1, "the Berlin prompt was posted");

        Clock.Advance(TimeSpan.FromHours(1));

        await bot.WaitAsync(async () => (await PromptsAsync(bot)).Single().Version == 2, "the reminder edited the prompt");
        Assert.Contains((await PromptsAsync(bot)).Single().Message.Fields, f => f.Name == "Reminder");
    }

    private static async Task<IReadOnlyList<Notice>> PromptsAsync(SchedulerHost bot)
    {
        var notices = bot.Services.GetRequiredService<INoticeStore>();
        var payments = await notices.ListAsync("payments", NoticeKind.Handoff, null, 10, CancellationToken.None);
        var search = await notices.ListAsync("search", NoticeKind.Handoff, null, 10, CancellationToken.None);
        return [.. payments, .. search];
    }

    private Task<SchedulerHost> StartAsync(string name) =>
        SchedulerHost.StartAsync(name, Database, Clock, configure: services => HandoffServices.Add(services, Clock));
}

/// <summary>The handoff prompts' services as the host registers them, over a two-team catalog (Berlin and New York).</summary>
internal static class HandoffServices
{
    public static void Add(IServiceCollection services, TimeProvider clock)
    {
        var holder = new CatalogHolder(new FixedCatalog(Catalog()), clock);
        holder.Reload();
        services.AddSingleton(holder);
        services.AddSingleton(new DestinationResolver(new RoutingOptions(), new HashSet<ChatPlatform> { ChatPlatform.Console }));
        services.AddSingleton(new OnCallOptions { HandoffReminderAfter = TimeSpan.FromHours(1) });
        services.AddSingleton<HandoffPrompts>();
        services.AddSingleton<ITimerSource, HandoffTimerSource>();
        services.AddSingleton<ITimerHandler, HandoffTimerHandler>();
        services.AddSingleton<ITimerHandler, HandoffReminderHandler>();
    }

    private static ServiceCatalog Catalog()
    {
        static Member Person(string id, string zone) => new(id, id, null, null, null, zone);
        var payments = new Team("payments", "Payments", "acme", [Person("ana", "Europe/Berlin"), Person("kwame", "Europe/Berlin"), Person("mei", "Asia/Singapore")],
            [new ChatDestination(ChatPlatform.Console, "payments-slo-breaches")], []);
        var search = new Team("search", "Search", "acme", [Person("emma", "America/New_York"), Person("liam", "America/New_York")],
            [new ChatDestination(ChatPlatform.Console, "search-slo-breaches")], []);
        Rotation Weekly(string id, string team, string zone, IReadOnlyList<string> people, RotationShape shape) =>
            new(id, id, team, shape, TimeSpan.FromDays(7), DayOfWeek.Monday, new TimeOnly(9, 0), zone, new DateOnly(2025, 1, 6), people, null, null);
        return new ServiceCatalog(
            [new OrgUnit("acme", "Acme", OrgUnitKind.Org, null)], [payments, search], [], [],
            [Weekly("payments-primary", "payments", "Europe/Berlin", ["ana", "kwame", "mei"], RotationShape.MainTwoBackups),
             Weekly("search-primary", "search", "America/New_York", ["emma", "liam"], RotationShape.MainBackupSwap)],
            [], [], [], [], []);
    }

    private sealed class FixedCatalog(ServiceCatalog catalog) : ICatalogSource
    {
        public string Location => "handoff tests";

        public CatalogLoadResult Load() => CatalogLoadResult.Success(catalog);
    }
}

public sealed class SqliteHandoffSchedulingTests() : HandoffSchedulingTests(new SqliteDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresHandoffSchedulingTests(PostgresServer server) : HandoffSchedulingTests(server);
