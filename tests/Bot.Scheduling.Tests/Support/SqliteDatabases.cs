using Microsoft.Data.Sqlite;

namespace Bot.Scheduling.Tests.Support;

/// <summary>SQLite files in temporary folders, never <c>:memory:</c>, so WAL and the file's write lock behave as in production.</summary>
public sealed class SqliteDatabases : ITestDatabases
{
    public Task<TestDatabase> CreateAsync()
    {
        var folder = Directory.CreateTempSubdirectory("slobot-sched-").FullName;
        var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "bot.db") }.ToString();
        return Task.FromResult(new TestDatabase("Sqlite", connectionString, () =>
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
            return ValueTask.CompletedTask;
        }));
    }
}
