using Bot.Host.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Host.Endpoints;

/// <summary>Probes for orchestrators and load balancers.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/health").WithTags("Health");

        // Liveness runs no checks: a database outage must not get a healthy process restarted.
        group.MapGet("/live", () => TypedResults.Ok(new HealthResponse(HealthStatus.Healthy, null)));
        group.MapGet("/ready", GetReadinessAsync);
        return app;
    }

    /// <summary>Runs the checks tagged <c>ready</c> (database, catalog); 503 when any is unhealthy.</summary>
    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> GetReadinessAsync(
        HealthCheckService health, HttpContext http, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(HealthTags.Ready), cancellationToken);
        var body = HealthResponse.From(report);
        http.Response.Headers.CacheControl = "no-store";
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(body);
    }
}
