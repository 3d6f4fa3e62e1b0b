using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bot.MsTeams.Schema;
using Microsoft.Extensions.Logging;

namespace Bot.MsTeams.Connector;

/// <summary>
/// The Bot Connector v3 REST API (protocols.md B3), as botbuilder's <c>Conversations</c> operations call it: relative to
/// the conversation's service URL, ids escaped in the path, <c>Authorization: Bearer</c> from
/// <see cref="BotTokenProvider"/>, JSON with <c>charset=utf-8</c>. A 401 is retried once with a fresh token; any other
/// non-2xx throws <see cref="ConnectorException"/>; network failures and timeouts surface as
/// <see cref="HttpRequestException"/> or <see cref="TaskCanceledException"/>.
/// </summary>
/// <remarks>
/// See <see href="https://learn.microsoft.com/en-us/azure/bot-service/rest-api/bot-framework-rest-connector-api-reference">the
/// Connector API reference</see>. A singleton that asks the factory for a client per call, so handlers rotate.
/// </remarks>
internal sealed class BotConnectorClient(IHttpClientFactory clients, BotTokenProvider tokens, TimeProvider time, ILogger<BotConnectorClient> logger)
{
    public const string HttpClientName = "MsTeams.Connector";

    private static readonly MediaTypeHeaderValue JsonUtf8 = new("application/json") { CharSet = "utf-8" };

    /// <summary><c>POST v3/conversations</c>: a new channel post (a new thread) or a 1:1 chat.</summary>
    public async Task<ConversationResourceResponse> CreateConversationAsync(Uri serviceUrl, ConversationParameters parameters, CancellationToken cancellationToken)
    {
        const string Operation = "create conversation";
        var created = await SendAsync<ConversationResourceResponse>(Operation, HttpMethod.Post, serviceUrl, "v3/conversations", Json(parameters), cancellationToken);
        return created is { Id.Length: > 0 } ? created : throw Malformed(Operation, "id");
    }

    /// <summary><c>POST v3/conversations/{id}/activities</c>: into a thread when the id ends with <c>;messageid=…</c>.</summary>
    public async Task<ResourceResponse> SendToConversationAsync(Uri serviceUrl, string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        const string Operation = "send to conversation";
        var path = $"v3/conversations/{ConnectorUrls.Escape(conversationId)}/activities";
        var sent = await SendAsync<ResourceResponse>(Operation, HttpMethod.Post, serviceUrl, path, Json(activity), cancellationToken);
        return sent is { Id.Length: > 0 } ? sent : throw Malformed(Operation, "id");
    }

    /// <summary><c>POST v3/conversations/{id}/activities/{activityId}</c>.</summary>
    public async Task<ResourceResponse> ReplyToActivityAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        const string Operation = "reply to activity";
        var sent = await SendAsync<ResourceResponse>(Operation, HttpMethod.Post, serviceUrl, ActivityPath(conversationId, activityId), Json(activity), cancellationToken);
        return sent is { Id.Length: > 0 } ? sent : throw Malformed(Operation, "id");
    }

    /// <summary><c>PUT v3/conversations/{id}/activities/{activityId}</c> with the full activity (<c>type</c>, <c>id</c>, …).</summary>
    public async Task<ResourceResponse> UpdateActivityAsync(Uri serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken cancellationToken)
    {
        var updated = await SendAsync<ResourceResponse>("update activity", HttpMethod.Put, serviceUrl, ActivityPath(conversationId, activityId), Json(activity), cancellationToken);
        // The id does not change; some Connector versions answer 200 with an empty body.
        return updated is { Id.Length: > 0 } ? updated : new ResourceResponse(activityId);
    }

    /// <summary><c>DELETE v3/conversations/{id}/activities/{activityId}</c>.</summary>
    public Task DeleteActivityAsync(Uri serviceUrl, string conversationId, string activityId, CancellationToken cancellationToken) =>
        SendAsync<ResourceResponse>("delete activity", HttpMethod.Delete, serviceUrl, ActivityPath(conversationId, activityId), null, cancellationToken);

    /// <summary>
    /// Reads an error body: the Connector's <c>{"error":{"code","message"}}</c>, or Teams' <c>{"errorCode":209,
    /// "message":"{\"subCode\":\"MessageWritesBlocked\",\"details\":…}"}</c> whose message is itself JSON.
    /// </summary>
    internal static (string? Code, string? Message) ErrorOf(string body)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return (null, Shorten(body));
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, Shorten(body));
        }
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            return (StringOf(error, "code"), StringOf(error, "message"));
        }
        var message = StringOf(root, "message");
        if (root.TryGetProperty("errorCode", out var errorCode))
        {
            var (subCode, details) = SubCodeOf(message);
            return (subCode ?? errorCode.ToString(), details ?? message);
        }
        return (StringOf(root, "code"), message ?? Shorten(body));
    }

    private static (string? SubCode, string? Details) SubCodeOf(string? message)
    {
        if (message is null)
        {
            return (null, null);
        }
        try
        {
            using var document = JsonDocument.Parse(message);
            return (StringOf(document.RootElement, "subCode"), StringOf(document.RootElement, "details"));
        }
        catch (JsonException)
        {
            return (message.Contains("MessageWritesBlocked", StringComparison.Ordinal) ? "MessageWritesBlocked" : null, null);
        }
    }

    private async Task<T?> SendAsync<T>(string operation, HttpMethod method, Uri serviceUrl, string path, byte[]? body, CancellationToken cancellationToken)
        where T : class
    {
        var url = new Uri(ConnectorUrls.BaseOf(serviceUrl), path);
        using var response = await SendAuthorizedAsync(method, url, body, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var (code, message) = ErrorOf(text);
            var retryAfter = RetryAfterHeader.Of(response, time);
            logger.LogWarning(
                "Teams {Operation} answered HTTP {Status} {Code}: {Message}; retry after {RetryAfter}",
                operation, (int)response.StatusCode, code, message, retryAfter);
            throw new ConnectorException(operation, response.StatusCode, code, message, retryAfter);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(text, MsTeamsJson.Options);
        }
        catch (JsonException)
        {
            logger.LogWarning("Teams {Operation} answered HTTP {Status} with something that is not JSON", operation, (int)response.StatusCode);
            throw new ConnectorException(operation, response.StatusCode, "InvalidResponse", "the answer is not JSON", null);
        }
    }

    /// <summary>A token can be revoked or rotated before its expiry: on 401, one more try with a fresh one.</summary>
    private async Task<HttpResponseMessage> SendAuthorizedAsync(HttpMethod method, Uri url, byte[]? body, CancellationToken cancellationToken)
    {
        var token = await tokens.GetTokenAsync(cancellationToken);
        var response = await SendOnceAsync(method, url, body, token, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }
        response.Dispose();
        tokens.Invalidate(token);
        logger.LogInformation("Teams refused the bot's token for {Method} {Path}; retrying once with a fresh one", method, url.AbsolutePath);
        return await SendOnceAsync(method, url, body, await tokens.GetTokenAsync(cancellationToken), cancellationToken);
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, Uri url, byte[]? body, string token, CancellationToken cancellationToken)
    {
        // A request message cannot be sent twice, so each try builds its own (the body bytes are shared).
        var request = new HttpRequestMessage(method, url)
        {
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
            Content = body is null ? null : new ByteArrayContent(body) { Headers = { ContentType = JsonUtf8 } },
        };
        return SendDisposingAsync(request, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendDisposingAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var _ = request;
        return await clients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
    }

    private static string ActivityPath(string conversationId, string activityId) =>
        $"v3/conversations/{ConnectorUrls.Escape(conversationId)}/activities/{ConnectorUrls.Escape(activityId)}";

    private static byte[] Json<T>(T body) => JsonSerializer.SerializeToUtf8Bytes(body, MsTeamsJson.Options);

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? Shorten(string body)
    {
        var text = body.Trim();
        return text.Length == 0 ? null : text.Length <= 200 ? text : text[..200] + "…";
    }

    private static ConnectorException Malformed(string operation, string field) =>
        new(operation, HttpStatusCode.OK, "InvalidResponse", $"the answer has no {field}", null);
}
