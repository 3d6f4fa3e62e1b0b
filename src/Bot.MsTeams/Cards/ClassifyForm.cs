using System.Globalization;
using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using static Bot.MsTeams.Cards.AdaptiveElements;

namespace Bot.MsTeams.Cards;

/// <summary>
/// The priority and severity menus of an incident card (issue #8: "or a menu on the message"): two compact
/// <c>Input.ChoiceSet</c>s showing the current values and a <c>Set</c> button, an <c>Action.Execute</c> with verb
/// <see cref="Verb"/> and data <c>{"incidentId": 42}</c> (its <c>Action.Submit</c> fallback adds <c>"action"</c>); Teams
/// merges the chosen <see cref="PriorityInput"/> (<c>P1</c>) and <see cref="SeverityInput"/> (<c>critical</c>) into it.
/// </summary>
internal static class ClassifyForm
{
    public const string Verb = "incident.classify";
    public const string PriorityInput = "priority";
    public const string SeverityInput = "severity";

    /// <param name="priorities">The catalog's priorities; none leaves the priority menu out.</param>
    public static JsonObject Render(long incidentId, string? priority, IncidentSeverity severity, IReadOnlyList<PriorityDefinition> priorities)
    {
        var columns = new JsonArray();
        if (priorities.Count > 0)
        {
            var choices = priorities.OrderBy(p => p.Level)
                .Select(p => (Title: AdaptiveText.OneLine($"P{Level(p.Level)}{(string.IsNullOrWhiteSpace(p.Name) ? "" : $" · {p.Name}")}"), Value: $"P{Level(p.Level)}"))
                .ToList();
            columns.Add(Column("stretch", [ChoiceSet(PriorityInput, "Priority", choices, choices.Any(c => c.Value == priority) ? priority : null, "Priority")]));
        }
        var severities = Enum.GetValues<IncidentSeverity>().OrderDescending().Select(s => (Title: Word(s), Value: Word(s))).ToList();
        columns.Add(Column("stretch", [ChoiceSet(SeverityInput, "Severity", severities, Word(severity))]));
        var set = Execute("Set", Verb, new JsonObject { [CardActions.IncidentIdKey] = incidentId }, new JsonObject { [CardActions.ActionKey] = Verb, [CardActions.IncidentIdKey] = incidentId });
        var button = Column("auto", [ActionSet([set])]);
        button["verticalContentAlignment"] = "Bottom";
        columns.Add(button);
        return ColumnSet(columns, separator: true);
    }

    /// <summary>The priority level an input value names (<c>P1</c>, <c>p2</c>), or null for none or anything else.</summary>
    public static int? PriorityOf(string? value) =>
        value is { Length: > 1 } && value[0] is 'P' or 'p' && int.TryParse(value.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var level) ? level : null;

    /// <summary>The severity an input value names (<c>critical</c>), or null for none or anything else.</summary>
    public static IncidentSeverity? SeverityOf(string? value) =>
        Enum.GetValues<IncidentSeverity>().Where(s => Word(s) == value?.Trim().ToLowerInvariant()).Select(s => (IncidentSeverity?)s).FirstOrDefault();

    private static string Level(int level) => level.ToString(CultureInfo.InvariantCulture);

    private static string Word(IncidentSeverity severity) => severity.ToString().ToLowerInvariant();
}
