using System.Globalization;
using System.Text.Json.Nodes;
using Bot.Core.Postmortems;
using static Bot.MsTeams.Cards.AdaptiveElements;

namespace Bot.MsTeams.Cards;

/// <summary>
/// A postmortem as an Adaptive Card form to edit it section by section: one multi-line <c>Input.Text</c> per section
/// (id <see cref="InputPrefix"/> + the section's key, the heading as label, the body as value) and a <c>Save</c> button,
/// an <c>Action.Execute</c> with verb <see cref="SaveVerb"/> and data <c>{"postmortemId": 7, "version": 3}</c> (its
/// <c>Action.Submit</c> fallback adds <c>"action"</c>); Teams merges the fields' texts into it. The sections' ids are
/// prefixed so no section key can overwrite the data. When the card would pass Teams' size, the longest sections are
/// shown as a note instead of a field, and left unchanged by a save.
/// </summary>
internal static class PostmortemFormCard
{
    public const string SaveVerb = "postmortem.save";
    public const string PostmortemIdKey = "postmortemId";
    public const string VersionKey = "version";
    public const string InputPrefix = "section.";

    /// <param name="note">A line over the form: what just happened (started, saved), if anything.</param>
    public static JsonObject Render(Postmortem postmortem, string? note = null)
    {
        var shown = postmortem.Sections.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var card = Render(postmortem, note, shown);
        foreach (var longest in postmortem.Sections.OrderByDescending(s => s.Body.Length))
        {
            if (SizeOf(card) <= MaxCardBytes)
            {
                break;
            }
            shown.Remove(longest.Key);
            card = Render(postmortem, note, shown);
        }
        return card;
    }

    private static JsonObject Render(Postmortem postmortem, string? note, HashSet<string> editable)
    {
        var body = new JsonArray();
        if (!string.IsNullOrWhiteSpace(note))
        {
            body.Add(TextBlock(AdaptiveText.Line(note, 300), color: "Good", weight: "Bolder"));
        }
        body.Add(TextBlock(AdaptiveText.Line($"{postmortem.Reference}: {postmortem.Title}", 300), weight: "Bolder", size: "Medium"));
        body.Add(TextBlock(
            AdaptiveText.Escape($"{postmortem.State.ToString().ToLowerInvariant()} · version {postmortem.Version.ToString(CultureInfo.InvariantCulture)}. Each section is Markdown; saving changes only the sections you edited."),
            size: "Small",
            subtle: true,
            spacing: "None"));
        foreach (var section in postmortem.Sections)
        {
            var label = AdaptiveText.OneLine(section.Level > 2 ? $"↳ {section.Heading}" : section.Heading);
            body.Add(editable.Contains(section.Key)
                ? TextInput(InputPrefix + section.Key, label, section.Body.Length == 0 ? null : section.Body, multiline: true)
                : TextBlock(AdaptiveText.Escape($"{label}: too long to edit in a card ({section.Body.Length.ToString(CultureInfo.InvariantCulture)} characters); edit it through the postmortem API."), subtle: true));
        }
        var save = Execute(
            "Save",
            SaveVerb,
            new JsonObject { [PostmortemIdKey] = postmortem.Id, [VersionKey] = postmortem.Version },
            new JsonObject { [CardActions.ActionKey] = SaveVerb, [PostmortemIdKey] = postmortem.Id, [VersionKey] = postmortem.Version },
            "positive");
        return Card(body, [save]);
    }
}
