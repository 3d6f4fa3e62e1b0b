using System.Text.Json.Nodes;

namespace Bot.Slack.Fake;

/// <summary>
/// What Slack checks in a message's <c>blocks</c> before it says <c>invalid_blocks</c>: the limits of the Block Kit
/// reference (https://api.slack.com/reference/block-kit/blocks) for the blocks and elements a bot message or modal uses.
/// </summary>
internal static class BlockKitRules
{
    public const int MaxBlocks = 50;
    public const int MaxViewBlocks = 100;

    private static readonly HashSet<string> InputElementTypes =
        ["plain_text_input", "static_select", "external_select", "users_select", "conversations_select", "channels_select",
         "multi_static_select", "multi_users_select", "multi_conversations_select", "multi_channels_select", "multi_external_select",
         "datepicker", "timepicker", "datetimepicker", "checkboxes", "radio_buttons", "email_text_input", "url_text_input",
         "number_input", "rich_text_input", "file_input"];

    private static readonly HashSet<string> BlockTypes =
        ["section", "header", "context", "divider", "actions", "image", "rich_text", "input", "file", "video", "markdown"];

    private static readonly HashSet<string> ActionElementTypes =
        ["button", "static_select", "external_select", "users_select", "conversations_select", "channels_select",
         "overflow", "datepicker", "timepicker", "datetimepicker", "checkboxes", "radio_buttons", "multi_static_select",
         "multi_users_select", "multi_conversations_select", "multi_channels_select", "multi_external_select", "workflow_button"];

    /// <summary>Every problem, each with a JSON pointer the way Slack's <c>response_metadata.messages</c> names it.</summary>
    public static List<string> Problems(JsonNode? blocks, int maxBlocks = MaxBlocks)
    {
        var problems = new List<string>();
        if (blocks is not JsonArray array)
        {
            problems.Add("[ERROR] must be an array [json-pointer:/blocks]");
            return problems;
        }
        if (array.Count > maxBlocks)
        {
            problems.Add($"[ERROR] no more than {maxBlocks} items allowed [json-pointer:/blocks]");
        }
        var blockIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < array.Count; i++)
        {
            var at = $"/blocks/{i}";
            if (array[i] is not JsonObject block)
            {
                problems.Add($"[ERROR] must be an object [json-pointer:{at}]");
                continue;
            }
            if (String(block, "block_id") is { } blockId)
            {
                Check(problems, blockId.Length <= 255, "block_id must be at most 255 characters", $"{at}/block_id");
                Check(problems, blockIds.Add(blockId), "duplicate block_id", $"{at}/block_id");
            }
            var type = String(block, "type");
            if (type is null || !BlockTypes.Contains(type))
            {
                problems.Add($"[ERROR] unsupported type: {type ?? "(none)"} [json-pointer:{at}/type]");
                continue;
            }
            CheckBlock(problems, type, block, at);
        }
        return problems;
    }

    private static void CheckBlock(List<string> problems, string type, JsonObject block, string at)
    {
        switch (type)
        {
            case "header":
                CheckText(problems, block["text"], $"{at}/text", 150, plainOnly: true, required: true);
                break;
            case "section":
                var fields = block["fields"] as JsonArray;
                Check(problems, block["text"] is not null || fields is { Count: > 0 }, "a section needs text or fields", at);
                CheckText(problems, block["text"], $"{at}/text", 3000, plainOnly: false, required: false);
                if (fields is not null)
                {
                    Check(problems, fields.Count <= 10, "no more than 10 fields allowed", $"{at}/fields");
                    for (var f = 0; f < fields.Count; f++)
                    {
                        CheckText(problems, fields[f], $"{at}/fields/{f}", 2000, plainOnly: false, required: true);
                    }
                }
                if (block["accessory"] is JsonObject accessory)
                {
                    CheckElement(problems, accessory, $"{at}/accessory", new HashSet<string>(StringComparer.Ordinal));
                }
                break;
            case "context":
                var elements = block["elements"] as JsonArray;
                Check(problems, elements is { Count: > 0 and <= 10 }, "context needs 1 to 10 elements", $"{at}/elements");
                for (var e = 0; e < (elements?.Count ?? 0); e++)
                {
                    // A context element is a text object (at most 3000 characters, like any) or an image.
                    if (elements![e] is JsonObject element && String(element, "type") is "mrkdwn" or "plain_text")
                    {
                        CheckText(problems, element, $"{at}/elements/{e}", 3000, plainOnly: false, required: true);
                    }
                }
                break;
            case "actions":
                var actions = block["elements"] as JsonArray;
                Check(problems, actions is { Count: > 0 and <= 25 }, "actions needs 1 to 25 elements", $"{at}/elements");
                var actionIds = new HashSet<string>(StringComparer.Ordinal);
                for (var e = 0; e < (actions?.Count ?? 0); e++)
                {
                    if (actions![e] is JsonObject element)
                    {
                        CheckElement(problems, element, $"{at}/elements/{e}", actionIds);
                    }
                    else
                    {
                        problems.Add($"[ERROR] must be an object [json-pointer:{at}/elements/{e}]");
                    }
                }
                break;
            case "input":
                CheckText(problems, block["label"], $"{at}/label", 2000, plainOnly: true, required: true);
                CheckText(problems, block["hint"], $"{at}/hint", 2000, plainOnly: true, required: false);
                if (block["element"] is not JsonObject input)
                {
                    problems.Add($"[ERROR] missing required field: element [json-pointer:{at}/element]");
                }
                else if (String(input, "type") is not { } inputType || !InputElementTypes.Contains(inputType))
                {
                    problems.Add($"[ERROR] unsupported type: {String(input, "type") ?? "(none)"} [json-pointer:{at}/element/type]");
                }
                else
                {
                    CheckElement(problems, input, $"{at}/element", new HashSet<string>(StringComparer.Ordinal), inputType);
                }
                break;
            default:
                break;
        }
    }

    private static void CheckElement(List<string> problems, JsonObject element, string at, HashSet<string> actionIds, string? inputType = null)
    {
        var type = inputType ?? String(element, "type");
        if (type is null || (inputType is null && !ActionElementTypes.Contains(type)))
        {
            problems.Add($"[ERROR] unsupported type: {type ?? "(none)"} [json-pointer:{at}/type]");
            return;
        }
        if (String(element, "action_id") is { } actionId)
        {
            Check(problems, actionId.Length <= 255, "action_id must be at most 255 characters", $"{at}/action_id");
            Check(problems, actionIds.Add(actionId), "duplicate action_id in block", $"{at}/action_id");
        }
        if (type == "button")
        {
            CheckText(problems, element["text"], $"{at}/text", 75, plainOnly: true, required: true);
            Check(problems, (String(element, "value")?.Length ?? 0) <= 2000, "value must be at most 2000 characters", $"{at}/value");
            Check(problems, (String(element, "url")?.Length ?? 0) <= 3000, "url must be at most 3000 characters", $"{at}/url");
            if (element.ContainsKey("style"))
            {
                Check(problems, String(element, "style") is "primary" or "danger", "style must be primary or danger", $"{at}/style");
            }
        }
        if (type == "static_select")
        {
            CheckStaticSelect(problems, element, at);
        }
        if (type == "plain_text_input")
        {
            CheckPlainTextInput(problems, element, at);
        }
    }

    /// <summary>
    /// A static menu (https://api.slack.com/reference/block-kit/block-elements#static_select): 1 to 100 options (or
    /// option groups), each a plain-text text of at most 75 characters and a value of at most 150, the values unique;
    /// an <c>initial_option</c> that is exactly one of the options; a plain-text placeholder of at most 150.
    /// </summary>
    private static void CheckStaticSelect(List<string> problems, JsonObject element, string at)
    {
        CheckText(problems, element["placeholder"], $"{at}/placeholder", 150, plainOnly: true, required: false);
        var options = element["options"] as JsonArray;
        var groups = element["option_groups"] as JsonArray;
        Check(problems, options is null || groups is null, "options and option_groups cannot both be set", at);
        var all = options ?? new JsonArray([.. (groups ?? []).SelectMany(g => g?["options"] as JsonArray ?? []).Select(o => o?.DeepClone())]);
        Check(problems, all.Count is > 0 and <= 100, "static_select needs 1 to 100 options", $"{at}/options");
        var values = new HashSet<string>(StringComparer.Ordinal);
        for (var o = 0; o < all.Count; o++)
        {
            var optionAt = $"{at}/options/{o}";
            if (all[o] is not JsonObject option)
            {
                problems.Add($"[ERROR] must be an object [json-pointer:{optionAt}]");
                continue;
            }
            CheckText(problems, option["text"], $"{optionAt}/text", 75, plainOnly: true, required: true);
            var value = String(option, "value");
            Check(problems, value is { Length: > 0 and <= 150 }, "value must be 1 to 150 characters", $"{optionAt}/value");
            Check(problems, value is null || values.Add(value), "duplicate option value", $"{optionAt}/value");
        }
        if (element["initial_option"] is { } initial)
        {
            Check(problems, all.Any(o => JsonNode.DeepEquals(Comparable(o), Comparable(initial))), "initial_option must match one of the options", $"{at}/initial_option");
        }
    }

    /// <summary>
    /// A plain-text field (https://api.slack.com/reference/block-kit/block-elements#input): <c>max_length</c> 1 to 3000,
    /// <c>min_length</c> 0 to 3000 and not above it, an <c>initial_value</c> within both, a placeholder of at most 150.
    /// </summary>
    private static void CheckPlainTextInput(List<string> problems, JsonObject element, string at)
    {
        CheckText(problems, element["placeholder"], $"{at}/placeholder", 150, plainOnly: true, required: false);
        var max = Int(element, "max_length");
        var min = Int(element, "min_length");
        Check(problems, max is null or (>= 1 and <= 3000), "max_length must be 1 to 3000", $"{at}/max_length");
        Check(problems, min is null or (>= 0 and <= 3000), "min_length must be 0 to 3000", $"{at}/min_length");
        Check(problems, min is null || max is null || min <= max, "min_length must not exceed max_length", $"{at}/min_length");
        if (String(element, "initial_value") is { } initial)
        {
            Check(problems, initial.Length <= Math.Min(max ?? 3000, 3000), "initial_value is longer than max_length", $"{at}/initial_value");
        }
    }

    /// <summary>An option as Slack compares them: its text (type, text, emoji as given) and value.</summary>
    private static JsonObject? Comparable(JsonNode? option) => option is JsonObject o
        ? new JsonObject { ["text"] = o["text"]?.DeepClone(), ["value"] = o["value"]?.DeepClone() }
        : null;

    private static int? Int(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;

    private static void CheckText(List<string> problems, JsonNode? node, string at, int maxLength, bool plainOnly, bool required)
    {
        if (node is null)
        {
            Check(problems, !required, "missing required field: text", at);
            return;
        }
        if (node is not JsonObject text || String(text, "text") is not { } value)
        {
            problems.Add($"[ERROR] must be a text object [json-pointer:{at}]");
            return;
        }
        var type = String(text, "type");
        Check(problems, plainOnly ? type == "plain_text" : type is "plain_text" or "mrkdwn", $"text type must be {(plainOnly ? "plain_text" : "plain_text or mrkdwn")}", $"{at}/type");
        Check(problems, value.Length is > 0, "must be at least 1 character", $"{at}/text");
        Check(problems, value.Length <= maxLength, $"must be at most {maxLength} characters", $"{at}/text");
    }

    private static void Check(List<string> problems, bool ok, string message, string at)
    {
        if (!ok)
        {
            problems.Add($"[ERROR] {message} [json-pointer:{at}]");
        }
    }

    private static string? String(JsonObject o, string name) =>
        o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
