using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Persistence.Tests.Support;

/// <summary>
/// Base of a suite that runs on both databases. Write the tests once in an abstract subclass with
/// <see cref="DatabaseFactAttribute"/>; add two thin sealed subclasses: one passing <see cref="SqliteTestDatabases"/>,
/// one in <see cref="PostgresTestGroup"/> passing the <see cref="PostgresServer"/>. Each test gets a fresh
/// database, migrated to the latest schema unless <see cref="MigrateFirst"/> is false.
/// </summary>
public abstract class DatabaseTestBase(ITestDatabaseFactory databases) : IAsyncLifetime
{
    private TestDatabase? _test;

    /// <summary>When the tests run on a deadlock or a lost wake-up, fail them instead of hanging the run.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    protected TestDatabase Test => _test ?? throw new InvalidOperationException("The test database is created in InitializeAsync.");

    protected BotDatabase Database => Test.Database;

    protected SqlDialect Dialect => databases.Dialect;

    protected virtual bool MigrateFirst => true;

    protected ITestDatabaseFactory Databases => databases;

    protected static SchemaMigrator Migrator(BotDatabase database, TimeProvider? clock = null) =>
        new(database, clock ?? TimeProvider.System, NullLogger<SchemaMigrator>.Instance);

    public async Task InitializeAsync()
    {
        _test = await databases.CreateAsync();
        if (MigrateFirst)
        {
            await Migrator(Database).MigrateAsync(CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        if (_test is not null)
        {
            await _test.DisposeAsync();
        }
    }
}
