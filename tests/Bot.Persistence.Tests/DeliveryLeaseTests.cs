using Bot.Persistence.Tests.Support;
using Dapper;

namespace Bot.Persistence.Tests;

/// <summary>One deliverer per database: replicas on PostgreSQL take turns through an advisory lock.</summary>
[Collection(PostgresTestGroup.Name)]
public sealed class PostgresDeliveryLeaseTests(PostgresServer server) : IAsyncLifetime
{
    private readonly FixedTimeProvider _clock = new(IncidentTestData.T0);
    private TestDatabase? _test;

    private TestDatabase Test => _test!;

    public async Task InitializeAsync() => _test = await server.CreateAsync();

    public async Task DisposeAsync() => await Test.DisposeAsync();

    [PostgresFact]
    public async Task Hold_TwoReplicas_OnlyOneDelivers()
    {
        await using var first = new PostgresDeliveryLease(Test.OpenReplica(), _clock);
        await using var second = new PostgresDeliveryLease(Test.OpenReplica(), _clock);

        Assert.True(await first.HoldAsync(CancellationToken.None));
        Assert.False(await second.HoldAsync(CancellationToken.None));
        Assert.True(await first.HoldAsync(CancellationToken.None));
    }

    [PostgresFact]
    public async Task Hold_HolderStops_AnotherReplicaTakesOver()
    {
        var first = new PostgresDeliveryLease(Test.OpenReplica(), _clock);
        await using var second = new PostgresDeliveryLease(Test.OpenReplica(), _clock);
        Assert.True(await first.HoldAsync(CancellationToken.None));

        await first.DisposeAsync();

        Assert.True(await second.HoldAsync(CancellationToken.None));
    }

    [PostgresFact]
    public async Task Hold_HoldersSessionDies_ItNoticesAndAnotherTakesOver()
    {
        await using var first = new PostgresDeliveryLease(Test.OpenReplica(), _clock);
        await using var second = new PostgresDeliveryLease(Test.OpenReplica(), _clock);
        Assert.True(await first.HoldAsync(CancellationToken.None));

        // As if the replica's connection were cut: the server ends the session that holds the lock.
        await using (var admin = await Test.Database.OpenConnectionAsync(CancellationToken.None))
        {
            await admin.ExecuteAsync(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = @key::bigint % 4294967296 AND granted",
                new { key = PostgresDeliveryLease.LockKey });
        }
        _clock.Now = _clock.Now.AddSeconds(10);

        Assert.True(await second.HoldAsync(CancellationToken.None));
        Assert.False(await first.HoldAsync(CancellationToken.None));
    }
}

public sealed class SqliteDeliveryLeaseTests
{
    [Fact]
    public async Task Hold_SingleProcess_AlwaysDelivers()
    {
        await using var lease = new SingleProcessDeliveryLease();

        Assert.True(await lease.HoldAsync(CancellationToken.None));
    }
}
