using Bot.Core.Incidents;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests;

/// <summary>What the SLO status reads from incidents: an SLO's breaches since an instant, and the open incidents per SLO.</summary>
public abstract class IncidentSloQueryTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private const string SearchSlo = "search-api-queries";
    private static readonly DateTimeOffset Since = T0.AddDays(-7);

    private FixedTimeProvider Clock { get; } = new(T0);

    private SqlIncidentStore Store => new(Database, Clock);

    [DatabaseFact]
    public async Task ListBreaches_IncidentsOfTheSlo_OpenAndResolvedSinceFromWhenTheyStarted()
    {
        var open = await SaveAsync("open", CheckoutSlo, opened: T0.AddHours(-1), started: T0.AddHours(-1).AddMinutes(-4), burnRate: 14.4);
        var acknowledged = await SaveAsync("acknowledged", CheckoutSlo, opened: T0.AddHours(-3), state: IncidentState.Acknowledged, burnRate: 6);
        var resolved = await SaveAsync("resolved", CheckoutSlo, opened: Since.AddHours(-2), started: Since.AddHours(-3), resolved: Since.AddHours(1), burnRate: 2.5);
        var resolvedAtSince = await SaveAsync("resolved-at-since", CheckoutSlo, opened: Since.AddHours(-5), resolved: Since);
        await SaveAsync("resolved-before", CheckoutSlo, opened: Since.AddDays(-1), resolved: Since.AddTicks(-10), burnRate: 14.4);
        await SaveAsync("missing-data", CheckoutSlo, opened: T0.AddHours(-2), missingData: true);
        await SaveAsync("other-slo", SearchSlo, opened: T0.AddHours(-2), burnRate: 14.4);
        await SaveAsync("no-slo", null, opened: T0.AddHours(-2));

        var breaches = await Store.ListBreachesAsync(CheckoutSlo, Since, CancellationToken.None);

        Assert.Equal(
            [
                new BreachSpan(resolvedAtSince, Since.AddHours(-5), Since, null),
                new BreachSpan(resolved, Since.AddHours(-3), Since.AddHours(1), 2.5),
                new BreachSpan(acknowledged, T0.AddHours(-3), null, 6),
                new BreachSpan(open, T0.AddHours(-1).AddMinutes(-4), null, 14.4),
            ],
            breaches);
    }

    [DatabaseFact]
    public async Task ListBreaches_SloWithoutIncidents_IsEmpty()
    {
        await SaveAsync("other-slo", SearchSlo, opened: T0.AddHours(-2));

        Assert.Empty(await Store.ListBreachesAsync(CheckoutSlo, Since, CancellationToken.None));
    }

    [DatabaseFact]
    public async Task CountOpenBySlo_OpenAcknowledgedAndResolvedIncidents_CountsTheUnresolvedPerSlo()
    {
        await SaveAsync("a", CheckoutSlo, opened: T0.AddHours(-1));
        await SaveAsync("b", CheckoutSlo, opened: T0.AddHours(-2), state: IncidentState.Acknowledged);
        await SaveAsync("c", CheckoutSlo, opened: T0.AddHours(-3), resolved: T0.AddHours(-2));
        await SaveAsync("d", CheckoutSlo, opened: T0.AddHours(-3), missingData: true);
        await SaveAsync("e", SearchSlo, opened: T0.AddHours(-1));
        await SaveAsync("f", "latency-p99", opened: T0.AddHours(-4), resolved: T0.AddHours(-3));
        await SaveAsync("g", null, opened: T0.AddHours(-1));

        var counts = await Store.CountOpenBySloAsync(CancellationToken.None);

        Assert.Equal(new Dictionary<string, int> { [CheckoutSlo] = 3, [SearchSlo] = 1 }, counts);
    }

    [DatabaseFact]
    public async Task CountOpenBySlo_NoIncidents_IsEmpty()
    {
        Assert.Empty(await Store.CountOpenBySloAsync(CancellationToken.None));
    }

    private async Task<long> SaveAsync(
        string key,
        string? sloId,
        DateTimeOffset opened,
        DateTimeOffset? started = null,
        DateTimeOffset? resolved = null,
        IncidentState state = IncidentState.Open,
        bool missingData = false,
        double? burnRate = null)
    {
        var record = new IncidentRecord(
            0, $"slo={sloId}|{key}", key, Payments, "checkout", sloId, "production", null,
            resolved is null ? state : IncidentState.Resolved, IncidentSeverity.Critical, 1, 1, opened, opened, opened,
            state == IncidentState.Acknowledged ? new Stamp(Ana, opened.AddMinutes(1)) : null,
            resolved is { } at ? new Stamp(null, at) : null,
            null, missingData, IncidentLinks.None, burnRate is null ? null : new BudgetContext(burnRate, 0.5, "1h", null), 1, [])
        {
            StartedAt = started,
        };
        var incident = new Incident(record);
        await Store.WriteAsync(async session => { await session.SaveAsync(incident, CancellationToken.None); return true; }, CancellationToken.None);
        return incident.Id;
    }
}

public sealed class SqliteIncidentSloQueryTests() : IncidentSloQueryTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresIncidentSloQueryTests(PostgresServer server) : IncidentSloQueryTests(server);
