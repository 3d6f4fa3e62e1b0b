using System.Text.Json.Nodes;
using Bot.Core.Notifications;
using static Bot.MsTeams.Cards.AdaptiveElements;

namespace Bot.MsTeams.Cards;

/// <summary>
/// What the cards of the bot's kept-up-to-date messages (<see cref="IncidentCard"/>, <see cref="NoticeCard"/>) share:
/// cutting texts until the card fits, the facts with each reader's local time, and the buttons with their fallback.
/// </summary>
internal static class MessageCards
{
    public const int MaxFactTitleLength = 60;
    public const int MaxFacts = 24;

    /// <summary>How long texts (facts, lines) may be, longest first: each is tried in turn until the card fits.</summary>
    public static IReadOnlyList<int> TextLimits { get; } = [600, 300, 150, 75];

    /// <summary>The last of <see cref="TextLimits"/>: texts are cut no shorter.</summary>
    public static int ShortestTextLimit => TextLimits[^1];

    /// <summary>
    /// The card rendered with texts cut to each of <see cref="TextLimits"/> in turn, until it fits in
    /// <see cref="AdaptiveElements.MaxCardBytes"/> (or the shortest is reached): long texts must not cost the message.
    /// </summary>
    public static JsonObject Fit(Func<int, JsonObject> render)
    {
        JsonObject card = null!;
        foreach (var max in TextLimits)
        {
            card = render(max);
            if (SizeOf(card) <= MaxCardBytes)
            {
                break;
            }
        }
        return card;
    }

    /// <summary>The fields as a FactSet (at most <see cref="MaxFacts"/>), values cut to <paramref name="maxValue"/>.</summary>
    public static JsonObject Facts(IEnumerable<MessageField> fields, int maxValue) =>
        FactSet([.. fields.Take(MaxFacts).Select(f => (JsonNode)Fact(AdaptiveText.Line(f.Name, MaxFactTitleLength), LocalTime(f, maxValue)))]);

    /// <summary>
    /// A button for <paramref name="action"/> on the subject <paramref name="idKey"/> = <paramref name="id"/>: an
    /// <c>Action.Execute</c> with the action id as its verb, and an <c>Action.Submit</c> fallback naming both (<see cref="CardActions"/>).
    /// </summary>
    public static JsonObject Button(MessageAction action, string idKey, long id, string? style = null) => Execute(
        AdaptiveText.OneLine(action.Text),
        action.Id,
        new JsonObject { [idKey] = id },
        new JsonObject { [CardActions.ActionKey] = action.Id, [idKey] = id },
        style);

    /// <summary>A fact's value, escaped, with the instant it tells of (written as UTC text) shown in the reader's time.</summary>
    private static string LocalTime(MessageField field, int max)
    {
        var value = AdaptiveText.Truncate(AdaptiveText.OneLine(field.Value), max);
        if (field.At is not { } at)
        {
            return AdaptiveText.Escape(value);
        }
        var utc = MessageField.Utc(at);
        return string.Join(AdaptiveText.LocalDateTime(at), value.Split(utc).Select(AdaptiveText.Escape));
    }
}
