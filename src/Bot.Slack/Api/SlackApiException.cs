namespace Bot.Slack.Api;

/// <summary>
/// A Web API call that Slack answered with <c>ok:false</c> (<see cref="Error"/> is Slack's code, e.g. <c>channel_not_found</c>),
/// or with an HTTP status other than 200 and 429 (<c>http_502</c>, …).
/// </summary>
/// <remarks>See <see href="https://docs.slack.dev/apis/web-api/#responses">Web API responses</see>.</remarks>
internal class SlackApiException(string method, string error, string? needed = null)
    : Exception($"Slack {method} failed: {error}{(needed is null ? "" : $" (needs scope {needed})")}")
{
    public string Method { get; } = method;

    public string Error { get; } = error;

    /// <summary>For <c>missing_scope</c>: the scope the token lacks.</summary>
    public string? Needed { get; } = needed;
}

/// <summary>Slack answered HTTP 429: wait <see cref="RetryAfter"/> (its <c>Retry-After</c>) before calling the method again.</summary>
/// <remarks>See <see href="https://docs.slack.dev/apis/web-api/rate-limits">rate limits</see>.</remarks>
internal sealed class SlackRateLimitedException(string method, TimeSpan? retryAfter)
    : SlackApiException(method, "ratelimited")
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
