using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Bot.Slack.Commands;

/// <summary>
/// Posts delayed replies to a slash command's or a button's <c>response_url</c> (at most 5 times within 30 minutes).
/// The URL is Slack's own and carries its authority, so the request has no bearer token: the named client
/// <see cref="HttpClientName"/> sends none.
/// </summary>
/// <remarks>See <see href="https://docs.slack.dev/interactivity/handling-user-interaction#message_responses">message responses</see>.</remarks>
internal sealed class SlackResponseUrl(IHttpClientFactory clients, ILogger<SlackResponseUrl> logger)
{
    public const string HttpClientName = "SlackResponseUrl";

    private static readonly MediaTypeHeaderValue JsonUtf8 = new("application/json") { CharSet = "utf-8" };

    /// <summary>True when Slack took it (any 2xx); a 404 or 410 means the URL expired or was used up.</summary>
    public async Task<bool> SendAsync(Uri responseUrl, SlackResponse response, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(response, SlackJson.Options)) { Headers = { ContentType = JsonUtf8 } };
        using var answer = await clients.CreateClient(HttpClientName).PostAsync(responseUrl, content, cancellationToken);
        if (!answer.IsSuccessStatusCode)
        {
            logger.LogWarning("Slack response_url answered HTTP {Status}; the reply was not shown", (int)answer.StatusCode);
        }
        return answer.IsSuccessStatusCode;
    }
}
