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

    /// <summary>The keys of the team's channels (not direct messages) on the active platforms: where its incidents' threads are.</summary>
    public IReadOnlyList<string> ChannelKeys(ServiceCatalog catalog, string? teamId) =>
        [.. For(catalog, teamId).Where(d => !d.IsDirect).Select(d => d.Key)];

    /// <summary>
    /// Where a direct message to <paramref name="member"/> goes: one per active platform they have a user id on (the
    /// console uses the member id). A Teams one carries the tenant of their team's Teams channel.
    /// </summary>
    public IReadOnlyList<ChatDestination> DirectTo(ServiceCatalog catalog, Member member)
    {
        var tenant = catalog.Teams
            .Where(t => t.Members.Any(m => m.Id == member.Id))
            .SelectMany(t => t.Destinations)
            .FirstOrDefault(d => d.Platform == ChatPlatform.MsTeams)?.MsTeamsTenantId;
        return [.. Enum.GetValues<ChatPlatform>()
            .Where(ActivePlatforms.Contains)
            .Select(p => (Platform: p, UserId: member.UserIdOn(p)))
            .Where(p => !string.IsNullOrEmpty(p.UserId))
            .Select(p => ChatDestination.Direct(p.Platform, p.UserId!, p.Platform == ChatPlatform.MsTeams ? tenant : null))];
    }

    private bool IsActive(ChatDestination destination) => ActivePlatforms.Contains(destination.Platform);
}
