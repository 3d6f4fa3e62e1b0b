namespace Bot.Core.Catalog;

/// <summary>A service owned by exactly one team, deployed to some environments and regions.</summary>
public sealed record Service(
    string Id,
    string Name,
    string TeamId,
    string? Description,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Regions,
    Uri? RunbookUrl,
    Uri? DashboardUrl)
{
    /// <summary>The product landscape the service belongs to (<c>payments</c>, <c>storefront</c>): which stakeholder groups hear of its incidents.</summary>
    public string? Product { get; init; }
}
