using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Notifications;

namespace Bot.Host.Tests.Delivery;

/// <summary>
/// A Slack channel that speaks HTTP to <see cref="FlakyChatServer"/>, mapping its answers the way a platform adapter
/// must: 429 → retry after the server's <c>Retry-After</c>, 5xx → retry with backoff, 2xx → delivered, other → rejected.
/// </summary>
internal sealed class LoopbackSlackChannel(HttpClient http) : IChatChannel
{
    public ChatPlatform Platform => ChatPlatform.Slack;

    // Fast enough that the test waits on the retries under test, not on Slack's pacing.
    public double MessagesPerSecond => 100;

    public Task<DeliveryResult> PostAsync(ChatDestination destination, ChatMessage message, CancellationToken cancellationToken) =>
        SendAsync("post", Card(destination, message), cancellationToken);

    public Task<DeliveryResult> UpdateAsync(ChatDestination destination, ChatMessageRef posted, ChatMessage message, CancellationToken cancellationToken)
    {
        var body = Card(destination, message);
        body["ts"] = posted.MessageId;
        return SendAsync("update", body, cancellationToken);
    }

    public Task<DeliveryResult> ReplyAsync(ChatDestination destination, ChatMessageRef posted, ChatText text, CancellationToken cancellationToken) =>
        SendAsync("reply", new JsonObject { ["channel"] = destination.Channel, ["threadTs"] = posted.ThreadId ?? posted.MessageId, ["text"] = text.ToPlainString() }, cancellationToken);

    private static JsonObject Card(ChatDestination destination, ChatMessage chatMessage) => chatMessage is IncidentMessage message ? new()
    {
        ["channel"] = destination.Channel,
        ["incidentId"] = message.IncidentId,
        ["version"] = message.Version,
        ["state"] = message.State.ToString(),
        ["title"] = message.Title,
    } : throw new NotSupportedException($"The loopback channel carries incidents only, not {chatMessage.Subject}.");

    private async Task<DeliveryResult> SendAsync(string kind, JsonObject body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(kind, UriKind.Relative), body, cancellationToken);
        var status = (int)response.StatusCode;
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            return new DeliveryResult.RetryLater(response.Headers.RetryAfter?.Delta, "429 Too Many Requests");
        }
        if (status >= 500)
        {
            return new DeliveryResult.RetryLater(null, $"{status} {response.ReasonPhrase}");
        }
        if (!response.IsSuccessStatusCode)
        {
            return new DeliveryResult.Rejected($"{status} {response.ReasonPhrase}");
        }
        var answer = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
        var ts = (string)answer!["ts"]!;
        return new DeliveryResult.Delivered(ts, ts);
    }
}
