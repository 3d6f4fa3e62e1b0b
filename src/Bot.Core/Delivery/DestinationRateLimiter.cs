namespace Bot.Core.Delivery;

/// <summary>
/// When each destination may next be sent to: one message per 1/rate seconds (strict spacing, no bursts, since Slack
/// only tolerates short bursts on top of 1 per second per channel), and no sooner than a platform's <c>Retry-After</c>.
/// In memory, per process: after a restart the first message to a destination goes at once.
/// </summary>
internal sealed class DestinationRateLimiter
{
    private readonly Dictionary<string, DateTimeOffset> _allowedAt = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public DateTimeOffset AllowedAt(string destinationKey)
    {
        lock (_gate)
        {
            return _allowedAt.GetValueOrDefault(destinationKey, DateTimeOffset.MinValue);
        }
    }

    /// <summary>Takes the destination's turn now; <paramref name="messagesPerSecond"/> of 0, negative or infinite means unlimited.</summary>
    public void Take(string destinationKey, double messagesPerSecond, DateTimeOffset now)
    {
        var spacing = messagesPerSecond > 0 && double.IsFinite(messagesPerSecond) ? TimeSpan.FromSeconds(1 / messagesPerSecond) : TimeSpan.Zero;
        PauseUntil(destinationKey, now + spacing);
    }

    public void PauseUntil(string destinationKey, DateTimeOffset until)
    {
        lock (_gate)
        {
            if (!_allowedAt.TryGetValue(destinationKey, out var current) || until > current)
            {
                _allowedAt[destinationKey] = until;
            }
        }
    }

    /// <summary>Forgets destinations that are allowed again, so the map holds only the ones being paced.</summary>
    public void Prune(DateTimeOffset now)
    {
        lock (_gate)
        {
            foreach (var key in _allowedAt.Where(p => p.Value <= now).Select(p => p.Key).ToList())
            {
                _allowedAt.Remove(key);
            }
        }
    }
}
