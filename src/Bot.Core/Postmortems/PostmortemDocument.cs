using System.Globalization;
using System.Text;
using Bot.Core.Catalog;

namespace Bot.Core.Postmortems;

/// <summary>
/// A postmortem as one Markdown document: its title, its sections in order, and the action item table rendered live
/// where a section holds <c>{{action_items}}</c>, so the export always shows the items as they stand.
/// </summary>
public static class PostmortemDocument
{
    /// <summary>The whole document; <paramref name="actionItems"/> are the postmortem's, as they stand now.</summary>
    public static string Markdown(Postmortem postmortem, IReadOnlyList<ActionItem> actionItems, ServiceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(postmortem);
        var text = new StringBuilder();
        text.Append("# ").Append(postmortem.Title).Append("\n\n");
        text.Append(CultureInfo.InvariantCulture, $"_{postmortem.Reference}, {postmortem.State.ToString().ToLowerInvariant()}, version {postmortem.Version}, template {postmortem.Template}._\n");
        var table = ActionItemTable(postmortem, actionItems, catalog);
        foreach (var section in postmortem.Sections)
        {
            text.Append('\n').Append(new string('#', section.Level)).Append(' ').Append(section.Heading).Append('\n');
            var body = Render(section.Body, table);
            if (body.Length > 0)
            {
                text.Append(body).Append('\n');
            }
        }
        return text.ToString();
    }

    /// <summary>A section body with the live table in place of <c>{{action_items}}</c>.</summary>
    public static string Render(string body, string actionItemTable)
    {
        ArgumentNullException.ThrowIfNull(body);
        return PostmortemTemplate.Replace(body, new Dictionary<string, string> { [PostmortemPlaceholders.ActionItems] = actionItemTable }).Trim('\n');
    }

    /// <summary>
    /// <c>| Priority | ID | Title | Driver | Review date | State |</c> (book Fig. 9-13), one row per item; with none, how to add one.
    /// </summary>
    public static string ActionItemTable(Postmortem postmortem, IReadOnlyList<ActionItem> actionItems, ServiceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(postmortem);
        ArgumentNullException.ThrowIfNull(actionItems);
        ArgumentNullException.ThrowIfNull(catalog);
        if (actionItems.Count == 0)
        {
            return $"No action items yet; add one with `action add {postmortem.Reference} <title> driver @person review <date>`.";
        }
        var text = new StringBuilder("| Priority | ID | Title | Driver | Review date | State |\n|---|---|---|---|---|---|\n");
        foreach (var item in actionItems)
        {
            var driver = catalog.FindMember(item.DriverId)?.DisplayName ?? item.DriverId;
            text.Append(CultureInfo.InvariantCulture,
                $"| {(item.Priority is { } p ? $"P{p}" : "–")} | {item.Reference} | {Cell(item.Title)} | {Cell(driver)} | {item.ReviewOn:yyyy-MM-dd} | {StateWords(item.State)} |\n");
        }
        return text.ToString().TrimEnd('\n');
    }

    /// <summary>An action item state as the book writes it: New, Ready, In work, Implemented, Done.</summary>
    public static string StateWords(ActionItemState state) => state == ActionItemState.InWork ? "In work" : state.ToString();

    private static string Cell(string text) => text.ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal);
}
