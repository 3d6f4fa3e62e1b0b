using Bot.Core.Catalog;

namespace Bot.Core.Stakeholders;

/// <summary>
/// Who hears of an incident (book Table 8.5, relevance): the stakeholder groups of the rings its priority names, kept
/// only when the incident concerns their geography and product landscape.
/// </summary>
/// <remarks>
/// The rule: a group with products hears of an incident only when the incident's service is one of those products (a
/// service with no product concerns every group); a group whose geography is not <c>worldwide</c> (or empty) hears of
/// it only when the incident's region is that geography or starts with it and a dash, compared without case
/// (<c>eu-central-1</c> is in <c>EU</c>, <c>us-east-1</c> in <c>US</c>). An incident without a region concerns every
/// geography. Name a geography as the prefix of its regions (<c>ap-northeast</c>) for regions that do not start with it.
/// </remarks>
public static class StakeholderAudience
{
    /// <summary>The geography that means every region.</summary>
    public const string Worldwide = "worldwide";

    /// <summary>The rings a priority names, lowest number first, each with its groups that the incident concerns.</summary>
    public static IReadOnlyList<RingAudience> For(ServiceCatalog catalog, PriorityDefinition priority, string? region, string? product)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(priority);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var audiences = new List<RingAudience>();
        foreach (var ring in catalog.Rings.Where(r => priority.Rings.Contains(r.Number)).OrderBy(r => r.Number))
        {
            var groups = ring.GroupIds
                .Select(id => catalog.StakeholderGroups.FirstOrDefault(g => g.Id == id))
                .OfType<StakeholderGroup>()
                .Where(g => IsRelevant(g, region, product) && seen.Add(g.Id))
                .ToList();
            audiences.Add(new RingAudience(ring, groups));
        }
        return audiences;
    }

    /// <summary>Whether an incident in <paramref name="region"/> of <paramref name="product"/> concerns the group (see the remarks of <see cref="StakeholderAudience"/>).</summary>
    public static bool IsRelevant(StakeholderGroup group, string? region, string? product)
    {
        ArgumentNullException.ThrowIfNull(group);
        var productFits = group.Products.Count == 0
            || string.IsNullOrEmpty(product)
            || group.Products.Contains(product, StringComparer.OrdinalIgnoreCase);
        return productFits && InGeography(group.Geography, region);
    }

    /// <summary>Whether the region lies in the geography: worldwide or none, an unknown region, the same name, or the name and a dash.</summary>
    public static bool InGeography(string? geography, string? region)
    {
        if (string.IsNullOrWhiteSpace(geography) || geography.Equals(Worldwide, StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(region))
        {
            return true;
        }
        return region.Equals(geography, StringComparison.OrdinalIgnoreCase)
            || (region.Length > geography.Length
                && region.StartsWith(geography, StringComparison.OrdinalIgnoreCase)
                && region[geography.Length] == '-');
    }
}

/// <summary>A ring the priority names and those of its groups the incident concerns (none when it concerns none of them).</summary>
public sealed record RingAudience(StakeholderRing Ring, IReadOnlyList<StakeholderGroup> Groups);
