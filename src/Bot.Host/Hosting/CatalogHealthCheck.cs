using Bot.Core.Catalog;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Host.Hosting;

/// <summary>Ready once a catalog has been loaded; reports when, and how much it holds.</summary>
internal sealed class CatalogHealthCheck(CatalogHolder holder, ICatalogSource source) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!holder.IsLoaded)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy($"No catalog has been loaded from {source.Location}."));
        }

        var catalog = holder.Current;
        var data = new Dictionary<string, object>
        {
            ["loadedAt"] = holder.LoadedAt!.Value,
            ["teams"] = catalog.Teams.Count,
            ["services"] = catalog.Services.Count,
            ["slos"] = catalog.Slos.Count,
        };
        return Task.FromResult(HealthCheckResult.Healthy(
            $"Loaded from {source.Location}: {catalog.Teams.Count} teams, {catalog.Services.Count} services, {catalog.Slos.Count} SLOs.",
            data));
    }
}
