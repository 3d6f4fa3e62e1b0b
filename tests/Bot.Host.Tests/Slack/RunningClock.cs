namespace Bot.Host.Tests.Slack;

/// <summary>
/// The system's clock, which a test can move forward: it keeps running in real time (delivery paces itself at a post
/// a second per channel, and Slack's signatures are checked against it), and <see cref="Advance"/> skips a stretch
/// such as an escalation step's ack timeout at once. Timers are the system's.
/// </summary>
internal sealed class RunningClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
