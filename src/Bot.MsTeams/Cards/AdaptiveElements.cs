using System.Text;
using System.Text.Json.Nodes;

namespace Bot.MsTeams.Cards;

/// <summary>
/// The Adaptive Card elements the bot uses, one factory per element type, named as in the schema explorer
/// (<see href="https://adaptivecards.io/explorer/"/>). Text passed in is already escaped (<see cref="AdaptiveText"/>).
/// </summary>
internal static class AdaptiveElements
{
    /// <summary>Teams renders schema 1.5, the version <c>Action.Execute</c> needs there (protocols.md B4).</summary>
    public const string Version = "1.5";

    /// <summary>
    /// What a card may take on the wire, serialized as the connector client sends it: Teams refuses a message of about
    /// 28 KB, and the activity around the card (ids, conversation, summary text) needs the rest.
    /// </summary>
    public const int MaxCardBytes = 24 * 1024;

    /// <summary>
    /// A card; <c>msteams.width = Full</c> lets facts and lists use the whole message column in Teams, and
    /// <c>msteams.entities</c> pairs each <c>&lt;at&gt;</c> in its texts with the person mentioned (<see cref="TeamsMentions"/>).
    /// </summary>
    public static JsonObject Card(JsonArray body, JsonArray? actions = null, JsonArray? mentions = null)
    {
        var msteams = new JsonObject { ["width"] = "Full" };
        if (mentions is { Count: > 0 })
        {
            msteams["entities"] = mentions;
        }
        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = Version,
            ["msteams"] = msteams,
            ["body"] = body,
        };
        if (actions is { Count: > 0 })
        {
            card["actions"] = actions;
        }
        return card;
    }

    public static JsonObject TextBlock(
        string text,
        string? weight = null,
        string? size = null,
        string? color = null,
        bool subtle = false,
        string? fontType = null,
        string? spacing = null,
        bool separator = false)
    {
        var block = new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true };
        Set(block, "weight", weight);
        Set(block, "size", size);
        Set(block, "color", color);
        if (subtle)
        {
            block["isSubtle"] = true;
        }
        Set(block, "fontType", fontType);
        Set(block, "spacing", spacing);
        if (separator)
        {
            block["separator"] = true;
        }
        return block;
    }

    /// <summary>A container; <paramref name="style"/> (<c>good</c>, <c>attention</c>, <c>warning</c>, <c>accent</c>, <c>emphasis</c>) colours its background.</summary>
    public static JsonObject Container(JsonArray items, string? style = null, bool bleed = false, bool separator = false, string? spacing = null)
    {
        var container = new JsonObject { ["type"] = "Container" };
        Set(container, "style", style);
        if (bleed)
        {
            container["bleed"] = true;
        }
        if (separator)
        {
            container["separator"] = true;
        }
        Set(container, "spacing", spacing);
        container["items"] = items;
        return container;
    }

    public static JsonObject ColumnSet(JsonArray columns, bool separator = false, string? spacing = null)
    {
        var set = new JsonObject { ["type"] = "ColumnSet", ["columns"] = columns };
        if (separator)
        {
            set["separator"] = true;
        }
        Set(set, "spacing", spacing);
        return set;
    }

    /// <param name="width"><c>auto</c>, <c>stretch</c> or a weight.</param>
    public static JsonObject Column(string width, JsonArray items) =>
        new() { ["type"] = "Column", ["width"] = width, ["items"] = items };

    /// <summary>A column taking <paramref name="weight"/> shares of the width the <c>auto</c> columns leave: columns of the same weights line up like a table's.</summary>
    public static JsonObject Column(int weight, JsonArray items) =>
        new() { ["type"] = "Column", ["width"] = weight, ["items"] = items };

    public static JsonObject FactSet(JsonArray facts) => new() { ["type"] = "FactSet", ["facts"] = facts };

    public static JsonObject Fact(string title, string value) => new() { ["title"] = title, ["value"] = value };

    public static JsonObject ActionSet(JsonArray actions) => new() { ["type"] = "ActionSet", ["actions"] = actions };

    public static JsonObject OpenUrl(string title, Uri url) =>
        new() { ["type"] = "Action.OpenUrl", ["title"] = title, ["url"] = url.IsAbsoluteUri ? url.AbsoluteUri : url.OriginalString };

    /// <summary>
    /// A button that sends an <c>adaptiveCard/action</c> invoke with <paramref name="verb"/> and <paramref name="data"/>;
    /// clients without Universal Actions use the <c>Action.Submit</c> fallback, whose data also names the verb.
    /// </summary>
    /// <param name="style"><c>positive</c>, <c>destructive</c> or null for the default.</param>
    public static JsonObject Execute(string title, string verb, JsonObject data, JsonObject fallbackData, string? style = null)
    {
        var action = new JsonObject { ["type"] = "Action.Execute", ["title"] = title, ["verb"] = verb, ["data"] = data };
        Set(action, "style", style);
        var fallback = new JsonObject { ["type"] = "Action.Submit", ["title"] = title, ["data"] = fallbackData };
        Set(fallback, "style", style);
        action["fallback"] = fallback;
        return action;
    }

    /// <summary>
    /// A drop-down (<c>style: compact</c>) of <paramref name="choices"/> (title, value); its value arrives with the card's
    /// submit under <paramref name="id"/>. <paramref name="value"/> preselects a choice.
    /// </summary>
    /// <remarks>See <see href="https://adaptivecards.io/explorer/Input.ChoiceSet.html">Input.ChoiceSet</see>.</remarks>
    public static JsonObject ChoiceSet(string id, string label, IEnumerable<(string Title, string Value)> choices, string? value = null, string? placeholder = null)
    {
        var set = new JsonObject
        {
            ["type"] = "Input.ChoiceSet",
            ["id"] = id,
            ["label"] = label,
            ["style"] = "compact",
            ["choices"] = new JsonArray([.. choices.Select(c => (JsonNode)new JsonObject { ["title"] = c.Title, ["value"] = c.Value })]),
        };
        Set(set, "placeholder", placeholder);
        Set(set, "value", value);
        return set;
    }

    /// <summary>A text field; its text arrives with the card's submit under <paramref name="id"/>.</summary>
    /// <remarks>See <see href="https://adaptivecards.io/explorer/Input.Text.html">Input.Text</see>.</remarks>
    public static JsonObject TextInput(string id, string label, string? value, bool multiline, string? placeholder = null)
    {
        var input = new JsonObject { ["type"] = "Input.Text", ["id"] = id, ["label"] = label };
        if (multiline)
        {
            input["isMultiline"] = true;
        }
        Set(input, "placeholder", placeholder);
        Set(input, "value", value);
        return input;
    }

    /// <summary>How many bytes <paramref name="node"/> takes in a message, serialized with the connector client's options.</summary>
    public static int SizeOf(JsonNode node) => Encoding.UTF8.GetByteCount(node.ToJsonString(MsTeamsJson.Options));

    private static void Set(JsonObject target, string name, string? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }
}
