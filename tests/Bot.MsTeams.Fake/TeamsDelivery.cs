using System.Net;
using System.Text.Json.Nodes;

namespace Bot.MsTeams.Fake;

/// <summary>What the bot answered one activity the driver sent, and how long it took.</summary>
/// <param name="Status">Null when the bot did not answer within Bot Framework's 15 s.</param>
/// <param name="Json">The body parsed, when it is JSON (an invoke's InvokeResponse).</param>
/// <param name="Activity">The activity as sent.</param>
public sealed record TeamsDelivery(HttpStatusCode? Status, string Body, string? ContentType, JsonNode? Json, JsonObject Activity, TimeSpan Elapsed)
{
    public bool TimedOut => Status is null;

    /// <summary>An Adaptive Card invoke response's <c>statusCode</c> (B4), or null.</summary>
    public int? InvokeStatusCode => Json?["statusCode"] is JsonValue v && v.TryGetValue<int>(out var code) ? code : null;

    /// <summary>An invoke response's <c>type</c>: <c>application/vnd.microsoft.card.adaptive</c>, <c>…activity.message</c> or <c>…error</c>.</summary>
    public string? InvokeType => Json?["type"] is JsonValue v && v.TryGetValue<string>(out var type) ? type : null;

    /// <summary>An invoke response's <c>value</c>: the replacement card, the message, or the error.</summary>
    public JsonNode? InvokeValue => Json?["value"];
}
