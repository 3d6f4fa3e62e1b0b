using System.Net;

namespace Bot.Slack.Fake;

/// <summary>A failure the fake answers instead of doing the work (see <see cref="FakeSlack.FailNext"/>).</summary>
public sealed record FakeSlackFailure(HttpStatusCode Status, string? Error, int? RetryAfterSeconds)
{
    /// <summary>HTTP 500 with an empty body: Slack having a bad moment.</summary>
    public static FakeSlackFailure ServerError { get; } = new(HttpStatusCode.InternalServerError, null, null);

    /// <summary>HTTP 429, <c>Retry-After: seconds</c>, <c>{"ok":false,"error":"ratelimited"}</c>.</summary>
    public static FakeSlackFailure RateLimited(int retryAfterSeconds) => new(HttpStatusCode.TooManyRequests, "ratelimited", retryAfterSeconds);

    /// <summary>HTTP 200 with <c>{"ok":false,"error":error}</c>, the way Slack reports nearly every error.</summary>
    public static FakeSlackFailure NotOk(string error) => new(HttpStatusCode.OK, error, null);
}
