namespace Bot.MsTeams.Tests.Connector;

/// <summary>A clock that reads a fixed instant until a test moves it (Microsoft's FakeTimeProvider cannot be restored here).</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public DateTimeOffset Now => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
