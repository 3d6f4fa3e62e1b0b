namespace Bot.Core.Delivery;

/// <summary>How the delivery dispatcher paces and retries. Bound from the <c>Delivery</c> section.</summary>
/// <remarks>
/// There is deliberately no maximum number of attempts: the promise is that an alert is never lost, so a delivery the
/// platform could still accept is retried for ever, at most <see cref="MaxBackoff"/> apart. Only a platform's final
/// refusal (or a delivery that can never be made, such as one to a platform that is off) gives an entry up.
/// </remarks>
public sealed class DeliveryOptions
{
    /// <summary>The retry delay after the first failed attempt; it doubles with each further attempt.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest retry delay (before jitter), unless a platform's <c>Retry-After</c> asks for longer.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many destinations are delivered to at the same time.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>How many due destinations one pass takes from the outbox.</summary>
    public int DueBatchSize { get; set; } = 100;

    /// <summary>How many entries one pass delivers to one destination (when its rate allows), so a storm drains fast without starving others.</summary>
    public int MaxEntriesPerPass { get; set; } = 50;

    /// <summary>
    /// The longest the delivery loop sleeps without a wake-up signal: it bounds how late entries enqueued by another
    /// replica are seen, and how long a destination whose storage failed is paused.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>What is wrong with these options, each naming its configuration key; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (InitialBackoff <= TimeSpan.Zero)
        {
            errors.Add("Delivery:InitialBackoff must be positive.");
        }
        if (MaxBackoff < InitialBackoff)
        {
            errors.Add("Delivery:MaxBackoff must be at least Delivery:InitialBackoff.");
        }
        if (Parallelism < 1)
        {
            errors.Add("Delivery:Parallelism must be at least 1.");
        }
        if (DueBatchSize < 1)
        {
            errors.Add("Delivery:DueBatchSize must be at least 1.");
        }
        if (MaxEntriesPerPass < 1)
        {
            errors.Add("Delivery:MaxEntriesPerPass must be at least 1.");
        }
        if (PollInterval <= TimeSpan.Zero || PollInterval.TotalMilliseconds > int.MaxValue)
        {
            errors.Add("Delivery:PollInterval must be positive and under 24 days.");
        }
        return errors;
    }
}
