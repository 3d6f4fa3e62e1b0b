using Bot.Core.Catalog;

namespace Bot.Core.Slos;

/// <summary>
/// The answer to <c>status</c>: the SLOs of a service, team, org unit or the whole catalog, each with its budget, sorted
/// by budget left (lowest first; no data last); for an org unit also a roll-up per child (worst first) and a hint to
/// drill down. Every adapter renders it (Block Kit, Adaptive Card, console) and the API returns it as JSON.
/// </summary>
/// <param name="Rows">The SLOs shown: all of them for a team or service; the worst <see cref="SloStatusBoard.RowsForOrgUnit"/> for an org unit.</param>
/// <param name="RowsOmitted">SLOs in scope not shown as rows (counted in <see cref="Counts"/> and <see cref="Children"/>).</param>
/// <param name="Children">For an org unit or everything: one roll-up per child unit or team, worst first; empty otherwise.</param>
/// <param name="DrillDown">What to type next, e.g. "status checkout", or null.</param>
public sealed record SloStatusReport(
    SloScope Scope,
    DateTimeOffset At,
    SloStateCounts Counts,
    IReadOnlyList<SloStatusRow> Rows,
    int RowsOmitted,
    IReadOnlyList<SloRollup> Children,
    string? DrillDown);

/// <summary>What a status is about.</summary>
/// <param name="Id">The catalog id (org unit, team, service or SLO); <c>all</c> for everything.</param>
public sealed record SloScope(SloScopeKind Kind, string Id, string Name)
{
    public static SloScope Everything { get; } = new(SloScopeKind.Everything, "all", "All SLOs");

    /// <summary>"Team Checkout", "Domain Discovery", "All SLOs".</summary>
    public string Title => Kind switch
    {
        SloScopeKind.Everything => Name,
        SloScopeKind.BusinessLine => $"Business line {Name}",
        _ => $"{Kind} {Name}",
    };
}

public enum SloScopeKind
{
    Everything,
    Org,
    BusinessLine,
    Domain,
    Team,
    Service,
    Slo,
}

/// <summary>One SLO's line: what it promises, how its budget stands, and how many incidents are open on it.</summary>
/// <param name="Budget">Null when there is no data (<see cref="NoData"/> says why).</param>
/// <param name="Estimate">Set when the figures are estimated from breaches: how.</param>
public sealed record SloStatusRow(
    string SloId,
    string SloName,
    string ServiceId,
    string ServiceName,
    string TeamId,
    SliKind Sli,
    double Target,
    SloWindow Window,
    SloState State,
    BudgetStatus? Budget,
    SliOrigin? Origin,
    string? Estimate,
    string? NoData,
    int OpenIncidents);

/// <summary>How many SLOs are in each state.</summary>
public sealed record SloStateCounts(int Healthy, int Burning, int Exhausted, int NoData)
{
    public static SloStateCounts Zero { get; } = new(0, 0, 0, 0);

    public int Total => Healthy + Burning + Exhausted + NoData;

    /// <summary>The worst state any SLO is in: what a roll-up row is marked with.</summary>
    public SloState Worst => Exhausted > 0 ? SloState.Exhausted : Burning > 0 ? SloState.Burning : Healthy > 0 ? SloState.Healthy : SloState.NoData;

    /// <summary>"1 exhausted", "2 burning", "5 healthy", "1 no data", worst first: zero counts left out, except healthy.</summary>
    public IEnumerable<(SloState State, string Words)> Parts()
    {
        if (Exhausted > 0)
        {
            yield return (SloState.Exhausted, $"{Exhausted} exhausted");
        }
        if (Burning > 0)
        {
            yield return (SloState.Burning, $"{Burning} burning");
        }
        yield return (SloState.Healthy, $"{Healthy} healthy");
        if (NoData > 0)
        {
            yield return (SloState.NoData, $"{NoData} no data");
        }
    }

    public SloStateCounts Add(SloState state) => state switch
    {
        SloState.Healthy => this with { Healthy = Healthy + 1 },
        SloState.Burning => this with { Burning = Burning + 1 },
        SloState.Exhausted => this with { Exhausted = Exhausted + 1 },
        _ => this with { NoData = NoData + 1 },
    };
}

/// <summary>A child of an org unit in its roll-up: its counts and its worst SLO.</summary>
/// <param name="WorstRemaining">The lowest budget left among its SLOs with data.</param>
public sealed record SloRollup(string Id, string Name, SloScopeKind Kind, SloStateCounts Counts, double? WorstRemaining, string? WorstSloId, int OpenIncidents);
