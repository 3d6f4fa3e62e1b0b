using Bot.Core.Catalog;
using Bot.Host.Admin;
using Bot.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bot.Host.Endpoints;

/// <summary>The catalog as JSON (teams, services with their SLOs, the org tree) and its reload.</summary>
internal static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        var catalog = app.MapGroup("/api/catalog").WithTags("Catalog");
        catalog.MapGet("/teams", GetTeams);
        catalog.MapGet("/services", GetServices);
        catalog.MapGet("/org", GetOrg);

        var admin = catalog.MapGroup("").RequireAdminToken();
        admin.MapPost("/reload", Reload);
        return app;
    }

    private static Ok<TeamResponse[]> GetTeams(CatalogHolder holder) =>
        TypedResults.Ok(holder.Current.Teams.Select(TeamResponse.From).ToArray());

    private static Ok<ServiceResponse[]> GetServices(CatalogHolder holder)
    {
        var catalog = holder.Current;
        return TypedResults.Ok(catalog.Services.Select(service => ServiceResponse.From(service, catalog)).ToArray());
    }

    private static Ok<OrgUnitResponse> GetOrg(CatalogHolder holder) =>
        TypedResults.Ok(OrgUnitResponse.TreeOf(holder.Current));

    /// <summary>
    /// Reads the catalog again; when it is invalid, the last good one stays in use and the errors are returned. A new
    /// catalog reschedules the timers that follow it (each rotation's next handoff, escalations of open incidents).
    /// </summary>
    private static async Task<Results<Ok<CatalogReloadResponse>, ProblemHttpResult>> Reload(
        CatalogHolder holder, ICatalogSource source, TimerSync timers, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(CatalogEndpoints));
        var result = holder.Reload();
        if (result.Catalog is { } catalog)
        {
            logger.LogInformation(
                "Catalog reloaded from {CatalogLocation}: {Teams} teams, {Services} services, {Slos} SLOs",
                source.Location, catalog.Teams.Count, catalog.Services.Count, catalog.Slos.Count);
            await timers.SyncAsync(cancellationToken);
            return TypedResults.Ok(new CatalogReloadResponse(holder.LoadedAt!.Value, catalog.Teams.Count, catalog.Services.Count, catalog.Slos.Count));
        }

        var errors = result.Errors.Select(error => error.ToString()).ToArray();
        logger.LogWarning(
            "Catalog reload from {CatalogLocation} rejected, the catalog loaded at {LoadedAt} stays in use: {CatalogErrors}",
            source.Location, holder.LoadedAt, errors);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            title: "The catalog is invalid",
            detail: $"{errors.Length} error(s) in {source.Location}; the catalog loaded at {holder.LoadedAt:O} stays in use.",
            extensions: new Dictionary<string, object?> { ["errors"] = errors });
    }
}
