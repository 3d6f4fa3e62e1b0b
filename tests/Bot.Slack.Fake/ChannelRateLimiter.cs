namespace Bot.Slack.Fake;

/// <summary>
/// Slack's "about 1 message per second per channel, short bursts tolerated" for <c>chat.postMessage</c>, as a token
/// bucket per channel: it holds <c>burst</c> posts and refills at <c>rate</c> per second. A post finding it empty is
/// refused with the whole seconds until the next token as <c>Retry-After</c> (at least 1, as Slack sends integers).
/// </summary>
internal sealed class ChannelRateLimiter(double rate, int burst)
{
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes a token for the channel, or says how many seconds to wait. Not thread-safe: the fake calls it under its lock.</summary>
    public int? TryTake(string channel, DateTimeOffset now)
    {
        if (rate <= 0)
        {
            return null;
        }
        var capacity = Math.Max(1, burst);
        var (tokens, at) = _buckets.GetValueOrDefault(channel, (capacity, now));
        tokens = Math.Min(capacity, tokens + (Math.Max(0, (now - at).TotalSeconds) * rate));
        if (tokens >= 1)
        {
            _buckets[channel] = (tokens - 1, now);
            return null;
        }
        _buckets[channel] = (tokens, now);
        return Math.Max(1, (int)Math.Ceiling((1 - tokens) / rate));
    }
}
