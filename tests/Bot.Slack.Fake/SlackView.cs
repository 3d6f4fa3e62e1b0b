using System.Text.Json.Nodes;

namespace Bot.Slack.Fake;

/// <summary>A modal the bot opened with <c>views.open</c>: for whom (the person whose interaction gave the trigger), and the view as sent.</summary>
/// <param name="Id">The view id Slack answered (<c>V…</c>), what a submission names.</param>
/// <param name="View">A copy of the <c>view</c> argument as the bot sent it.</param>
public sealed record SlackView(string Id, string User, string TriggerId, JsonObject View, string Hash, DateTimeOffset OpenedAt)
{
    public string? CallbackId => View["callback_id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public string? PrivateMetadata => View["private_metadata"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public string? Title => View["title"]?["text"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    public JsonArray Blocks => View["blocks"] as JsonArray ?? [];

    /// <summary>The input blocks: block id, label, and the field's initial value (null when empty).</summary>
    public IReadOnlyList<(string BlockId, string Label, string? InitialValue)> Inputs => [.. Blocks
        .OfType<JsonObject>()
        .Where(b => Str(b["type"]) == "input")
        .Select(b => (Str(b["block_id"]) ?? "", Str(b["label"]?["text"]) ?? "", Str(b["element"]?["initial_value"])))];

    private static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}

/// <summary>A trigger id the fake handed out with a command or interaction: whose, when, and whether a view used it.</summary>
internal sealed class IssuedTrigger(string user, DateTimeOffset issuedAt)
{
    public string User { get; } = user;

    public DateTimeOffset IssuedAt { get; } = issuedAt;

    public bool Exchanged { get; set; }
}
