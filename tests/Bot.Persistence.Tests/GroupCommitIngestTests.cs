using Bot.Core.Incidents;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests;

/// <summary>Concurrent deliveries sharing commits, on the real stores.</summary>
public abstract class GroupCommitIngestTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private readonly FixedTimeProvider _clock = new(T0);

    [DatabaseFact]
    public async Task Execute_ManyConcurrentDeliveries_EachCommittedWithItsOwnResult()
    {
        var store = new CountingStore(new SqlIncidentStore(Database, _clock));
        await using var ingest = new GroupCommitIngest(Ingest(store, _clock));

        // 40 deliveries of one alert each for 8 SLO-environment keys: 8 incidents, 5 occurrences each.
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            ingest.ExecuteAsync(Batch(Firing($"pod-{i}", T0, extra: ("environment", $"env-{i % 8}"))), CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(1, r.Alerts));
        Assert.Equal(8, results.Sum(r => r.Opened));
        Assert.Equal(32, results.Sum(r => r.Updated));
        var incidents = await new SqlIncidentStore(Database, _clock).ListAsync(new IncidentQuery(), CancellationToken.None);
        Assert.Equal(8, incidents.Count);
        Assert.All(incidents, i => Assert.Equal(5, i.Occurrences));
        Assert.True(store.Writes < 40, $"40 deliveries took {store.Writes} transactions; concurrent ones should share commits");
    }

    [DatabaseFact]
    public async Task Execute_OneDeliveryCannotBeStored_OnlyItFails()
    {
        var poison = Firing("poison", T0, extra: ("environment", "poison"));
        var store = new CountingStore(new SqlIncidentStore(Database, _clock), failWhenTitled: "CheckoutHighErrorRate on poison");
        await using var ingest = new GroupCommitIngest(Ingest(store, _clock));

        var good = Enumerable.Range(0, 10).Select(i => ingest.ExecuteAsync(Batch(Firing($"pod-{i}", T0)), CancellationToken.None)).ToList();
        var bad = ingest.ExecuteAsync(Batch(poison), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Equal(10, (await Task.WhenAll(good)).Sum(r => r.Opened + r.Updated));
        var incident = Assert.Single(await new SqlIncidentStore(Database, _clock).ListAsync(new IncidentQuery(), CancellationToken.None));
        Assert.Equal(10, incident.Occurrences);
    }

    [DatabaseFact]
    public async Task Dispose_WithQueuedDeliveries_CommitsThemFirst()
    {
        var ingest = new GroupCommitIngest(Ingest(new SqlIncidentStore(Database, _clock), _clock));
        var pending = Enumerable.Range(0, 20).Select(i => ingest.ExecuteAsync(Batch(Firing($"pod-{i}", T0)), CancellationToken.None)).ToList();

        await ingest.DisposeAsync();

        Assert.All(pending, p => Assert.True(p.IsCompletedSuccessfully));
        Assert.Equal(20, Assert.Single(await new SqlIncidentStore(Database, _clock).ListAsync(new IncidentQuery(), CancellationToken.None)).Occurrences);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => ingest.ExecuteAsync(Batch(Firing("late", T0)), CancellationToken.None));
    }

    /// <summary>Counts write transactions, and can refuse to save one incident, as a storage fault would.</summary>
    private sealed class CountingStore(IIncidentStore inner, string? failWhenTitled = null) : IIncidentStore
    {
        public Task<IReadOnlyList<BreachSpan>> ListBreachesAsync(string sloId, DateTimeOffset since, CancellationToken cancellationToken) =>
            inner.ListBreachesAsync(sloId, since, cancellationToken);

        public Task<IReadOnlyDictionary<string, int>> CountOpenBySloAsync(CancellationToken cancellationToken) => inner.CountOpenBySloAsync(cancellationToken);

        private int _writes;

        public int Writes => _writes;

        public Task<T> WriteAsync<T>(Func<IIncidentSession, Task<T>> work, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _writes);
            return inner.WriteAsync(session => work(new FailingSession(session, failWhenTitled)), cancellationToken);
        }

        public Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

        public Task<IReadOnlyList<IncidentRecord>> ListAsync(IncidentQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);
    }

    private sealed class FailingSession(IIncidentSession inner, string? failWhenTitled) : IIncidentSession
    {
        public Task SaveAsync(Incident incident, CancellationToken cancellationToken) =>
            incident.Title == failWhenTitled ? throw new InvalidOperationException("storage refused this incident") : inner.SaveAsync(incident, cancellationToken);

        public Task<Incident?> FindAsync(long id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);
        public Task<Incident?> FindOpenAsync(string dedupKey, CancellationToken cancellationToken) => inner.FindOpenAsync(dedupKey, cancellationToken);
        public Task<Incident?> FindByOccurrenceAsync(string fingerprint, DateTimeOffset startsAt, CancellationToken cancellationToken) => inner.FindByOccurrenceAsync(fingerprint, startsAt, cancellationToken);
        public Task<Incident?> FindLatestOpenAsync(string teamId, CancellationToken cancellationToken) => inner.FindLatestOpenAsync(teamId, cancellationToken);
        public Task EnqueuePostsAsync(long incidentId, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken) => inner.EnqueuePostsAsync(incidentId, destinationKeys, cancellationToken);
        public Task EnqueueUpdateAsync(long incidentId, string? threadReply, CancellationToken cancellationToken) => inner.EnqueueUpdateAsync(incidentId, threadReply, cancellationToken);

        public Task EnqueueReplyAsync(long incidentId, string text, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken) =>
            inner.EnqueueReplyAsync(incidentId, text, destinationKeys, cancellationToken);
    }
}

public sealed class SqliteGroupCommitIngestTests() : GroupCommitIngestTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresGroupCommitIngestTests(PostgresServer server) : GroupCommitIngestTests(server);
