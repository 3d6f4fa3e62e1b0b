using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Incidents;

namespace Bot.Slack.BlockKit;

/// <summary>
/// The priority and severity menus of an incident message (issue #8: "or a menu on the message"): a <c>static_select</c>
/// each, beside the buttons, showing the current value. An option's <c>value</c> is <c>{incident id}:{choice}</c>
/// (<c>42:P1</c>, <c>42:critical</c>), so a choice names what it classifies, as a button's value does.
/// </summary>
internal static class IncidentMenus
{
    public const string PriorityActionId = "incident.priority";
    public const string SeverityActionId = "incident.severity";

    /// <summary>The two menus: priority (the catalog's priorities, when it defines any) and severity.</summary>
    public static IEnumerable<BlockElement> For(long incidentId, string? priority, IncidentSeverity severity, IReadOnlyList<PriorityDefinition> priorities)
    {
        var id = incidentId.ToString(CultureInfo.InvariantCulture);
        if (priorities.Count > 0)
        {
            var options = priorities
                .OrderBy(p => p.Level)
                .Take(StaticSelectElement.MaxOptions)
                .Select(p => Option($"P{p.Level.ToString(CultureInfo.InvariantCulture)}{(string.IsNullOrWhiteSpace(p.Name) ? "" : $" · {p.Name}")}", $"{id}:P{p.Level.ToString(CultureInfo.InvariantCulture)}"))
                .ToList();
            yield return new StaticSelectElement(
                PriorityActionId,
                new PlainText("Priority"),
                options,
                options.FirstOrDefault(o => o.Value == $"{id}:{priority}"));
        }
        var severities = Enum.GetValues<IncidentSeverity>().OrderDescending().Select(s => Option(Word(s), $"{id}:{Word(s)}")).ToList();
        yield return new StaticSelectElement(
            SeverityActionId,
            new PlainText("Severity"),
            severities,
            severities.FirstOrDefault(o => o.Value == $"{id}:{Word(severity)}"));
    }

    /// <summary>The incident and the priority level a chosen priority option names, or null when it is not one of these menus' values.</summary>
    public static (long IncidentId, int Level)? PriorityOf(string? value) =>
        Split(value) is { } split && split.Choice.Length > 1 && split.Choice[0] is 'P' or 'p'
            && int.TryParse(split.Choice.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var level)
            ? (split.IncidentId, level)
            : null;

    /// <summary>The incident and the severity a chosen severity option names, or null when it is not one of these menus' values.</summary>
    public static (long IncidentId, IncidentSeverity Severity)? SeverityOf(string? value)
    {
        if (Split(value) is not { } split)
        {
            return null;
        }
        foreach (var severity in Enum.GetValues<IncidentSeverity>())
        {
            if (Word(severity) == split.Choice)
            {
                return (split.IncidentId, severity);
            }
        }
        return null;
    }

    private static (long IncidentId, string Choice)? Split(string? value)
    {
        var colon = value?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && long.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? (id, value![(colon + 1)..])
            : null;
    }

    private static SelectOption Option(string text, string value) =>
        new(new PlainText(SlackText.Truncate(text, SelectOption.MaxTextLength)), value);

    private static string Word(IncidentSeverity severity) => severity.ToString().ToLowerInvariant();
}
