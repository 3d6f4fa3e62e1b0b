using Bot.Testing.Postgres;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Bot.Scheduling.Tests.Support;

/// <summary>The PostgreSQL server of this test run (<see cref="PostgresCluster"/>), handing each test a database of its own.</summary>
public sealed class PostgresServer(IMessageSink diagnostics) : IAsyncLifetime, ITestDatabases
{
    private PostgresCluster? _cluster;

    public async Task InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync("slobot-sched-pg-");
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

    /// <summary>A new, empty database with its own name.</summary>
    public async Task<TestDatabase> CreateAsync()
    {
        var cluster = _cluster ?? throw new InvalidOperationException($"The PostgreSQL test server is not running: {PostgresBinaries.NotFoundReason}.");
        var name = await cluster.CreateDatabaseAsync("sched_");
        return new TestDatabase("Postgres", cluster.ConnectionString(name), () => new ValueTask(cluster.DropDatabaseAsync(name)));
    }
}
