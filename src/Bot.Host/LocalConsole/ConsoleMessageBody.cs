using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Bot.Core.Notifications;

namespace Bot.Host.LocalConsole;

/// <summary>
/// The console's rendering of messages: a JSON document per message, told apart by <c>type</c>. The shape is a
/// contract that scripts read (docs/console.md); the golden-file test pins it.
/// </summary>
internal static class ConsoleMessageBody
{
    public const string IncidentType = "incident";
    public const string ReplyType = "reply";

    // Names like "Ana Kovač" and signs like "≥" stay readable in the database; the API re-encodes for the wire anyway.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The incident card: every key is always present (<c>priority</c> may be null), lists in the core's order.</summary>
    public static string Incident(IncidentMessage message) => JsonSerializer.Serialize(
        new IncidentBody(
            IncidentType,
            message.IncidentId,
            message.Version,
            message.Headline,
            message.Title,
            message.State.ToString().ToLowerInvariant(),
            message.Severity.ToString().ToLowerInvariant(),
            message.Priority,
            [.. message.Fields.Select(f => new FieldBody(f.Name, f.Value))],
            [.. message.Links.Select(l => new LinkBody(l.Text, l.Url.OriginalString))],
            [.. message.Actions.Select(a => new ActionBody(a.Id, a.Text))]),
        Json);

    /// <summary>A thread reply of the bot.</summary>
    public static string Reply(string text) => JsonSerializer.Serialize(new ReplyBody(ReplyType, text), Json);

    /// <summary>The incident a stored body shows, or null when the body is not an incident card.</summary>
    public static long? IncidentIdOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == IncidentType
                && root.TryGetProperty("incidentId", out var id) && id.TryGetInt64(out var incidentId)
                ? incidentId
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The stored body as a JSON value for the API; a body that is not JSON (never written by the bot) as a string.</summary>
    public static JsonElement ToElement(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(body);
        }
    }

    public static string MessageIdText(long id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record IncidentBody(
        string Type,
        long IncidentId,
        int Version,
        string Headline,
        string Title,
        string State,
        string Severity,
        string? Priority,
        IReadOnlyList<FieldBody> Fields,
        IReadOnlyList<LinkBody> Links,
        IReadOnlyList<ActionBody> Actions);

    private sealed record FieldBody(string Name, string Value);

    private sealed record LinkBody(string Text, string Url);

    private sealed record ActionBody(string Id, string Text);

    private sealed record ReplyBody(string Type, string Text);
}
