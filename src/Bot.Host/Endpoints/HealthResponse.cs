using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Host.Endpoints;

/// <summary>The body of <c>/health/*</c>: the overall status and, for readiness, each check.</summary>
internal sealed record HealthResponse(HealthStatus Status, IReadOnlyList<HealthCheckResponse>? Checks)
{
    public static HealthResponse From(HealthReport report) => new(
        report.Status,
        [.. report.Entries.Select(entry => new HealthCheckResponse(
            entry.Key,
            entry.Value.Status,
            entry.Value.Description,
            Math.Round(entry.Value.Duration.TotalMilliseconds, 1),
            entry.Value.Data.Count > 0 ? entry.Value.Data : null,
            entry.Value.Exception?.Message))]);
}

/// <param name="Error">The message of the exception the check caught, when it failed with one.</param>
internal sealed record HealthCheckResponse(
    string Name,
    HealthStatus Status,
    string? Description,
    double DurationMs,
    IReadOnlyDictionary<string, object>? Data,
    string? Error);
