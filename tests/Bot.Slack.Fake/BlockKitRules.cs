using System.Text.Json.Nodes;

namespace Bot.Slack.Fake;

/// <summary>
/// What Slack checks in a message's <c>blocks</c> before it says <c>invalid_blocks</c>: the limits of the Block Kit
/// reference (https://api.slack.com/reference/block-kit/blocks) for the blocks and elements a bot message uses.
/// </summary>
internal static class BlockKitRules
{
    public const int MaxBlocks = 50;

    private static readonly HashSet<string> BlockTypes =
        ["section", "header", "context", "divider", "actions", "image", "rich_text", "input", "file", "video", "markdown"];

    private static readonly HashSet<string> ActionElementTypes =
        ["button", "static_select", "external_select", "users_select", "conversations_select", "channels_select",
         "overflow", "datepicker", "timepicker", "datetimepicker", "checkboxes", "radio_buttons", "multi_static_select",
         "multi_users_select", "multi_conversations_select", "multi_channels_select", "multi_external_select", "workflow_button"];

    /// <summary>Every problem, each with a JSON pointer the way Slack's <c>response_metadata.messages</c> names it.</summary>
    public static List<string> Problems(JsonNode? blocks)
    {
        var problems = new List<string>();
        if (blocks is not JsonArray array)
        {
            problems.Add("[ERROR] must be an array [json-pointer:/blocks]");
            return problems;
        }
        if (array.Count > MaxBlocks)
        {
            problems.Add($"[ERROR] no more than {MaxBlocks} items allowed [json-pointer:/blocks]");
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
            default:
                break;
        }
    }

    private static void CheckElement(List<string> problems, JsonObject element, string at, HashSet<string> actionIds)
    {
        var type = String(element, "type");
        if (type is null || !ActionElementTypes.Contains(type))
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
    }

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
