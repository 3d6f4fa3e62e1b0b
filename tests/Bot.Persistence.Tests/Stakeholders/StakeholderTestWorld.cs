using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Scheduling;
using Bot.Core.Stakeholders;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests.Stakeholders;

/// <summary>
/// <see cref="IncidentTestData.Catalog"/> with stakeholders: ring 1 product management (console channel), ring 2
/// leadership (console channel), ring 3 sales EU storefront (console channel) and sales US storefront (no channel);
/// Checkout is of product storefront in eu-west-1. P1 names rings 1–3 every 2 h, P2 ring 1 every 4 h, P3 tells nobody.
/// </summary>
internal sealed class StakeholderTestWorld
{
    public const string ProductManagement = "console:product-management";
    public const string Leadership = "console:leadership";
    public const string SalesEu = "console:sales-eu";

    public StakeholderTestWorld(BotDatabase database, FixedTimeProvider clock)
    {
        Clock = clock;
        Incidents = new SqlIncidentStore(database, clock);
        Store = new SqlStakeholderStore(database, clock);
        Catalog = new CatalogHolder(new Source(CatalogWithStakeholders()), clock);
        Catalog.Reload();
        Notifications = new StakeholderNotifications(Catalog, Store, Destinations(), Timers, clock);
        Reminders = new StatusUpdateReminders(Catalog, Store, Destinations(), clock);
    }

    public FixedTimeProvider Clock { get; }

    public IIncidentStore Incidents { get; }

    public IStakeholderStore Store { get; }

    public CatalogHolder Catalog { get; }

    public Timers Timers { get; } = new();

    public StakeholderNotifications Notifications { get; }

    public StatusUpdateReminders Reminders { get; }

    public static ServiceCatalog CatalogWithStakeholders()
    {
        var plain = IncidentTestData.Catalog();
        StakeholderGroup[] groups =
        [
            new("product-management", "Product management", "worldwide", [], null) { Destinations = [new ChatDestination(ChatPlatform.Console, "product-management")] },
            new("leadership", "Leadership", null, [], null) { Destinations = [new ChatDestination(ChatPlatform.Console, "leadership")] },
            new("sales-eu-storefront", "Sales EU, storefront", "EU", ["storefront"], null) { Destinations = [new ChatDestination(ChatPlatform.Console, "sales-eu")] },
            new("sales-us-storefront", "Sales US, storefront", "US", ["storefront"], null),
        ];
        StakeholderRing[] rings =
        [
            new(1, "Product management", ["product-management"]),
            new(2, "Leadership", ["leadership"]),
            new(3, "Marketing and sales", ["sales-eu-storefront", "sales-us-storefront"]),
        ];
        PriorityDefinition[] priorities =
        [
            new(1, "Critical business impact", true, true, true, true, TimeSpan.FromHours(2), [1, 2, 3]),
            new(2, "Major business impact", false, false, true, true, TimeSpan.FromHours(4), [1]),
            new(3, "Minor business impact", false, false, false, false, TimeSpan.FromHours(8), []),
        ];
        return new ServiceCatalog(
            plain.OrgUnits, plain.Teams, [.. plain.Services.Select(s => s.Id == "checkout" ? s with { Product = "storefront" } : s)], plain.Slos,
            [], [], groups, rings, priorities, []);
    }

    /// <summary>Opens a P1 incident of the checkout SLO (eu-west-1) and returns its id.</summary>
    public async Task<long> OpenIncidentAsync(string instance = "a", string region = "eu-west-1")
    {
        await new IngestAlerts(Catalog, Incidents, Destinations(), new IncidentOptions(), Clock)
            .ExecuteAsync(Batch(Firing(instance, Clock.Now, extra: ("region", region))), CancellationToken.None);
        return (await Incidents.ListAsync(new IncidentQuery(), CancellationToken.None)).Max(i => i.Id);
    }

    private sealed class Source(ServiceCatalog catalog) : ICatalogSource
    {
        public string Location => "(in code)";

        public CatalogLoadResult Load() => CatalogLoadResult.Success(catalog);
    }
}

/// <summary>Timers kept in a dictionary: what is pending and when; nothing fires by itself.</summary>
internal sealed class Timers : ITimers
{
    private readonly Dictionary<string, (TimerKey Key, DateTimeOffset At)> _pending = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, DateTimeOffset> Pending => _pending.ToDictionary(p => p.Key, p => p.Value.At);

    public Task ScheduleAsync(TimerKey key, DateTimeOffset at, CancellationToken cancellationToken)
    {
        _pending[key.ToString()] = (key, at);
        return Task.CompletedTask;
    }

    public Task<bool> CancelAsync(TimerKey key, CancellationToken cancellationToken) => Task.FromResult(_pending.Remove(key.ToString()));

    public Task<IReadOnlyList<PendingTimer>> ListAsync(string kind, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PendingTimer>>([.. _pending.Values.Where(p => p.Key.Kind == kind).OrderBy(p => p.At).Select(p => new PendingTimer(p.Key, p.At))]);
}
