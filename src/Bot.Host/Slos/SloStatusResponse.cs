using Bot.Core.Slos;

namespace Bot.Host.Slos;

/// <summary>
/// A status report as JSON (<c>GET /api/slo/status</c>): figures as numbers (ratios, not percentages: 0.62 is 62%),
/// the same figures in words as the chat rows show them, and the plain-text rendering.
/// </summary>
internal sealed record SloStatusResponse(
    ScopeResponse Scope,
    DateTimeOffset At,
    CountsResponse Counts,
    SloRowResponse[] Rows,
    int RowsOmitted,
    RollupResponse[] Children,
    string? DrillDown,
    string Text)
{
    public static SloStatusResponse From(SloStatusReport report) => new(
        new ScopeResponse(Word(report.Scope.Kind), report.Scope.Id, report.Scope.Name, report.Scope.Title),
        report.At,
        CountsResponse.From(report.Counts),
        [.. report.Rows.Select(SloRowResponse.From)],
        report.RowsOmitted,
        [.. report.Children.Select(c => new RollupResponse(c.Id, c.Name, Word(c.Kind), CountsResponse.From(c.Counts), c.WorstRemaining, c.WorstSloId, c.OpenIncidents))],
        report.DrillDown,
        SloStatusText.Render(report));

    internal static string Word(SloScopeKind kind) => kind switch
    {
        SloScopeKind.BusinessLine => "businessLine",
        _ => kind.ToString().ToLowerInvariant(),
    };

    internal static string Word(SloState state) => state switch
    {
        SloState.NoData => "noData",
        _ => state.ToString().ToLowerInvariant(),
    };
}

internal sealed record ScopeResponse(string Kind, string Id, string Name, string Title);

internal sealed record CountsResponse(int Total, int Healthy, int Burning, int Exhausted, int NoData)
{
    public static CountsResponse From(SloStateCounts counts) => new(counts.Total, counts.Healthy, counts.Burning, counts.Exhausted, counts.NoData);
}

/// <param name="Window">"28d rolling" or "4 calendar weeks".</param>
/// <param name="Burn">Burn rates by window (<c>5m</c>, <c>1h</c>, <c>6h</c>, <c>24h</c>, <c>7d</c>); null where unknown.</param>
/// <param name="DepletionPerHour">Share of the period's budget used per hour at the current burn (0.0054 is 0.54 %/h).</param>
/// <param name="TimeToExhaustionHours">At the current burn; 0 once exhausted; null when it does not run out.</param>
/// <param name="Exhaustion">The same in words, as the chat row says it.</param>
/// <param name="Origin">prometheus, pushed or breaches; null without data.</param>
internal sealed record SloRowResponse(
    string SloId,
    string SloName,
    string ServiceId,
    string ServiceName,
    string TeamId,
    string Sli,
    double Target,
    string Window,
    string State,
    double? Compliance,
    double? Consumed,
    double? Remaining,
    Dictionary<string, double?>? Burn,
    double? DepletionPerHour,
    double? TimeToExhaustionHours,
    string? Exhaustion,
    int? DaysLeftInPeriod,
    double? AllowedDowntimeMinutes,
    string? Origin,
    string? Estimate,
    string? NoData,
    int OpenIncidents)
{
    public static SloRowResponse From(SloStatusRow row)
    {
        var b = row.Budget;
        return new SloRowResponse(
            row.SloId, row.SloName, row.ServiceId, row.ServiceName, row.TeamId, row.Sli.ToString().ToLowerInvariant(), row.Target,
            row.Window.ToString(), SloStatusResponse.Word(row.State),
            b?.Compliance, b?.Consumed, b?.Remaining,
            b is null ? null : new Dictionary<string, double?>
            {
                ["5m"] = b.Burn.Last5m,
                ["1h"] = b.Burn.Last1h,
                ["6h"] = b.Burn.Last6h,
                ["24h"] = b.Burn.Last24h,
                ["7d"] = b.Burn.Last7d,
            },
            b?.DepletionPerHour,
            b?.TimeToExhaustion?.TotalHours,
            b is null ? null : PlainWords.Exhaustion(b),
            b?.DaysLeftInPeriod,
            b?.AllowedDowntime.TotalMinutes,
            row.Origin?.ToString().ToLowerInvariant(),
            row.Estimate,
            row.NoData,
            row.OpenIncidents);
    }
}

internal sealed record RollupResponse(string Id, string Name, string Kind, CountsResponse Counts, double? WorstRemaining, string? WorstSloId, int OpenIncidents);
