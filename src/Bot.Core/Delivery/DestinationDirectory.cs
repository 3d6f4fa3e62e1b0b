using Bot.Core.Catalog;
using Bot.Core.Routing;

namespace Bot.Core.Delivery;

/// <summary>
/// Turns an outbox destination key (<c>slack:C0123</c>, <c>msteams:19:…@thread.tacv2</c>, <c>console:payments-slo-breaches</c>)
/// back into the full <see cref="ChatDestination"/>: a team's destination in the current catalog, else a fallback
/// destination from <see cref="RoutingOptions"/>.
/// </summary>
/// <remarks>
/// A key the catalog no longer lists (the team's channel changed after the entry was queued) is rebuilt from the key
/// itself, so queued messages still reach the channel they were meant for. Such a rebuilt Teams destination has only
/// the channel (conversation) id, no team or tenant id: the Teams adapter must fall back to its configured tenant.
/// </remarks>
public sealed class DestinationDirectory(CatalogHolder catalog, RoutingOptions routing)
{
    private volatile Index? _index;

    /// <summary>Where incidents go when their own destinations cannot take them.</summary>
    public IReadOnlyList<ChatDestination> Fallback => [.. routing.Fallback];

    /// <summary>The destination the key names, or null when the key is not one this bot writes.</summary>
    public ChatDestination? Resolve(string destinationKey)
    {
        var current = catalog.Current;
        var index = _index;
        if (index is null || !ReferenceEquals(index.Catalog, current))
        {
            index = new Index(current, routing.Fallback);
            _index = index;
        }
        return index.Destinations.GetValueOrDefault(destinationKey) ?? FromKey(destinationKey);
    }

    internal static ChatDestination? FromKey(string destinationKey)
    {
        var colon = destinationKey.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == destinationKey.Length - 1)
        {
            return null;
        }
        ChatPlatform? platform = destinationKey[..colon] switch
        {
            "slack" => ChatPlatform.Slack,
            "msteams" => ChatPlatform.MsTeams,
            "console" => ChatPlatform.Console,
            _ => null,
        };
        return platform is { } known ? new ChatDestination(known, destinationKey[(colon + 1)..]) : null;
    }

    private sealed class Index
    {
        public Index(ServiceCatalog catalog, IEnumerable<ChatDestination> fallback)
        {
            Catalog = catalog;
            // Team destinations win over fallbacks; the first team listing a channel wins (the same channel is the same place).
            foreach (var destination in catalog.Teams.SelectMany(t => t.Destinations).Concat(fallback))
            {
                Destinations.TryAdd(destination.Key, destination);
            }
        }

        public ServiceCatalog Catalog { get; }

        public Dictionary<string, ChatDestination> Destinations { get; } = new(StringComparer.Ordinal);
    }
}
