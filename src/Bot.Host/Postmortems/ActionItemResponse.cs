using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Postmortems;

namespace Bot.Host.Postmortems;

/// <summary>The answer of <c>GET /api/action-items</c>: the items, and per team the figures over its done items.</summary>
internal sealed record ActionItemListResponse(ActionItemResponse[] Items, ActionItemTeamResponse[] Teams);

/// <summary>
/// An action item as the API shows it. Times in days (fractions, e.g. 6.25); <see cref="LeadTimeDays"/> and
/// <see cref="CycleTimeDays"/> only for done items, <see cref="CycleTimeIsUpperBound"/> when In work was skipped.
/// </summary>
internal sealed record ActionItemResponse(
    long Id,
    string Reference,
    long PostmortemId,
    string Postmortem,
    long IncidentId,
    string? Team,
    string? Priority,
    string Title,
    string Driver,
    string? DriverName,
    string ReviewOn,
    bool ReviewOverdue,
    string State,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ReadyAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? ImplementedAt,
    DateTimeOffset? DoneAt,
    double? LeadTimeDays,
    double? CycleTimeDays,
    bool CycleTimeIsUpperBound,
    int Version)
{
    public static ActionItemResponse From(ActionItem item, ServiceCatalog catalog, DateTimeOffset now) => new(
        item.Id,
        item.Reference,
        item.PostmortemId,
        PostmortemReference.Of(item.PostmortemId),
        item.IncidentId,
        item.TeamId,
        item.Priority is { } p ? $"P{p}" : null,
        item.Title,
        item.DriverId,
        catalog.FindMember(item.DriverId)?.DisplayName,
        item.ReviewOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ActionItemReviews.IsOverdue(catalog, item, now),
        ActionItemStates.Word(item.State),
        item.CreatedAt,
        item.CreatedBy.Id,
        item.ReadyAt,
        item.StartedAt,
        item.ImplementedAt,
        item.DoneAt,
        item.LeadTime?.TotalDays,
        item.CycleTime?.TotalDays,
        item.CycleTimeIsUpperBound,
        item.Version);
}

/// <summary>A team's action items in figures: open, past their review date, done, and lead and cycle time (mean, median, in days) over the done ones.</summary>
internal sealed record ActionItemTeamResponse(string? Team, int Open, int ReviewOverdue, int Done, DurationResponse? LeadTime, DurationResponse? CycleTime)
{
    public static ActionItemTeamResponse From(ActionItemSummary summary) => new(
        summary.TeamId, summary.Open, summary.ReviewOverdue, summary.Done, DurationResponse.From(summary.Times.LeadTime), DurationResponse.From(summary.Times.CycleTime));
}

/// <summary>Mean and median in days over <see cref="Count"/> done items.</summary>
internal sealed record DurationResponse(int Count, double MeanDays, double MedianDays)
{
    public static DurationResponse? From(DurationFigures? figures) =>
        figures is null ? null : new DurationResponse(figures.Count, figures.Mean.TotalDays, figures.Median.TotalDays);
}
