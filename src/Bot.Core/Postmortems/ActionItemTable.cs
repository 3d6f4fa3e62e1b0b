using System.Globalization;
using System.Text;
using Bot.Core.Catalog;

namespace Bot.Core.Postmortems;

/// <summary>
/// A team's action items as the book's table (Fig. 9-13): <c>Priority | ID | Title | Driver | Review date | State</c>,
/// done items with their lead and cycle time, and the team's figures over all its done items.
/// </summary>
public static class ActionItemTable
{
    public const string Header = "Priority | ID | Title | Driver | Review date | State";

    /// <summary>The rows the filter keeps (by priority, P1 first and unprioritised last, then review date and id) and the summary line.</summary>
    public static string Render(string teamName, IReadOnlyList<ActionItem> items, ActionItemFilter filter, ServiceCatalog catalog, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(catalog);
        var shown = items
            .Where(i => filter switch
            {
                ActionItemFilter.Open => !i.IsDone,
                ActionItemFilter.Done => i.IsDone,
                _ => true,
            })
            .OrderBy(i => i.Priority ?? int.MaxValue).ThenBy(i => i.ReviewOn).ThenBy(i => i.Id)
            .ToList();
        var which = filter switch
        {
            ActionItemFilter.Open => "open",
            ActionItemFilter.Done => "done",
            _ => "all",
        };
        var text = new StringBuilder();
        if (shown.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"No {(filter == ActionItemFilter.All ? "" : which + " ")}action items for {teamName} ({items.Count} in all).");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"Action items of {teamName} ({which}: {shown.Count} of {items.Count}):\n{Header}");
            foreach (var item in shown)
            {
                text.Append('\n').Append(Row(item, catalog, now));
            }
        }
        if (ActionItemTimes.Of(items).Describe() is { } times)
        {
            text.Append('\n').Append(times);
        }
        return text.ToString();
    }

    /// <summary>One row: <c>P1 | AI-3 | Alert on queue depth | Ana Kovač | 2026-06-10 | Done · lead 6.2 d · cycle 2 d</c>.</summary>
    public static string Row(ActionItem item, ServiceCatalog catalog, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(catalog);
        var driver = catalog.FindMember(item.DriverId)?.DisplayName ?? item.DriverId;
        var overdue = ActionItemReviews.IsOverdue(catalog, item, now) ? " (overdue)" : "";
        var state = ActionItemStates.Describe(item.State);
        if (item.IsDone)
        {
            state += $" · lead {ActionItemTimes.Duration(item.LeadTime!.Value)} · cycle {(item.CycleTimeIsUpperBound ? "≤ " : "")}{ActionItemTimes.Duration(item.CycleTime!.Value)}";
        }
        return string.Create(CultureInfo.InvariantCulture,
            $"{(item.Priority is { } p ? $"P{p}" : "–")} | {item.Reference} | {item.Title} | {driver} | {item.ReviewOn:yyyy-MM-dd}{overdue} | {state}");
    }
}

/// <summary>A team's action items in figures: how many are open, how many of those are past their review date, lead and cycle times of the done ones.</summary>
public sealed record ActionItemSummary(string? TeamId, int Open, int ReviewOverdue, int Done, ActionItemTimes Times)
{
    public static ActionItemSummary Of(string? teamId, IReadOnlyList<ActionItem> items, ServiceCatalog catalog, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new ActionItemSummary(
            teamId,
            items.Count(i => !i.IsDone),
            items.Count(i => ActionItemReviews.IsOverdue(catalog, i, now)),
            items.Count(i => i.IsDone),
            ActionItemTimes.Of(items));
    }

    /// <summary>The line under <c>status &lt;team&gt;</c>: "Action items: 3 open (1 review overdue) · lead time median 5 d".</summary>
    public string StatusLine()
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Action items: {(Open == 0 ? "none" : Open.ToString(CultureInfo.InvariantCulture))} open");
        if (ReviewOverdue > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $" ({ReviewOverdue} review overdue)");
        }
        if (Times.LeadTime is { } lead && Times.CycleTime is { } cycle)
        {
            text.Append(CultureInfo.InvariantCulture,
                $" · lead time median {ActionItemTimes.Duration(lead.Median)}, cycle time median {ActionItemTimes.Duration(cycle.Median)} over {lead.Count} done");
        }
        return text.ToString();
    }
}
