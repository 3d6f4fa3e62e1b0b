using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using static Bot.MsTeams.Cards.AdaptiveElements;

namespace Bot.MsTeams.Cards;

/// <summary>
/// The incident as an Adaptive Card (schema 1.5): a banner coloured by state and severity (red or amber while open,
/// blue once acknowledged, green when resolved) with the headline and title; severity, priority and state; a warning
/// when no team owns the alert; the facts; the links as <c>Action.OpenUrl</c>; and a button per action as
/// <c>Action.Execute</c> with an <c>Action.Submit</c> fallback (<see cref="CardActions"/>), under the priority and
/// severity menus (<see cref="ClassifyForm"/>; priorities from the catalog). A fact's instant
/// (<see cref="MessageField.At"/>) becomes <c>DATE()</c>/<c>TIME()</c>, so each reader sees their local time.
/// </summary>
internal static class IncidentCard
{
    /// <summary>The neutral message's field that says why no team owns the incident; shown as a warning, not a fact.</summary>
    internal const string UnroutedField = "Unrouted";

    private const int MaxTitleLength = 300;
    private const int MaxHeadlineLength = 200;

    /// <summary>The card; facts are cut shorter until it fits (<see cref="MessageCards.Fit"/>).</summary>
    /// <param name="priorities">The catalog's priorities, the priority menu's choices; none leaves that menu out.</param>
    public static JsonObject Render(IncidentMessage message, IReadOnlyList<PriorityDefinition>? priorities = null) =>
        MessageCards.Fit(max => Render(message, priorities ?? [], max));

    private static JsonObject Render(IncidentMessage message, IReadOnlyList<PriorityDefinition> priorities, int maxFactValue)
    {
        var (style, color) = Banner(message.State, message.Severity);
        var body = new JsonArray
        {
            Container(
                [
                    TextBlock(AdaptiveText.Line(message.Headline, MaxHeadlineLength), weight: "Bolder", color: color),
                    TextBlock(AdaptiveText.Line(message.Title, MaxTitleLength), weight: "Bolder", size: "Large", spacing: "Small"),
                ],
                style: style,
                bleed: true),
            Badges(message),
        };

        if (message.Fields.FirstOrDefault(f => f.Name == UnroutedField) is { } unrouted)
        {
            body.Add(TextBlock(
                $"⚠ No team owns this alert: {AdaptiveText.Line(unrouted.Value, maxFactValue)}",
                weight: "Bolder",
                color: "Warning"));
        }

        var facts = message.Fields.Where(f => f.Name != UnroutedField).ToList();
        if (facts.Count > 0)
        {
            body.Add(MessageCards.Facts(facts, maxFactValue));
        }

        if (message.Links.Count > 0)
        {
            body.Add(ActionSet([.. message.Links.Select(l => (JsonNode)OpenUrl(AdaptiveText.OneLine(l.Text), l.Url))]));
        }

        body.Add(ClassifyForm.Render(message.IncidentId, message.Priority, message.Severity, priorities));

        JsonArray actions = [.. message.Actions.Select(action => (JsonNode)MessageCards.Button(
            action,
            CardActions.IncidentIdKey,
            message.IncidentId,
            action.Id == MessageAction.Acknowledge.Id ? "positive" : null))];

        return Card(body, actions);
    }

    /// <summary>Severity, priority and state side by side, each a small label over its value.</summary>
    private static JsonObject Badges(IncidentMessage message)
    {
        var columns = new JsonArray { Badge("Severity", Lower(message.Severity), SeverityColor(message.Severity)) };
        if (message.Priority is { } priority)
        {
            columns.Add(Badge("Priority", AdaptiveText.Line(priority, MessageCards.MaxFactTitleLength), null));
        }
        columns.Add(Badge("State", Lower(message.State), null));
        return ColumnSet(columns);

        static JsonObject Badge(string label, string value, string? color) => Column("auto",
        [
            TextBlock(label, size: "Small", subtle: true),
            TextBlock(value, weight: "Bolder", color: color, spacing: "None"),
        ]);
    }

    /// <summary>The banner's container style and text colour: red or amber while open (by severity), blue acknowledged, green resolved.</summary>
    private static (string Style, string Color) Banner(IncidentState state, IncidentSeverity severity) => state switch
    {
        IncidentState.Resolved => ("good", "Good"),
        IncidentState.Acknowledged => ("accent", "Accent"),
        _ => severity == IncidentSeverity.Warning ? ("warning", "Warning") : ("attention", "Attention"),
    };

    private static string SeverityColor(IncidentSeverity severity) => severity == IncidentSeverity.Warning ? "Warning" : "Attention";

    private static string Lower<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();
}
