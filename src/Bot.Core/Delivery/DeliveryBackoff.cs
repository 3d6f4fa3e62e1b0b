namespace Bot.Core.Delivery;

/// <summary>
/// Retry delays: exponential from <see cref="DeliveryOptions.InitialBackoff"/>, doubling per attempt up to
/// <see cref="DeliveryOptions.MaxBackoff"/>, with "equal jitter" (a random point in the upper half of the step) so
/// replicas and destinations that failed together do not retry together, yet a retry never comes almost at once as
/// full jitter allows. A platform's <c>Retry-After</c> is a floor: the delay is never shorter than what it asked for.
/// </summary>
internal sealed class DeliveryBackoff(DeliveryOptions options, Random random)
{
    private readonly Lock _gate = new();

    /// <summary>The delay after failed attempt number <paramref name="attempt"/> (1 for the first).</summary>
    public TimeSpan After(int attempt, TimeSpan? retryAfter)
    {
        var step = Step(attempt);
        double draw;
        lock (_gate)
        {
            draw = random.NextDouble();
        }
        var delay = (step / 2) + (step / 2 * draw);
        return retryAfter is { } asked && asked > delay ? asked : delay;
    }

    /// <summary>The un-jittered delay: the initial backoff doubled per earlier attempt, capped.</summary>
    public TimeSpan Step(int attempt)
    {
        var doublings = Math.Clamp(attempt - 1, 0, 40);
        var ticks = options.InitialBackoff.Ticks * Math.Pow(2, doublings);
        return ticks >= options.MaxBackoff.Ticks ? options.MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }
}
