using Bot.Core.Storage;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;

namespace Bot.Persistence.Tests;

public abstract class IdempotencyStoreTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 30, 0, 59, 59, TimeSpan.Zero);

    protected IIdempotencyStore Store => new SqlIdempotencyStore(Database);

    [DatabaseFact]
    public async Task TryClaim_SameKeyTwice_FirstTrueThenFalse()
    {
        Assert.True(await Store.TryClaimAsync("slack-event", "Ev01", T0, CancellationToken.None));
        Assert.False(await Store.TryClaimAsync("slack-event", "Ev01", T0.AddMinutes(1), CancellationToken.None));
    }

    [DatabaseFact]
    public async Task TryClaim_SameKeyInAnotherScope_IsIndependent()
    {
        Assert.True(await Store.TryClaimAsync("slack-event", "abc", T0, CancellationToken.None));
        Assert.True(await Store.TryClaimAsync("teams-activity", "abc", T0, CancellationToken.None));
        Assert.True(await Store.TryClaimAsync("slack-event", "abd", T0, CancellationToken.None));
        Assert.False(await Store.TryClaimAsync("teams-activity", "abc", T0, CancellationToken.None));
    }

    [DatabaseFact]
    public async Task TryClaim_SixteenConcurrentClaimsOfOneKey_ExactlyOneWins()
    {
        var store = Store;
        var claims = Enumerable.Range(0, 16)
            .Select(_ => Task.Run(() => store.TryClaimAsync("webhook", "delivery-42", T0, CancellationToken.None)));

        var results = await Task.WhenAll(claims).WaitAsync(Patience);

        Assert.Single(results, won => won);
    }

    [DatabaseFact]
    public async Task TryClaim_ConcurrentClaimsFromTwoReplicas_ExactlyOneWins()
    {
        IIdempotencyStore[] replicas = [new SqlIdempotencyStore(Database), new SqlIdempotencyStore(Test.OpenReplica())];
        var claims = Enumerable.Range(0, 16)
            .Select(i => Task.Run(() => replicas[i % 2].TryClaimAsync("webhook", "delivery-43", T0, CancellationToken.None)));

        var results = await Task.WhenAll(claims).WaitAsync(Patience);

        Assert.Single(results, won => won);
    }

    [DatabaseFact]
    public async Task Purge_ClaimsOnBothSidesOfTheCutoff_RemovesOnlyOlderOnes()
    {
        await Store.TryClaimAsync("s", "old", T0.AddTicks(-10), CancellationToken.None);
        await Store.TryClaimAsync("s", "at-cutoff", T0, CancellationToken.None);
        await Store.TryClaimAsync("s", "new", T0.AddDays(1), CancellationToken.None);

        var removed = await Store.PurgeAsync(T0, CancellationToken.None);

        Assert.Equal(1, removed);
        Assert.True(await Store.TryClaimAsync("s", "old", T0.AddDays(2), CancellationToken.None));
        Assert.False(await Store.TryClaimAsync("s", "at-cutoff", T0.AddDays(2), CancellationToken.None));
        Assert.False(await Store.TryClaimAsync("s", "new", T0.AddDays(2), CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Purge_CutoffInAnotherTimeZone_ComparesInstants()
    {
        // 02:00+02:00 is 00:00Z: the claim at 23:30Z the evening before is older, the one at 00:30Z is not.
        var cutoff = new DateTimeOffset(2025, 6, 2, 2, 0, 0, TimeSpan.FromHours(2));
        await Store.TryClaimAsync("s", "before", new DateTimeOffset(2025, 6, 1, 23, 30, 0, TimeSpan.Zero), CancellationToken.None);
        await Store.TryClaimAsync("s", "after", new DateTimeOffset(2025, 6, 1, 20, 30, 0, TimeSpan.FromHours(-4)), CancellationToken.None);

        Assert.Equal(1, await Store.PurgeAsync(cutoff, CancellationToken.None));
        Assert.True(await Store.TryClaimAsync("s", "before", cutoff, CancellationToken.None));
        Assert.False(await Store.TryClaimAsync("s", "after", cutoff, CancellationToken.None));
    }
}

public sealed class SqliteIdempotencyStoreTests() : IdempotencyStoreTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresIdempotencyStoreTests(PostgresServer server) : IdempotencyStoreTests(server);
