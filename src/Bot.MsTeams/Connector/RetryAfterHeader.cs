namespace Bot.MsTeams.Connector;

/// <summary><c>Retry-After</c> as a delay, from either of its forms: delta-seconds or an HTTP date (RFC 9110 §10.2.3).</summary>
internal static class RetryAfterHeader
{
    public static TimeSpan? Of(HttpResponseMessage response, TimeProvider time) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => Until(date, time.GetUtcNow()),
        _ => null,
    };

    /// <summary>A date already past (clocks differ) means "now".</summary>
    private static TimeSpan Until(DateTimeOffset date, DateTimeOffset now) => date > now ? date - now : TimeSpan.Zero;
}
