using Bot.Core.Catalog;

namespace Bot.Core.Routing;

/// <summary>
/// Picks the places an incident is posted: the owning team's destinations on the chat platforms that are on;
/// the fallback destinations when the alert is unrouted or the team has none on those platforms.
/// </summary>
/// <param name="activePlatforms">Platforms with credentials; the console is on when nothing else is.</param>
public sealed class DestinationResolver(RoutingOptions options, IReadOnlySet<ChatPlatform> activePlatforms)
{
    public IReadOnlySet<ChatPlatform> ActivePlatforms { get; } = activePlatforms;

    public IReadOnlyList<ChatDestination> For(ServiceCatalog catalog, string? teamId)
    {
        var own = teamId is null ? [] : catalog.FindTeam(teamId)?.Destinations.Where(IsActive).ToList() ?? [];
        if (own.Count > 0)
        {
            return own;
        }
        var fallback = options.Fallback.Where(IsActive).ToList();
        // The console is always there, so an incident is never left with nowhere to go.
        return fallback.Count > 0 ? fallback : [new ChatDestination(ChatPlatform.Console, "unrouted-slo-breaches")];
    }

    private bool IsActive(ChatDestination destination) => ActivePlatforms.Contains(destination.Platform);
}
