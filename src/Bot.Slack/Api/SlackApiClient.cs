using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Bot.Slack.Api;

/// <summary>
/// Slack's Web API over the named <see cref="HttpClientName"/> client (base <c>Slack:ApiBaseUrl</c>, <c>Authorization:
/// Bearer Slack:BotToken</c>): JSON with <c>charset=utf-8</c> for <c>chat.*</c> and <c>views.*</c>, form or query for the others, as Slack's
/// SDKs send them. <c>ok:false</c> throws <see cref="SlackApiException"/>; HTTP 429 throws <see cref="SlackRateLimitedException"/>;
/// network failures and timeouts surface as <see cref="HttpRequestException"/> or <see cref="TaskCanceledException"/>.
/// </summary>
/// <remarks>A singleton that asks the factory for a client per call, so handlers rotate (a typed client would be captured by the channel singleton).</remarks>
internal sealed class SlackApiClient(IHttpClientFactory clients, TimeProvider time, ILogger<SlackApiClient> logger)
{
    public const string HttpClientName = "Slack";

    private static readonly MediaTypeHeaderValue JsonUtf8 = new("application/json") { CharSet = "utf-8" };

    public async Task<PostedMessage> PostMessageAsync(ChatPostMessage message, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("chat.postMessage", Json(message), cancellationToken);
        return new PostedMessage(StringOf(answer, "channel") ?? message.Channel, StringOf(answer, "ts") ?? throw Malformed("chat.postMessage", "ts"));
    }

    public async Task<PostedMessage> UpdateAsync(ChatUpdate update, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("chat.update", Json(update), cancellationToken);
        return new PostedMessage(StringOf(answer, "channel") ?? update.Channel, StringOf(answer, "ts") ?? update.Ts);
    }

    /// <summary>Returns the ephemeral message's <c>message_ts</c>.</summary>
    public async Task<string?> PostEphemeralAsync(ChatPostEphemeral message, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("chat.postEphemeral", Json(message), cancellationToken);
        return StringOf(answer, "message_ts");
    }

    /// <summary>
    /// Opens a modal for the person whose interaction gave the trigger id; returns the view's id. Slack refuses a trigger
    /// older than 3 s (<c>expired_trigger_id</c>) or used before (<c>exchanged_trigger_id</c>).
    /// </summary>
    public async Task<string> OpenViewAsync(ViewsOpen request, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("views.open", Json(request), cancellationToken);
        return answer.TryGetProperty("view", out var view) && view.ValueKind == JsonValueKind.Object && StringOf(view, "id") is { } id
            ? id
            : throw Malformed("views.open", "view.id");
    }

    /// <summary>Opens (or finds) the direct message with <paramref name="userIds"/> (one user, or up to 8 for a group DM); returns its channel id.</summary>
    public async Task<string> OpenConversationAsync(IReadOnlyCollection<string> userIds, CancellationToken cancellationToken)
    {
        var answer = await CallAsync("conversations.open", Form(("users", string.Join(',', userIds))), cancellationToken);
        return answer.TryGetProperty("channel", out var channel) && channel.ValueKind == JsonValueKind.Object && StringOf(channel, "id") is { } id
            ? id
            : throw Malformed("conversations.open", "channel.id");
    }

    public async Task<SlackUser> GetUserAsync(string userId, CancellationToken cancellationToken) =>
        UserOf("users.info", await CallAsync("users.info", Query("users.info", ("user", userId)), cancellationToken));

    /// <summary>Needs the <c>users:read.email</c> scope; an unknown address throws with <c>users_not_found</c>.</summary>
    public async Task<SlackUser> LookupUserByEmailAsync(string email, CancellationToken cancellationToken) =>
        UserOf("users.lookupByEmail", await CallAsync("users.lookupByEmail", Query("users.lookupByEmail", ("email", email)), cancellationToken));

    private async Task<JsonElement> CallAsync(string method, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var _ = request;
        if (request.RequestUri is null)
        {
            request.RequestUri = new Uri(method, UriKind.Relative);
        }
        var http = clients.CreateClient(HttpClientName);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var retryAfter = response.Headers.RetryAfter is { } header
                ? header.Delta ?? (header.Date is { } date ? date - time.GetUtcNow() : null)
                : null;
            logger.LogWarning("Slack {Method} rate limited; retry after {RetryAfter}", method, retryAfter);
            throw new SlackRateLimitedException(method, retryAfter);
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            logger.LogWarning("Slack {Method} answered HTTP {Status}", method, (int)response.StatusCode);
            throw new SlackApiException(method, $"http_{(int)response.StatusCode}");
        }

        JsonElement answer;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
            answer = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "Slack {Method} answered something that is not JSON", method);
            throw new SlackApiException(method, "invalid_response");
        }
        if (answer.ValueKind != JsonValueKind.Object || !answer.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
        {
            var error = StringOf(answer, "error") ?? "unknown_error";
            var needed = StringOf(answer, "needed");
            logger.LogWarning("Slack {Method} failed with {Error}{Needed}", method, error, needed is null ? "" : $" (needs {needed})");
            throw new SlackApiException(method, error, needed);
        }
        if (StringOf(answer, "warning") is { } warning)
        {
            logger.LogDebug("Slack {Method} warned: {Warning}", method, warning);
        }
        return answer;
    }

    private static HttpRequestMessage Json<T>(T body) => new(HttpMethod.Post, (Uri?)null)
    {
        Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, SlackJson.Options)) { Headers = { ContentType = JsonUtf8 } },
    };

    private static HttpRequestMessage Form(params (string Key, string Value)[] fields) => new(HttpMethod.Post, (Uri?)null)
    {
        Content = new FormUrlEncodedContent(fields.Select(f => KeyValuePair.Create(f.Key, f.Value))),
    };

    private static HttpRequestMessage Query(string method, params (string Key, string Value)[] parameters) =>
        new(HttpMethod.Get, new Uri($"{method}?{string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}"))}", UriKind.Relative));

    private static SlackUser UserOf(string method, JsonElement answer)
    {
        if (!answer.TryGetProperty("user", out var user) || user.ValueKind != JsonValueKind.Object || StringOf(user, "id") is not { } id)
        {
            throw Malformed(method, "user.id");
        }
        var profile = user.TryGetProperty("profile", out var p) && p.ValueKind == JsonValueKind.Object ? p : default;
        return new SlackUser(
            id,
            StringOf(user, "name"),
            StringOf(user, "real_name") ?? StringOf(profile, "real_name"),
            StringOf(profile, "display_name"),
            StringOf(profile, "email"),
            StringOf(user, "tz"),
            BoolOf(user, "is_bot"),
            BoolOf(user, "deleted"));
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool BoolOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static SlackApiException Malformed(string method, string field) => new(method, $"invalid_response (no {field})");
}
