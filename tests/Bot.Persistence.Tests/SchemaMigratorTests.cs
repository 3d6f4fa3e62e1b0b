using Bot.Persistence.Tests.Support;

namespace Bot.Persistence.Tests;

public abstract class SchemaMigratorTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private static readonly DateTimeOffset Now = new DateTimeOffset(2025, 11, 2, 6, 30, 0, TimeSpan.Zero).AddTicks(1_234_567);

    protected override bool MigrateFirst => false;

    private IReadOnlyList<MigrationScript> Shipped => SchemaMigrator.LoadScripts(Dialect);

    [DatabaseFact]
    public async Task MigrateAsync_EmptyDatabase_CreatesEveryTableAndRecordsEveryVersion()
    {
        Assert.Empty(await SchemaCatalog.TablesAsync(Database));
        Assert.Empty(await Migrator(Database).GetAppliedVersionsAsync(CancellationToken.None));

        var applied = await Migrator(Database, new FixedTimeProvider(Now)).MigrateAsync(CancellationToken.None);

        Assert.Equal(Shipped.Select(s => s.Version), applied);
        var tables = await SchemaCatalog.TablesAsync(Database);
        Assert.Equal(SchemaCatalog.TablesCreatedBy(Shipped), tables);
        Assert.Contains("idempotency_claims", tables);
        Assert.Contains("console_messages", tables);
        Assert.Equal(
            Shipped.Select(s => (s.Version, s.Name, Now.AddTicks(-7))),
            (await ReadVersionsAsync()).Select(v => (v.Version, v.Name, v.AppliedAt)));
    }

    [DatabaseFact]
    public async Task MigrateAsync_SecondRun_ChangesNothing()
    {
        await Migrator(Database, new FixedTimeProvider(Now)).MigrateAsync(CancellationToken.None);
        var before = await ReadVersionsAsync();

        var applied = await Migrator(Database, new FixedTimeProvider(Now.AddDays(1))).MigrateAsync(CancellationToken.None);

        Assert.Empty(applied);
        Assert.Equal(before, await ReadVersionsAsync());
        Assert.Equal(SchemaCatalog.TablesCreatedBy(Shipped), await SchemaCatalog.TablesAsync(Database));
    }

    [DatabaseFact]
    public async Task MigrateAsync_DatabaseNewerThanThisBuild_StopsNamingBothVersions()
    {
        await Migrator(Database).MigrateAsync(CancellationToken.None);
        var future = Shipped[^1].Version + 7;
        await Database.WriteAsync(
            session => session.ExecuteAsync(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@future, 'from_the_future', @Now)",
                new { future, Now }),
            CancellationToken.None);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator(Database).MigrateAsync(CancellationToken.None));

        Assert.Contains($"schema version {future}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"versions up to {Shipped[^1].Version}", error.Message, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task MigrateAsync_ScriptAddedByALaterRelease_AppliesOnlyThatScript()
    {
        await Migrator(Database).MigrateAsync(CancellationToken.None);
        var next = new MigrationScript(Shipped[^1].Version + 1, "extra_things", "CREATE TABLE extra_things (id integer NOT NULL PRIMARY KEY)");

        var applied = await new SchemaMigrator(Database, [.. Shipped, next], new FixedTimeProvider(Now)).MigrateAsync(CancellationToken.None);

        Assert.Equal([next.Version], applied);
        Assert.Contains("extra_things", await SchemaCatalog.TablesAsync(Database));
        Assert.Equal((next.Version, "extra_things"), (await ReadVersionsAsync()).Select(v => (v.Version, v.Name)).Last());
    }

    [DatabaseFact]
    public async Task MigrateAsync_ScriptFailsHalfway_LeavesNeitherItsChangesNorItsVersion()
    {
        await Migrator(Database).MigrateAsync(CancellationToken.None);
        var broken = new MigrationScript(
            Shipped[^1].Version + 1,
            "broken",
            "CREATE TABLE half_done (id integer NOT NULL); INSERT INTO no_such_table (id) VALUES (1);");
        var migrator = new SchemaMigrator(Database, [.. Shipped, broken], TimeProvider.System);

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => migrator.MigrateAsync(CancellationToken.None));

        Assert.DoesNotContain("half_done", await SchemaCatalog.TablesAsync(Database));
        Assert.Equal(Shipped.Select(s => s.Version), await migrator.GetAppliedVersionsAsync(CancellationToken.None));
    }

    [DatabaseFact]
    public async Task MigrateAsync_FourReplicasStartTogether_ApplyEachScriptOnce()
    {
        var replicas = Enumerable.Range(0, 4).Select(_ => Test.OpenReplica()).ToList();

        var applied = await Task.WhenAll(replicas.Select(replica => Task.Run(() => Migrator(replica).MigrateAsync(CancellationToken.None))))
            .WaitAsync(Patience);

        Assert.Equal(Shipped.Select(s => s.Version), applied.SelectMany(versions => versions).Order());
        Assert.Equal(Shipped.Select(s => s.Version), (await ReadVersionsAsync()).Select(v => v.Version));
    }

    private Task<IReadOnlyList<VersionRow>> ReadVersionsAsync() =>
        Database.ReadAsync<IReadOnlyList<VersionRow>>(
            async session => [.. await session.QueryAsync<VersionRow>("SELECT version, name, applied_at AS appliedat FROM schema_version ORDER BY version")],
            CancellationToken.None);

    private sealed record VersionRow
    {
        public int Version { get; init; }

        public string Name { get; init; } = "";

        public DateTimeOffset AppliedAt { get; init; }
    }
}

public sealed class SqliteSchemaMigratorTests() : SchemaMigratorTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresSchemaMigratorTests(PostgresServer server) : SchemaMigratorTests(server);
