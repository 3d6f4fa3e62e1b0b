using Bot.Core.Catalog;

namespace Bot.Host.Endpoints;

/// <summary>
/// A node of the org tree as <c>GET /api/catalog/org</c> shows it, with the services and SLOs of every team
/// beneath it counted in.
/// </summary>
internal sealed record OrgUnitResponse(
    string Id,
    string Name,
    OrgUnitKind Kind,
    int Services,
    int Slos,
    IReadOnlyList<OrgUnitResponse> Children,
    IReadOnlyList<OrgTeamResponse> Teams)
{
    /// <summary>The whole tree from its root, the org (a loaded catalog has exactly one); children and teams in catalog order.</summary>
    public static OrgUnitResponse TreeOf(ServiceCatalog catalog)
    {
        var childrenOf = catalog.OrgUnits.Where(unit => unit.ParentId is not null).ToLookup(unit => unit.ParentId!, StringComparer.Ordinal);
        var teamsOf = catalog.Teams.ToLookup(team => team.ParentId, StringComparer.Ordinal);

        OrgUnitResponse Build(OrgUnit unit)
        {
            var children = childrenOf[unit.Id].Select(Build).ToList();
            var teams = teamsOf[unit.Id].Select(team => OrgTeamResponse.From(team, catalog)).ToList();
            return new OrgUnitResponse(
                unit.Id,
                unit.Name,
                unit.Kind,
                children.Sum(child => child.Services) + teams.Sum(team => team.Services),
                children.Sum(child => child.Slos) + teams.Sum(team => team.Slos),
                children,
                teams);
        }

        return Build(catalog.OrgUnits.Single(unit => unit.ParentId is null));
    }
}

/// <summary>A team as a leaf of the org tree.</summary>
internal sealed record OrgTeamResponse(string Id, string Name, int Services, int Slos)
{
    public static OrgTeamResponse From(Team team, ServiceCatalog catalog)
    {
        var services = catalog.ServicesOf(team.Id).ToList();
        return new OrgTeamResponse(team.Id, team.Name, services.Count, services.Sum(service => catalog.SlosOf(service.Id).Count()));
    }
}
