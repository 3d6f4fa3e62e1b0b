using System.Globalization;
using System.Text.Json.Nodes;

namespace Bot.MsTeams.Fake;

/// <summary>
/// What the Connector refuses in an activity the bot sends: a missing <c>type</c>, a message with nothing to show, an
/// unknown <c>textFormat</c>, attachments without a <c>contentType</c>, and Adaptive Cards Teams cannot render
/// (content not an <c>AdaptiveCard</c> object, schema above 1.5, elements or actions without a type, inputs that the
/// schema's <c>Input.Text</c> and <c>Input.ChoiceSet</c> would not take or whose ids clash). Teams' own
/// checks are undocumented beyond <c>BadArgument</c>; the card rules follow what Teams renders (msteams-docs
/// "Adaptive Cards" and Universal Actions pages), so a card the fake refuses would not show in Teams either.
/// </summary>
internal static class ActivityRules
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>The newest Adaptive Card schema Teams renders.</summary>
    public static readonly Version MaxCardVersion = new(1, 5);

    private static readonly string[] TextFormats = ["plain", "markdown", "xml"];

    /// <summary>Why the activity is a bad argument, or null when the Connector takes it.</summary>
    public static string? Problem(JsonObject activity, bool update)
    {
        if (activity["type"] is not JsonValue typeValue || !typeValue.TryGetValue<string>(out var type) || type.Length == 0)
        {
            return "Activity type is required.";
        }
        if (type != "message" && (update || type != "typing"))
        {
            return $"Activity type '{type}' is not supported here.";
        }
        if (type == "typing")
        {
            return null;
        }
        if (activity["textFormat"] is JsonValue format && (!format.TryGetValue<string>(out var f) || !TextFormats.Contains(f)))
        {
            return $"Unknown textFormat {format.ToJsonString()}.";
        }
        if (activity["text"] is { } text && (text is not JsonValue textValue || !textValue.TryGetValue<string>(out _)))
        {
            return "Activity text must be a string.";
        }
        if (activity["entities"] is { } entities and not JsonArray)
        {
            return $"Activity entities must be an array, not {entities.GetValueKind()}.";
        }
        var attachments = activity["attachments"];
        if (attachments is not null and not JsonArray)
        {
            return "Activity attachments must be an array.";
        }
        var hasText = activity["text"] is JsonValue t && t.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s);
        if (!hasText && attachments is not JsonArray { Count: > 0 })
        {
            return "A message needs text or attachments.";
        }
        foreach (var attachment in attachments as JsonArray ?? [])
        {
            if (AttachmentProblem(attachment) is { } problem)
            {
                return problem;
            }
        }
        return null;
    }

    private static string? AttachmentProblem(JsonNode? attachment)
    {
        if (attachment is not JsonObject a || a["contentType"] is not JsonValue ct || !ct.TryGetValue<string>(out var contentType) || contentType.Length == 0)
        {
            return "Each attachment needs a contentType.";
        }
        if (contentType != AdaptiveCardContentType)
        {
            return null;
        }
        if (a["content"] is not JsonObject card)
        {
            return "An Adaptive Card attachment's content must be the card object.";
        }
        if (Str(card, "type") != "AdaptiveCard")
        {
            return "An Adaptive Card's content.type must be \"AdaptiveCard\".";
        }
        if (Str(card, "version") is not { } version || !Version.TryParse(version, out var parsed) || version.Count(c => c == '.') != 1)
        {
            return "An Adaptive Card needs a version such as \"1.5\".";
        }
        if (parsed > MaxCardVersion)
        {
            return string.Create(CultureInfo.InvariantCulture, $"Adaptive Card version {version} is not supported; Teams renders up to {MaxCardVersion}.");
        }
        return ElementsProblem(card["body"], "body", element: true) ?? ElementsProblem(card["actions"], "actions", element: false) ?? InputsProblem(card);
    }

    /// <summary>
    /// The inputs of a card (https://adaptivecards.io/explorer/Input.Text.html, …/Input.ChoiceSet.html): each has an
    /// id, unique in the card (a submit carries the values by id); a text's <c>isMultiline</c> is a boolean, its
    /// <c>maxLength</c> positive and its <c>value</c> within it; a choice set has choices each with a string title and
    /// value (values unique), a known style, and a <c>value</c> that is one of its choices.
    /// </summary>
    private static string? InputsProblem(JsonObject card)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in Descendants(card).Where(o => Str(o, "type") is { } t && t.StartsWith("Input.", StringComparison.Ordinal)))
        {
            var type = Str(input, "type")!;
            if (Str(input, "id") is not { Length: > 0 } id)
            {
                return $"Every {type} needs an id.";
            }
            if (!ids.Add(id))
            {
                return $"Input id '{id}' is used twice in the card.";
            }
            if (input["label"] is { } label && (label is not JsonValue lv || !lv.TryGetValue<string>(out _)))
            {
                return $"The label of input '{id}' must be a string.";
            }
            var problem = type switch
            {
                "Input.Text" => TextInputProblem(input, id),
                "Input.ChoiceSet" => ChoiceSetProblem(input, id),
                _ => null,
            };
            if (problem is not null)
            {
                return problem;
            }
        }
        return null;
    }

    private static string? TextInputProblem(JsonObject input, string id)
    {
        if (input["isMultiline"] is { } multiline && multiline.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
        {
            return $"Input.Text '{id}': isMultiline must be a boolean.";
        }
        int? maxLength = null;
        if (input["maxLength"] is { } max)
        {
            if (max is not JsonValue mv || !mv.TryGetValue<int>(out var m) || m <= 0)
            {
                return $"Input.Text '{id}': maxLength must be a positive number.";
            }
            maxLength = m;
        }
        if (input["style"] is { } style && (Str(input, "style") is not ("text" or "tel" or "url" or "email" or "password")))
        {
            return $"Input.Text '{id}': style {style.ToJsonString()} is not text, tel, url, email or password.";
        }
        if (input["value"] is not null)
        {
            if (Str(input, "value") is not { } text)
            {
                return $"Input.Text '{id}': value must be a string.";
            }
            if (text.Length > maxLength)
            {
                return $"Input.Text '{id}': value is longer than maxLength {maxLength}.";
            }
        }
        return null;
    }

    private static string? ChoiceSetProblem(JsonObject input, string id)
    {
        if (input["choices"] is not JsonArray { Count: > 0 } choices)
        {
            return $"Input.ChoiceSet '{id}' needs choices.";
        }
        var values = new HashSet<string>(StringComparer.Ordinal);
        foreach (var choice in choices)
        {
            if (choice is not JsonObject c || Str(c, "title") is not { Length: > 0 } || Str(c, "value") is not { Length: > 0 } value)
            {
                return $"Input.ChoiceSet '{id}': every choice needs a string title and value.";
            }
            if (!values.Add(value))
            {
                return $"Input.ChoiceSet '{id}': choice value '{value}' is used twice.";
            }
        }
        if (input["style"] is { } style && Str(input, "style") is not ("compact" or "expanded" or "filtered"))
        {
            return $"Input.ChoiceSet '{id}': style {style.ToJsonString()} is not compact, expanded or filtered.";
        }
        var multi = input["isMultiSelect"] is JsonValue m && m.TryGetValue<bool>(out var isMulti) && isMulti;
        if (input["value"] is not null)
        {
            if (Str(input, "value") is not { } selected)
            {
                return $"Input.ChoiceSet '{id}': value must be a string.";
            }
            var chosen = multi ? selected.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [selected];
            if (chosen.FirstOrDefault(v => !values.Contains(v)) is { } stray)
            {
                return $"Input.ChoiceSet '{id}': value '{stray}' is not one of its choices.";
            }
        }
        return null;
    }

    /// <summary>Every object in the card's body and actions, depth first (fallbacks included, as a client may render them).</summary>
    internal static IEnumerable<JsonObject> Descendants(JsonNode? node) => node switch
    {
        JsonObject o => [o, .. o.Where(p => p.Key != "msteams").SelectMany(p => Descendants(p.Value))],
        JsonArray a => a.SelectMany(Descendants),
        _ => [],
    };

    /// <summary>Every element has a type, every action is an <c>Action.*</c>; containers are checked all the way down.</summary>
    private static string? ElementsProblem(JsonNode? list, string name, bool element)
    {
        if (list is null)
        {
            return null;
        }
        if (list is not JsonArray items)
        {
            return $"An Adaptive Card's {name} must be an array.";
        }
        foreach (var item in items)
        {
            if (item is not JsonObject o || Str(o, "type") is not { Length: > 0 } type)
            {
                return $"Every item of an Adaptive Card's {name} needs a type.";
            }
            if (!element && !type.StartsWith("Action.", StringComparison.Ordinal))
            {
                return $"'{type}' is not an action.";
            }
            var nested = ElementsProblem(o["items"], "items", element: true)
                ?? ColumnsProblem(o["columns"])
                ?? ElementsProblem(o["actions"], "actions", element: false)
                ?? (o["card"] is JsonObject showCard ? ElementsProblem(showCard["body"], "body", element: true) : null);
            if (nested is not null)
            {
                return nested;
            }
        }
        return null;
    }

    /// <summary>A ColumnSet's columns may leave out their type (it can only be Column); their items may not.</summary>
    private static string? ColumnsProblem(JsonNode? columns)
    {
        if (columns is null)
        {
            return null;
        }
        if (columns is not JsonArray list || list.Any(c => c is not JsonObject))
        {
            return "A ColumnSet's columns must be an array of Column objects.";
        }
        return list.Select(c => ElementsProblem(c!["items"], "items", element: true)).FirstOrDefault(p => p is not null);
    }

    private static string? Str(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
