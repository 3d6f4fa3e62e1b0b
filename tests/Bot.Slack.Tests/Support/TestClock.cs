namespace Bot.Slack.Tests.Support;

/// <summary>
/// A clock that reads a fixed instant until a test moves it. With <see cref="ImmediateTimers"/>, every delay measured
/// on it is over at once, so a test can take the "slow command" path without waiting.
/// </summary>
internal sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public bool ImmediateTimers { get; init; }

    public DateTimeOffset Now => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        base.CreateTimer(callback, state, ImmediateTimers && dueTime != Timeout.InfiniteTimeSpan ? TimeSpan.Zero : dueTime, period);
}
