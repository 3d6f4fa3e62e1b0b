using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Persistence;

/// <summary>
/// Migrates the schema in <see cref="IHostedLifecycleService.StartingAsync"/>, which the host runs before any
/// hosted service's StartAsync, so the server listens and workers start only on a current schema.
/// </summary>
internal sealed class DatabaseStartupService(BotDatabase database, SchemaMigrator migrator, ILogger<DatabaseStartupService> logger)
    : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Database: {DatabaseProvider} at {DataSource}", database.ProviderName, database.DataSourceDescription);
        await migrator.MigrateAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
