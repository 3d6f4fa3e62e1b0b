using Bot.Persistence.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Bot.Persistence.Tests;

/// <summary>What only SQLite has: a file under the content root, WAL, and per-connection durability settings.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly string _contentRoot = Directory.CreateTempSubdirectory("slobot-root-").FullName;

    [Fact]
    public async Task Start_NoConnectionString_CreatesDataBotDbUnderContentRootInWalMode()
    {
        using (var host = PersistenceHost.Build(_contentRoot, new Dictionary<string, string?>()))
        {
            await host.StartAsync();
            await host.StopAsync();
        }

        var file = Path.Combine(_contentRoot, "data", "bot.db");
        Assert.True(File.Exists(file), $"{file} should exist");
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        command.CommandText = "SELECT max(version) FROM schema_version";
        Assert.Equal((long)SchemaMigrator.LoadScripts(SqlDialect.Sqlite)[^1].Version, command.ExecuteScalar());
    }

    [Fact]
    public async Task ForSqlite_RelativeDataSourceInMissingFolder_ResolvedAgainstBaseDirectoryAndFolderCreated()
    {
        await using var database = BotDatabase.ForSqlite("Data Source=state/nested/bot.db", _contentRoot);

        await database.WriteAsync(session => session.ExecuteAsync("CREATE TABLE t (x INTEGER)"), CancellationToken.None);

        var expected = Path.Combine(_contentRoot, "state", "nested", "bot.db");
        Assert.Equal(expected, database.DataSourceDescription);
        Assert.True(File.Exists(expected));
    }

    [Fact]
    public async Task OpenConnection_EveryPooledConnection_HasDurabilitySettings()
    {
        await using var database = BotDatabase.ForSqlite("Data Source=bot.db", _contentRoot, TimeSpan.FromSeconds(7));

        // Two at once, so the pool hands out two different native connections.
        await using var first = await database.OpenConnectionAsync(CancellationToken.None);
        await using var second = await database.OpenConnectionAsync(CancellationToken.None);

        foreach (var connection in new[] { first, second })
        {
            Assert.Equal(
                ("wal", 7000L, 1L, 2L),
                (Pragma<string>(connection, "journal_mode"), Pragma<long>(connection, "busy_timeout"), Pragma<long>(connection, "foreign_keys"), Pragma<long>(connection, "synchronous")));
        }
    }

    [Fact]
    public void ForSqlite_InMemory_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => BotDatabase.ForSqlite("Data Source=:memory:", _contentRoot));

        Assert.Contains("in-memory", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_contentRoot, recursive: true);
    }

    private static T Pragma<T>(System.Data.Common.DbConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return (T)command.ExecuteScalar()!;
    }
}
