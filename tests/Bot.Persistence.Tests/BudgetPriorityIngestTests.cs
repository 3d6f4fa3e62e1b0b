using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Slos;
using Bot.Core.Storage;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests;

/// <summary>
/// Ingest with the SLO's budget as the bot reads it: an SLO without a priority gets one derived from its budget when
/// the catalog turns that on (book Tables 9.5/9.6), stored with the reason; an SLO with its own priority keeps it.
/// </summary>
public abstract class BudgetPriorityIngestTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private FixedTimeProvider Clock { get; } = new(T0);

    /// <summary>The test catalog with the checkout SLO's priority as given, and budget-derived priority on.</summary>
    private CatalogHolder CatalogWith(int? checkoutPriority)
    {
        var plain = IncidentTestData.Catalog();
        var slos = plain.Slos.Select(s => s.Id == CheckoutSlo ? s with { Priority = checkoutPriority } : s).ToList();
        var catalog = new ServiceCatalog(plain.OrgUnits, plain.Teams, plain.Services, slos, [], [], [], [], plain.Priorities, [])
        {
            BudgetPriority = BudgetPriorityRules.Book,
        };
        var holder = new CatalogHolder(new Fixed(catalog), Clock);
        holder.Reload();
        return holder;
    }

    /// <summary>Checkout (99.9%) with 65% of its budget consumed and burning at 2× over the last hour: 35% left and trending to exhaustion.</summary>
    private async Task<SliReadings> ReadingsAsync(CatalogHolder catalog)
    {
        var options = new SloOptions();
        var pushed = new OneSlo(new PushedCounts(new EventCounts(1_000_000 - 650, 1_000_000), [.. BurnWindows.Lengths.Select(_ => new EventCounts(10_000 - 20, 10_000))]));
        var readings = new SliReadings(new PushedSliReader(pushed), new BreachEstimateReader(new SqlIncidentStore(Database, Clock), options), options, Clock);
        await readings.ReadAsync(catalog.Current.FindSlo(CheckoutSlo)!, CancellationToken.None);
        return readings;
    }

    [DatabaseFact]
    public async Task Open_SloWithoutPriority_GetsOneFromItsBudget_AndSaysWhy()
    {
        var catalog = CatalogWith(checkoutPriority: null);
        var store = new SqlIncidentStore(Database, Clock);
        var ingest = new IngestAlerts(catalog, store, Destinations(), new IncidentOptions(), Clock, await ReadingsAsync(catalog));

        await ingest.ExecuteAsync(Batch(Firing("a", T0)), CancellationToken.None);

        var incident = Assert.Single(await store.ListAsync(new IncidentQuery(), CancellationToken.None));
        Assert.Equal(2, incident.Priority);
        Assert.Equal("derived from the error budget: 35.0% of the budget left and trending to exhaustion (P2 at 40.0% or less)", incident.PriorityNote);
    }

    [DatabaseFact]
    public async Task Open_SloWithItsOwnPriority_KeepsIt()
    {
        var catalog = CatalogWith(checkoutPriority: 3);
        var store = new SqlIncidentStore(Database, Clock);
        var ingest = new IngestAlerts(catalog, store, Destinations(), new IncidentOptions(), Clock, await ReadingsAsync(catalog));

        await ingest.ExecuteAsync(Batch(Firing("a", T0)), CancellationToken.None);

        var incident = Assert.Single(await store.ListAsync(new IncidentQuery(), CancellationToken.None));
        Assert.Equal(3, incident.Priority);
        Assert.Null(incident.PriorityNote);
    }

    private sealed class Fixed(ServiceCatalog catalog) : ICatalogSource
    {
        public string Location => "test";

        public CatalogLoadResult Load() => CatalogLoadResult.Success(catalog);
    }

    private sealed class OneSlo(PushedCounts counts) : ISliStore
    {
        public Task<SliPushResult> RecordAsync(SliPush push, DateTimeOffset receivedAt, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PushedCounts?> ReadAsync(string sloId, DateTimeOffset periodStart, DateTimeOffset now, CancellationToken cancellationToken) =>
            Task.FromResult<PushedCounts?>(sloId == CheckoutSlo ? counts : null);

        public Task<int> CompactAsync(DateTimeOffset horizon, DateTimeOffset dropBefore, CancellationToken cancellationToken) => Task.FromResult(0);
    }
}

public sealed class SqliteBudgetPriorityIngestTests() : BudgetPriorityIngestTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresBudgetPriorityIngestTests(PostgresServer server) : BudgetPriorityIngestTests(server);
