using Bot.Persistence.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Bot.Persistence.Tests;

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresMigrationLockTests(PostgresServer server)
{
    [PostgresFact]
    public async Task MigrateAsync_AnotherReplicaHoldsTheMigrationLock_WaitsUntilItIsReleased()
    {
        await using var test = await server.CreateAsync();
        await using var otherReplica = new NpgsqlConnection(test.ConnectionString);
        await otherReplica.OpenAsync();
        await using var held = await otherReplica.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({SchemaMigrator.AdvisoryLockKey})", otherReplica, held))
        {
            await take.ExecuteNonQueryAsync();
        }

        var migration = new SchemaMigrator(test.Database, TimeProvider.System, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        await Eventually.TrueAsync(
            async () =>
            {
                await using var waiting = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted", otherReplica, held);
                return (long)(await waiting.ExecuteScalarAsync())! == 1;
            },
            "the migrator waits for the advisory lock");

        Assert.False(migration.IsCompleted);
        Assert.Empty(await SchemaCatalog.TablesAsync(test.Database));

        await held.CommitAsync();
        var applied = await migration.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(SchemaMigrator.LoadScripts(SqlDialect.Postgres).Select(s => s.Version), applied);
    }
}
