using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bot.Host.Incidents;

/// <summary>Read models: <c>GET /api/incidents</c> and <c>GET /api/incidents/{id}</c> with its timeline.</summary>
internal static class IncidentEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var incidents = endpoints.MapGroup("/api/incidents").WithTags("Incidents");
        incidents.MapGet("/", ListAsync);
        incidents.MapGet("/{id:long}", GetAsync);
        return endpoints;
    }

    /// <summary>Incidents, newest first, filtered by owning team and state.</summary>
    private static async Task<Results<Ok<IncidentResponse[]>, ProblemHttpResult>> ListAsync(
        IIncidentStore store, string? team, string? state, int? limit, CancellationToken cancellationToken)
    {
        IncidentState? wanted = null;
        if (!string.IsNullOrEmpty(state))
        {
            // Enum.TryParse would also take "1" or "Open, Resolved"; only the three words are states.
            wanted = state.ToLowerInvariant() switch
            {
                "open" => IncidentState.Open,
                "acknowledged" => IncidentState.Acknowledged,
                "resolved" => IncidentState.Resolved,
                _ => null,
            };
            if (wanted is null)
            {
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Invalid state",
                    detail: $"state '{state}' is not an incident state; use open, acknowledged or resolved.");
            }
        }
        if (limit is < 1 or > MaxLimit)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Invalid limit",
                detail: $"limit must be between 1 and {MaxLimit}, got {limit}.");
        }

        var query = new IncidentQuery(string.IsNullOrEmpty(team) ? null : team, wanted, limit ?? DefaultLimit);
        var incidents = await store.ListAsync(query, cancellationToken);
        return TypedResults.Ok(incidents.Select(IncidentResponse.From).ToArray());
    }

    /// <summary>One incident with its timeline (oldest first) and where its chat messages are.</summary>
    private static async Task<Results<Ok<IncidentResponse>, ProblemHttpResult>> GetAsync(
        long id, IIncidentStore store, IOutbox outbox, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } details)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Incident not found",
                detail: $"There is no incident {id}.");
        }
        var messages = await outbox.MessagesOfAsync(MessageSubject.Incident(id), cancellationToken);
        return TypedResults.Ok(IncidentResponse.From(details, messages));
    }
}
