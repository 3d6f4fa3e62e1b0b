using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Slack;

/// <summary>Slack's JSON: snake_case names, absent rather than null optional fields.</summary>
internal static class SlackJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Slack reads UTF-8; names like "Ana Kovač" and "≥" stay readable in logs and golden files.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
