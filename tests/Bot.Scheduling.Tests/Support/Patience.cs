namespace Bot.Scheduling.Tests.Support;

/// <summary>How long a test waits for something that should happen at once, before it fails instead of hanging.</summary>
public static class Patience
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
}
