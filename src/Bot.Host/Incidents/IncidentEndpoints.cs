namespace Bot.Host.Incidents;

/// <summary>Read models: <c>GET /api/incidents</c> and <c>GET /api/incidents/{id}</c> with its timeline.</summary>
internal static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
