using System.Net;

namespace Bot.Slack.Fake;

/// <summary>What the bot answered one request the driver sent, and how long it took.</summary>
/// <param name="Status">Null when the bot did not answer within Slack's 3 s (what Slack shows as <c>operation_timeout</c>).</param>
/// <param name="RetryNum">The <c>X-Slack-Retry-Num</c> sent, 0 for the first delivery.</param>
public sealed record SlackDelivery(HttpStatusCode? Status, string Body, string? ContentType, TimeSpan Elapsed, int RetryNum)
{
    public bool TimedOut => Status is null;
}

/// <summary>A slash command or click as sent, with the <c>response_url</c> the bot may answer on later.</summary>
public sealed record SlackInvocation(SlackDelivery Response, Uri ResponseUrl, string Body);
