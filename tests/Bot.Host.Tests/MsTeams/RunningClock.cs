namespace Bot.Host.Tests.MsTeams;

/// <summary>
/// The system's clock plus the jumps a test makes. Unlike a clock that stands still, it lets everything paced by the
/// host's clock go on (the delivery dispatcher spaces Teams messages by it), while a test can still skip an ack
/// timeout. Timers stay the system's.
/// </summary>
internal sealed class RunningClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => TimeProvider.System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public void Jump(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
