using System.Globalization;
using System.Text;

namespace Bot.Core.Slos;

/// <summary>
/// A status report as plain text: the reply's fallback, and what the console shows above its JSON. One line per SLO,
/// worst first: mark, service / SLO, target and window, SLI, budget left, burn 1h / 24h, time to exhaustion, open
/// incidents.
/// </summary>
public static class SloStatusText
{
    public static string Render(SloStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{report.Scope.Title} · {Counts(report.Counts)} · {report.At:yyyy-MM-dd HH:mm} UTC\n");
        if (report.Counts.Total == 0)
        {
            return text.Append("No SLOs in this scope.").ToString();
        }
        if (report.Children.Count > 0)
        {
            text.Append(ChildrenHeading(report)).Append(":\n");
            foreach (var child in report.Children)
            {
                text.Append(CultureInfo.InvariantCulture, $"• {child.Name} · {Counts(child.Counts)}");
                if (child.WorstRemaining is { } worst)
                {
                    text.Append(CultureInfo.InvariantCulture, $" · lowest budget {PlainWords.Percent(worst)} ({child.WorstSloId})");
                }
                text.Append(child.OpenIncidents > 0 ? $" · {Incidents(child.OpenIncidents)}\n" : "\n");
            }
            text.Append("Worst SLOs:\n");
        }
        foreach (var row in report.Rows)
        {
            text.Append(Line(row)).Append('\n');
        }
        if (report.RowsOmitted > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"… and {report.RowsOmitted} more SLO{(report.RowsOmitted == 1 ? "" : "s")}.\n");
        }
        if (report.DrillDown is { } hint)
        {
            text.Append(CultureInfo.InvariantCulture, $"Drill down: {hint}\n");
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>"9 SLOs: 1 exhausted, 2 burning, 5 healthy, 1 no data" (zero counts left out, except healthy).</summary>
    public static string Counts(SloStateCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        return $"{counts.Total} SLO{(counts.Total == 1 ? "" : "s")}: {string.Join(", ", counts.Parts().Select(p => p.Words))}";
    }

    /// <summary>"By domain, worst first", "By domain and team, worst first": the heading of an org unit's roll-up.</summary>
    public static string ChildrenHeading(SloStatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return $"By {string.Join(" and ", report.Children.Select(c => c.Kind).Distinct().Select(KindWord))}, worst first";
    }

    /// <summary>A scope kind in words: "domain", "business line", "team".</summary>
    public static string KindWord(SloScopeKind kind) => kind switch
    {
        SloScopeKind.BusinessLine => "business line",
        _ => kind.ToString().ToLowerInvariant(),
    };

    /// <summary>The mark a row's state shows with: 🔴 exhausted, 🟠 burning, 🟢 healthy, ⚪ no data.</summary>
    public static string Mark(SloState state) => state switch
    {
        SloState.Exhausted => "🔴",
        SloState.Burning => "🟠",
        SloState.Healthy => "🟢",
        _ => "⚪",
    };

    public static string Line(SloStatusRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        var head = $"{Mark(row.State)} {row.ServiceName} / {row.SloName} · {PlainWords.Target(row.Target)} over {row.Window}";
        var incidents = row.OpenIncidents > 0 ? $" · {Incidents(row.OpenIncidents)}" : "";
        if (row.Budget is not { } budget)
        {
            return $"{head} · no data: {row.NoData}{incidents}";
        }
        var estimate = row.Estimate is null ? "" : " · estimate";
        return $"{head} · SLI {PlainWords.Compliance(budget.Compliance)} · budget left {PlainWords.Percent(budget.Remaining)}" +
            $" · burn 1h {PlainWords.Burn(budget.Burn.Last1h)} / 24h {PlainWords.Burn(budget.Burn.Last24h)}" +
            $" · exhaustion: {PlainWords.Exhaustion(budget)}{incidents}{estimate}";
    }

    private static string Incidents(int count) => count == 1 ? "1 open incident" : $"{count} open incidents";
}
