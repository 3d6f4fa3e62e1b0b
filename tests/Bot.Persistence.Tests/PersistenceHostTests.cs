using Bot.Core.Storage;
using Bot.Persistence.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Bot.Testing;

namespace Bot.Persistence.Tests;

/// <summary>AddPersistence as the host uses it: options, start-up migration, the ports, the readiness check.</summary>
public abstract class PersistenceHostTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    protected override bool MigrateFirst => false;

    [DatabaseFact]
    public async Task Start_EmptyDatabase_MigratesBeforeOtherServicesStart()
    {
        var logs = new RecordingLoggerProvider();
        var probe = new SchemaProbe();
        using var host = PersistenceHost.Build(
            Path.GetTempPath(),
            PersistenceHost.SettingsFor(Test),
            logs,
            services => services.AddHostedService(provider => probe.Attach(provider.GetRequiredService<SchemaMigrator>())));

        await host.StartAsync().WaitAsync(Patience);

        var shipped = SchemaMigrator.LoadScripts(Dialect);
        Assert.Equal(shipped.Select(s => s.Version), probe.VersionsSeenAtStart);
        var applied = logs.Entries.Where(e => e.Values.ContainsKey("MigrationVersion")).ToList();
        Assert.Equal(shipped.Select(s => (object?)s.Version), applied.Select(e => e.Values["MigrationVersion"]));
        Assert.Equal(shipped.Select(s => (object?)s.Name), applied.Select(e => e.Values["MigrationName"]));
        Assert.Contains(logs.Entries, e => e.Values.TryGetValue("DataSource", out var source) && Equals(source, Database.DataSourceDescription));
        await host.StopAsync();
    }

    [DatabaseFact]
    public async Task Start_ThenUseThePorts_StoresWork()
    {
        using var host = PersistenceHost.Build(Path.GetTempPath(), PersistenceHost.SettingsFor(Test));
        await host.StartAsync().WaitAsync(Patience);
        var at = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var claims = host.Services.GetRequiredService<IIdempotencyStore>();
        var console = host.Services.GetRequiredService<IConsoleChannelStore>();

        Assert.True(await claims.TryClaimAsync("slack-event", "Ev1", at, CancellationToken.None));
        Assert.False(await claims.TryClaimAsync("slack-event", "Ev1", at, CancellationToken.None));
        var posted = await console.PostAsync("ops", "hello", null, at, CancellationToken.None);
        Assert.Equal([posted], await console.ListAsync("ops", 5, CancellationToken.None));
        await host.StopAsync();
    }

    [DatabaseFact]
    public async Task ReadinessCheck_DatabaseReachable_ReportsHealthyWithProvider()
    {
        using var host = PersistenceHost.Build(Path.GetTempPath(), PersistenceHost.SettingsFor(Test));
        await host.StartAsync().WaitAsync(Patience);

        var report = await host.Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(registration => registration.Tags.Contains("ready"));

        var entry = report.Entries["database"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal(Dialect == SqlDialect.Sqlite ? "SQLite" : "PostgreSQL", entry.Data["provider"]);
        await host.StopAsync();
    }

    /// <summary>A hosted service registered after AddPersistence: records what schema it finds when it starts.</summary>
    private sealed class SchemaProbe : IHostedService
    {
        private SchemaMigrator? _migrator;

        public IReadOnlyList<int> VersionsSeenAtStart { get; private set; } = [];

        public SchemaProbe Attach(SchemaMigrator migrator)
        {
            _migrator = migrator;
            return this;
        }

        public async Task StartAsync(CancellationToken cancellationToken) =>
            VersionsSeenAtStart = await _migrator!.GetAppliedVersionsAsync(cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

public sealed class SqlitePersistenceHostTests() : PersistenceHostTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresPersistenceHostTests(PostgresServer server) : PersistenceHostTests(server);
