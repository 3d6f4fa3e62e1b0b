using System.Text.Json.Nodes;

namespace Bot.MsTeams.Fake;

/// <summary>A message as it stands now in Teams: its latest activity JSON, its earlier versions, and its thread.</summary>
/// <param name="ConversationId">
/// Where it lives: <c>{channel};messageid={root}</c> for a channel post or reply, <c>a:…</c> for a personal chat.
/// </param>
/// <param name="ChannelId">The channel, or null in a personal chat.</param>
/// <param name="RootId">The id of the thread's root post (its own id for a root); null in a personal chat.</param>
/// <param name="ReplyToId">The activity the bot replied to through <c>…/activities/{id}</c>, if it did.</param>
/// <param name="Activity">A copy of the current activity as sent, with the fake's <c>id</c>, <c>from</c> and <c>conversation</c>.</param>
/// <param name="History">Earlier versions, oldest first; one per update.</param>
/// <param name="Replies">The thread's replies, oldest first (roots only; deleted ones left out).</param>
public sealed record TeamsMessage(
    string Id,
    string ConversationId,
    string? ChannelId,
    string? RootId,
    string? ReplyToId,
    string FromId,
    string? FromName,
    bool FromBot,
    JsonObject Activity,
    IReadOnlyList<JsonObject> History,
    bool Deleted,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<TeamsMessage> Replies)
{
    public int EditCount => History.Count;

    public string? Text => Activity["text"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public JsonArray Attachments => Activity["attachments"] as JsonArray ?? [];

    /// <summary>The content of the first Adaptive Card attachment, or null.</summary>
    public JsonObject? Card => Attachments
        .OfType<JsonObject>()
        .FirstOrDefault(a => a["contentType"]?.GetValue<string>() == ActivityRules.AdaptiveCardContentType)?["content"] as JsonObject;

    /// <summary>Everything the message shows as text: its text, then every <c>text</c>, <c>title</c> and <c>value</c> string in its card.</summary>
    public string AllText => string.Join('\n', new[] { Text }.Concat(CardTexts(Card)).Where(t => !string.IsNullOrEmpty(t)));

    /// <summary>
    /// The people the message mentions, as Teams notifies them: each <c>mention</c> entity (the activity's
    /// <c>entities</c>, or the card's <c>msteams.entities</c>) with a <c>mentioned.id</c> whose <c>text</c> appears in
    /// the message's text or in its card's texts. An entity without its <c>&lt;at&gt;</c> in the text, or an
    /// <c>&lt;at&gt;</c> without an entity, shows as plain text and notifies nobody.
    /// </summary>
    public IReadOnlyList<TeamsMentioned> Mentions
    {
        get
        {
            var cardTexts = CardTexts(Card).OfType<string>().ToList();
            var inText = MentionsIn(Activity["entities"]).Where(m => Text?.Contains(m.Text, StringComparison.Ordinal) == true);
            var inCard = MentionsIn(Card?["msteams"]?["entities"]).Where(m => cardTexts.Any(t => t.Contains(m.Text, StringComparison.Ordinal)));
            return [.. inText.Concat(inCard)];
        }
    }

    /// <summary>The <c>verb</c> of every <c>Action.Execute</c> in the card, in document order.</summary>
    public IReadOnlyList<string> Verbs => [.. Actions(Card).Select(a => a["verb"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).OfType<string>()];

    /// <summary>Every <c>Action.Execute</c> in the card, in document order, wherever it sits (card actions, ActionSets, ShowCards).</summary>
    public static IEnumerable<JsonObject> Actions(JsonNode? card) => card switch
    {
        JsonObject o when o["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type == "Action.Execute" =>
            [o, .. o.Where(p => p.Key != "fallback").SelectMany(p => Actions(p.Value))],
        JsonObject o => o.Where(p => p.Key != "fallback").SelectMany(p => Actions(p.Value)),
        JsonArray a => a.SelectMany(Actions),
        _ => [],
    };

    private static IEnumerable<TeamsMentioned> MentionsIn(JsonNode? entities) =>
        (entities as JsonArray ?? [])
            .OfType<JsonObject>()
            .Where(e => Str(e["type"]) == "mention")
            .Select(e => (Id: Str(e["mentioned"]?["id"]), Name: Str(e["mentioned"]?["name"]), Text: Str(e["text"])))
            .Where(e => !string.IsNullOrEmpty(e.Id) && !string.IsNullOrEmpty(e.Text))
            .Select(e => new TeamsMentioned(e.Id!, e.Name, e.Text!));

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static IEnumerable<string?> CardTexts(JsonNode? node) => node switch
    {
        JsonObject o => o.Where(p => p.Key != "msteams")
            .SelectMany(p => p.Key is "text" or "title" or "value" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : CardTexts(p.Value)),
        JsonArray a => a.SelectMany(CardTexts),
        _ => [],
    };
}

/// <summary>A person a message mentions: their user id, the name given, and the <c>&lt;at&gt;…&lt;/at&gt;</c> text it stands for.</summary>
public sealed record TeamsMentioned(string Id, string? Name, string Text);
