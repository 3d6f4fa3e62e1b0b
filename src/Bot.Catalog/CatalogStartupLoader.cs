using Bot.Core.Catalog;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Catalog;

/// <summary>
/// Loads the catalog while the host is starting, before any hosted service starts or the server listens:
/// nothing can route an alert without it, so an invalid catalog stops the host with every error.
/// </summary>
internal sealed class CatalogStartupLoader(CatalogHolder holder, ICatalogSource source, ILogger<CatalogStartupLoader> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        var result = holder.Reload();
        if (result.Catalog is { } catalog)
        {
            logger.LogInformation(
                "Loaded the catalog from {CatalogLocation}: {TeamCount} teams, {ServiceCount} services, {SloCount} SLOs ({DefaultSloCount} from defaults)",
                source.Location, catalog.Teams.Count, catalog.Services.Count, catalog.Slos.Count, catalog.Slos.Count(s => s.IsDefault));
            return Task.CompletedTask;
        }
        foreach (var error in result.Errors)
        {
            logger.LogError("{CatalogFile}:{CatalogLine}: {CatalogMessage}", error.File, error.Line, error.Message);
        }
        throw new CatalogInvalidException(source.Location, result.Errors);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
