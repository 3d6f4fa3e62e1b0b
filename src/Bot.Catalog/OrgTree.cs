using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>
/// Checks the organisation tree: one root of kind org; every parent known; no cycle; each unit below a unit of a
/// higher level (org → business line → domain). Levels may be skipped, so a small company can hang domains or
/// teams straight under the org; they may never go back up. Teams are leaves and may hang under any org unit.
/// </summary>
internal static class OrgTree
{
    public static void Validate(
        IReadOnlyList<OrgUnitDeclaration> declared,
        IReadOnlyDictionary<string, OrgUnitDeclaration> units,
        IReadOnlyList<TeamDeclaration> teams,
        IReadOnlyDictionary<string, TeamDeclaration> teamsById,
        string location,
        ErrorList errors)
    {
        // Later duplicates of an id were reported already; the tree is checked on first declarations.
        var firsts = declared.Where(u => u.Unit.Id.Length > 0 && ReferenceEquals(units[u.Unit.Id], u)).ToList();
        CheckRoot(firsts, declared, location, errors);
        foreach (var unit in firsts)
        {
            if (unit.Unit.ParentId is { } parent && !units.ContainsKey(parent))
            {
                errors.Add(unit.ParentAt, UnknownParent($"org unit '{unit.Unit.Id}'", parent, teamsById));
            }
        }
        var inCycle = FindCycles(firsts, units, errors);
        foreach (var unit in firsts.Where(u => !inCycle.Contains(u.Unit.Id)))
        {
            if (unit is { Kind: { } kind, Unit.ParentId: { } parentId } && units.TryGetValue(parentId, out var parent) && parent.Kind is { } parentKind && parentKind >= kind)
            {
                errors.Add(unit.ParentAt, $"org unit '{unit.Unit.Id}': parent '{parentId}' is a {Describe(parentKind)}; a {Describe(kind)} sits below {Above(kind)}");
            }
        }
        foreach (var team in teams.Where(t => t.Team.ParentId.Length > 0 && !units.ContainsKey(t.Team.ParentId)))
        {
            errors.Add(team.ParentAt, UnknownParent($"team '{team.Team.Id}'", team.Team.ParentId, teamsById));
        }
    }

    private static void CheckRoot(List<OrgUnitDeclaration> units, IReadOnlyList<OrgUnitDeclaration> declared, string location, ErrorList errors)
    {
        var roots = units.Where(u => u.Kind == OrgUnitKind.Org).ToList();
        // A unit whose kind could not be read may be the intended root; its own error says enough.
        if (roots.Count == 0 && declared.All(u => u.Kind is not null))
        {
            errors.Add(new SourceLine(location, 0), "the org tree has no root; declare one org unit with kind: org");
        }
        foreach (var extra in roots.Skip(1))
        {
            errors.Add(extra.At, $"org unit '{extra.Unit.Id}': a second org unit of kind org; the tree has one root, '{roots[0].Unit.Id}' at {roots[0].At}");
        }
    }

    /// <summary>Reports each cycle once, from its first-declared unit, and returns the ids of every unit on one.</summary>
    private static HashSet<string> FindCycles(List<OrgUnitDeclaration> units, IReadOnlyDictionary<string, OrgUnitDeclaration> byId, ErrorList errors)
    {
        var order = units.Select((u, i) => (u.Unit.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var finished = new Dictionary<string, bool>(StringComparer.Ordinal);
        var inCycle = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in units)
        {
            var path = new List<string>();
            string? current = start.Unit.Id;
            while (current is not null && byId.ContainsKey(current) && !finished.ContainsKey(current))
            {
                finished[current] = false;
                path.Add(current);
                current = byId[current].Unit.ParentId;
            }
            if (current is not null && finished.TryGetValue(current, out var done) && !done)
            {
                var cycle = path[path.IndexOf(current)..];
                var first = cycle.IndexOf(cycle.MinBy(id => order[id])!);
                var fromFirst = cycle[first..].Concat(cycle[..first]).ToList();
                errors.Add(byId[fromFirst[0]].ParentAt, $"org unit '{fromFirst[0]}': cycle in the org tree: {string.Join(" -> ", fromFirst)} -> {fromFirst[0]}");
                inCycle.UnionWith(cycle);
            }
            path.ForEach(id => finished[id] = true);
        }
        return inCycle;
    }

    private static string UnknownParent(string context, string parent, IReadOnlyDictionary<string, TeamDeclaration> teams) =>
        teams.ContainsKey(parent)
            ? $"{context}: parent '{parent}' is a team; teams are leaves of the org tree"
            : $"{context}: unknown parent '{parent}'";

    private static string Describe(OrgUnitKind kind) => kind switch
    {
        OrgUnitKind.Org => "org",
        OrgUnitKind.BusinessLine => "business line",
        OrgUnitKind.Domain => "domain",
        _ => "team",
    };

    private static string Above(OrgUnitKind kind) => kind == OrgUnitKind.BusinessLine ? "the org" : "the org or a business line";
}
