namespace Bot.Core.Catalog;

/// <summary>A node of the organisation tree above teams: the org, a business line or a domain.</summary>
public sealed record OrgUnit(string Id, string Name, OrgUnitKind Kind, string? ParentId);

/// <summary>The levels of the organisation tree, root first. Teams are the leaves.</summary>
public enum OrgUnitKind
{
    Org,
    BusinessLine,
    Domain,
    Team,
}
