namespace Bot.Host.Postmortems;

public static class PostmortemEndpoints
{
    /// <summary>The postmortem and action item API, and an incident's timeline (the audit trail).</summary>
    public static IEndpointRouteBuilder MapPostmortemEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
