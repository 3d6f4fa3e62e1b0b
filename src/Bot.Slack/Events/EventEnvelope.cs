using System.Text.Json;

namespace Bot.Slack.Events;

/// <summary>
/// What the Events API posts: <c>url_verification</c> (answer the <see cref="Challenge"/>), <c>event_callback</c>
/// (one <see cref="Event"/>, with an <see cref="EventId"/> stable across retries) or <c>app_rate_limited</c>.
/// </summary>
/// <remarks>See <see href="https://docs.slack.dev/apis/events-api/#callback-field">Events API callback envelope</see>.</remarks>
internal sealed record EventEnvelope(
    string Type,
    string? Challenge,
    string? TeamId,
    string? ApiAppId,
    string? EventId,
    long? EventTime,
    SlackEvent? Event,
    IReadOnlyList<EventAuthorization>? Authorizations)
{
    public const string UrlVerification = "url_verification";
    public const string EventCallback = "event_callback";
    public const string AppRateLimited = "app_rate_limited";

    /// <summary>The bot's own user id, as Slack names the app this delivery is for.</summary>
    public string? BotUserId => Authorizations?.FirstOrDefault(a => a.IsBot)?.UserId ?? (Authorizations is [var first, ..] ? first.UserId : null);

    public static EventEnvelope? From(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<EventEnvelope>(json, SlackJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>The inner event; the bot subscribes to <c>app_mention</c>. <see cref="ThreadTs"/> is set when the mention is in a thread.</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/events/app_mention">app_mention</see>.</remarks>
internal sealed record SlackEvent(
    string Type,
    string? Text,
    string? User,
    string? Channel,
    string? Ts,
    string? ThreadTs,
    string? EventTs,
    string? BotId,
    string? Subtype)
{
    public const string AppMention = "app_mention";
}

/// <summary>Who the delivery is for; <see cref="UserId"/> of the bot's entry is the bot user id.</summary>
internal sealed record EventAuthorization(string? TeamId, string? UserId, bool IsBot);
