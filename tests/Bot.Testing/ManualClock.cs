namespace Bot.Testing;

/// <summary>
/// A clock that reads a fixed instant until a test moves it (Microsoft.Extensions.TimeProvider.Testing cannot be
/// restored here). Timers stay the system's, unless <see cref="ImmediateTimers"/> makes every delay measured on this
/// clock over at once, so a test can take a "too slow" path without waiting.
/// </summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public bool ImmediateTimers { get; init; }

    public DateTimeOffset Now => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public void SetTo(DateTimeOffset at) => Interlocked.Exchange(ref _ticks, at.UtcTicks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        base.CreateTimer(callback, state, ImmediateTimers && dueTime != Timeout.InfiniteTimeSpan ? TimeSpan.Zero : dueTime, period);
}
