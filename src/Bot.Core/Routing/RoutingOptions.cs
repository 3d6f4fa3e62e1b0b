using Bot.Core.Catalog;

namespace Bot.Core.Routing;

/// <summary>Where incidents go when the owning team cannot be told. Bound from the <c>Routing</c> section.</summary>
public sealed class RoutingOptions
{
    /// <summary>Destinations for unrouted alerts (and teams with no destination on an active platform).</summary>
    public IList<ChatDestination> Fallback { get; } = [new ChatDestination(ChatPlatform.Console, "unrouted-slo-breaches")];
}
