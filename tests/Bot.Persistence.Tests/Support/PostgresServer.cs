using Bot.Testing.Postgres;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bot.Persistence.Tests.Support;

/// <summary>
/// The PostgreSQL server of this test run (<see cref="PostgresCluster"/>), handing each test a database of its own.
/// Where the binaries are missing the PostgreSQL tests are skipped (<see cref="PostgresBinaries.SkipReason"/>) and this
/// fixture does nothing, unless <c>CI=true</c>: then it fails.
/// </summary>
public sealed class PostgresServer(IMessageSink diagnostics) : IAsyncLifetime, ITestDatabaseFactory
{
    private PostgresCluster? _cluster;

    public SqlDialect Dialect => SqlDialect.Postgres;

    /// <summary>The server version, e.g. "15.14"; set once started.</summary>
    public string? Version => _cluster?.Version;

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync("slobot-pg-");
        if (_cluster is not null)
        {
            diagnostics.OnMessage(new DiagnosticMessage(_cluster.Description));
        }
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>A connection string for <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) => Cluster.ConnectionString(database);

    /// <summary>A new, empty database with its own name, so tests never see each other's rows.</summary>
    public async Task<TestDatabase> CreateAsync()
    {
        var cluster = Cluster;
        var name = await cluster.CreateDatabaseAsync("test_");
        var connectionString = cluster.ConnectionString(name);
        return new TestDatabase(
            SqlDialect.Postgres,
            connectionString,
            () => BotDatabase.ForPostgres(connectionString),
            () => new ValueTask(cluster.DropDatabaseAsync(name)));
    }

    private PostgresCluster Cluster =>
        _cluster ?? throw new InvalidOperationException($"The PostgreSQL test server is not running: {PostgresBinaries.NotFoundReason}.");
}
