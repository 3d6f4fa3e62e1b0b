using Microsoft.Data.Sqlite;

namespace Bot.Persistence.Tests.Support;

/// <summary>
/// SQLite test databases: a file in its own temporary folder, never <c>:memory:</c>, so WAL, the write lock and
/// several connections behave as in production.
/// </summary>
public sealed class SqliteTestDatabases : ITestDatabaseFactory
{
    public SqlDialect Dialect => SqlDialect.Sqlite;

    public Task<TestDatabase> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("slobot-sqlite-").FullName;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "bot.db") }.ToString();
        return Task.FromResult(new TestDatabase(
            SqlDialect.Sqlite,
            connectionString,
            () => BotDatabase.ForSqlite(connectionString, folder),
            () =>
            {
                Directory.Delete(folder, recursive: true);
                return ValueTask.CompletedTask;
            }));
    }
}
