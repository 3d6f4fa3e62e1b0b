using Bot.Core.Incidents;

namespace Bot.Core.Catalog;

/// <summary>
/// Who may act on a team's incidents and what hangs off them (classification, roles, stakeholder notifications,
/// postmortems, action items): the team's members and admins and the catalog's admins; for something no team owns (an
/// unrouted incident), anyone in the catalog.
/// </summary>
public static class WhoMayAct
{
    /// <summary>Why <paramref name="by"/> may not do <paramref name="what"/> (e.g. "acknowledge incident #42"), or null when they may.</summary>
    /// <param name="teamId">The owning team; null when no team owns it.</param>
    /// <param name="others">Who else may, in the refusal's words (", admins and the driver"); the default is " and admins".</param>
    public static string? Refusal(ServiceCatalog catalog, string? teamId, Actor by, string what, string others = " and admins")
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(by);
        if (catalog.IsAdmin(by.Id))
        {
            return null;
        }
        if (teamId is null)
        {
            return catalog.FindMember(by.Id) is not null ? null : $"Only people in the catalog may {what}; '{by.Id}' is not in it.";
        }
        var team = catalog.FindTeam(teamId);
        return team is not null && (team.FindMember(by.Id) is not null || team.IsAdmin(by.Id))
            ? null
            : $"Only members of team '{teamId}'{others} may {what}; {by.Name} is not one.";
    }
}
