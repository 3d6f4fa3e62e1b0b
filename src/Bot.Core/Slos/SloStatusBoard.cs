using Bot.Core.Catalog;
using Bot.Core.Incidents;

namespace Bot.Core.Slos;

/// <summary>
/// Answers "how do our SLOs stand?" for a service, a team, an org unit or everything: each SLO's budget from its
/// reading, its open incidents, rows sorted by budget left (lowest first, no data last), and for an org unit a
/// roll-up per child, worst first.
/// </summary>
public sealed class SloStatusBoard(CatalogHolder catalog, SliReadings readings, IIncidentStore incidents, TimeProvider time)
{
    /// <summary>How many of the worst SLOs an org unit's status lists under its roll-up.</summary>
    public const int RowsForOrgUnit = 5;

    /// <summary>
    /// The scope a word names: <c>all</c> (or <c>everything</c>), else a team, service, org unit or SLO id (in that
    /// order); null when it names nothing in the catalog.
    /// </summary>
    public static SloScope? Resolve(ServiceCatalog catalog, string scope)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(scope);
        if (scope is "all" or "everything" or "*")
        {
            return SloScope.Everything;
        }
        if (catalog.FindTeam(scope) is { } team)
        {
            return new SloScope(SloScopeKind.Team, team.Id, team.Name);
        }
        if (catalog.FindService(scope) is { } service)
        {
            return new SloScope(SloScopeKind.Service, service.Id, service.Name);
        }
        if (catalog.FindOrgUnit(scope) is { } unit)
        {
            return new SloScope(KindOf(unit.Kind), unit.Id, unit.Name);
        }
        if (catalog.FindSlo(scope) is { } slo)
        {
            return new SloScope(SloScopeKind.Slo, slo.Id, slo.Name);
        }
        return null;
    }

    public async Task<SloStatusReport> ReportAsync(SloScope scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var current = catalog.Current;
        var slos = SlosIn(current, scope);
        var reads = await readings.ReadAllAsync(slos, cancellationToken);
        var open = await incidents.CountOpenBySloAsync(cancellationToken);
        var rows = new List<SloStatusRow>(slos.Count);
        for (var i = 0; i < slos.Count; i++)
        {
            rows.Add(RowOf(current, slos[i], reads[i], open.GetValueOrDefault(slos[i].Id)));
        }
        rows.Sort(WorstFirst);

        var counts = rows.Aggregate(SloStateCounts.Zero, (c, r) => c.Add(r.State));
        var isUnit = scope.Kind is SloScopeKind.Everything or SloScopeKind.Org or SloScopeKind.BusinessLine or SloScopeKind.Domain;
        if (!isUnit)
        {
            return new SloStatusReport(scope, time.GetUtcNow(), counts, rows, 0, [], null);
        }
        var children = ChildrenOf(current, scope)
            .Select(child => Rollup(current, child, rows))
            .Where(r => r.Counts.Total > 0)
            .OrderBy(r => r, Comparer<SloRollup>.Create(WorstFirst))
            .ToList();
        var shown = rows.Take(RowsForOrgUnit).ToList();
        var drillDown = children.Count > 0 ? $"status {children[0].Id}" : null;
        return new SloStatusReport(scope, time.GetUtcNow(), counts, shown, rows.Count - shown.Count, children, drillDown);
    }

    private static SloStatusRow RowOf(ServiceCatalog catalog, Slo slo, SliRead read, int openIncidents)
    {
        var service = catalog.FindService(slo.ServiceId);
        var budget = read.Reading is { } reading ? ErrorBudget.Evaluate(slo, reading) : null;
        return new SloStatusRow(
            slo.Id, slo.Name, slo.ServiceId, service?.Name ?? slo.ServiceId, service?.TeamId ?? "", slo.Sli, slo.Target, slo.Window,
            budget?.State ?? SloState.NoData, budget, read.Reading?.Origin, read.Reading?.Estimate, read.NoDataReason, openIncidents);
    }

    /// <summary>Lowest budget left first; among equals the faster burn; SLOs without data last.</summary>
    private static int WorstFirst(SloStatusRow a, SloStatusRow b)
    {
        if ((a.Budget is null) != (b.Budget is null))
        {
            return a.Budget is null ? 1 : -1;
        }
        var byRemaining = (a.Budget?.Remaining ?? 0).CompareTo(b.Budget?.Remaining ?? 0);
        if (byRemaining != 0)
        {
            return byRemaining;
        }
        var byBurn = (b.Budget?.CurrentBurn ?? 0).CompareTo(a.Budget?.CurrentBurn ?? 0);
        return byBurn != 0 ? byBurn : string.CompareOrdinal(a.SloId, b.SloId);
    }

    /// <summary>Most exhausted first, then most burning, then the lowest budget left.</summary>
    private static int WorstFirst(SloRollup a, SloRollup b)
    {
        var c = b.Counts.Exhausted.CompareTo(a.Counts.Exhausted);
        if (c == 0)
        {
            c = b.Counts.Burning.CompareTo(a.Counts.Burning);
        }
        if (c == 0)
        {
            c = (a.WorstRemaining ?? double.MaxValue).CompareTo(b.WorstRemaining ?? double.MaxValue);
        }
        return c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
    }

    private static SloRollup Rollup(ServiceCatalog catalog, SloScope child, IReadOnlyList<SloStatusRow> rows)
    {
        var mine = child.Kind == SloScopeKind.Team
            ? rows.Where(r => r.TeamId == child.Id).ToList()
            : rows.Where(r => catalog.PathTo(r.TeamId).Contains(child.Id, StringComparer.Ordinal)).ToList();
        var worst = mine.FirstOrDefault(r => r.Budget is not null);
        return new SloRollup(
            child.Id, child.Name, child.Kind, mine.Aggregate(SloStateCounts.Zero, (c, r) => c.Add(r.State)),
            worst?.Budget?.Remaining, worst?.SloId, mine.Sum(r => r.OpenIncidents));
    }

    /// <summary>The SLOs a scope covers, in catalog order.</summary>
    public static IReadOnlyList<Slo> SlosIn(ServiceCatalog catalog, SloScope scope)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(scope);
        return scope.Kind switch
        {
            SloScopeKind.Everything => catalog.Slos,
            SloScopeKind.Slo => catalog.FindSlo(scope.Id) is { } slo ? [slo] : [],
            SloScopeKind.Service => [.. catalog.SlosOf(scope.Id)],
            SloScopeKind.Team => [.. catalog.ServicesOf(scope.Id).SelectMany(s => catalog.SlosOf(s.Id))],
            _ => [.. catalog.Slos.Where(s => catalog.FindService(s.ServiceId) is { } service && catalog.PathTo(service.TeamId).Contains(scope.Id, StringComparer.Ordinal))],
        };
    }

    /// <summary>The next level down: the root's children for everything (or the roots when there are several), else the unit's child units and teams.</summary>
    private static IEnumerable<SloScope> ChildrenOf(ServiceCatalog catalog, SloScope scope)
    {
        var parent = scope.Kind == SloScopeKind.Everything
            ? catalog.OrgUnits.Where(u => u.ParentId is null).ToList() is [var root] ? root.Id : null
            : scope.Id;
        var units = catalog.OrgUnits.Where(u => u.ParentId == parent && u.Id != parent).Select(u => new SloScope(KindOf(u.Kind), u.Id, u.Name));
        var teams = catalog.Teams.Where(t => parent is not null && t.ParentId == parent).Select(t => new SloScope(SloScopeKind.Team, t.Id, t.Name));
        return units.Concat(teams);
    }

    private static SloScopeKind KindOf(OrgUnitKind kind) => kind switch
    {
        OrgUnitKind.Org => SloScopeKind.Org,
        OrgUnitKind.BusinessLine => SloScopeKind.BusinessLine,
        OrgUnitKind.Domain => SloScopeKind.Domain,
        _ => SloScopeKind.Team,
    };
}
