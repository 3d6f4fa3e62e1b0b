namespace Bot.MsTeams.Fake;

/// <summary>
/// Teams' per-bot, per-thread limits (msteams-docs <c>bots/how-to/rate-limit.md</c>) as sliding windows: a call is
/// refused when any window already holds its limit, and is told to wait until enough of the window's calls age out.
/// Refused calls do not count, so a bot that waits as told is never refused twice for the same reason.
/// Not thread-safe: the fake calls it under its lock.
/// </summary>
internal sealed class ThreadRateLimiter
{
    /// <summary>Sending to a conversation and creating one: 7 per 1 s, 8 per 2 s, 60 per 30 s, 1800 per hour.</summary>
    public static readonly (int Limit, TimeSpan Window)[] Writes =
    [
        (7, TimeSpan.FromSeconds(1)), (8, TimeSpan.FromSeconds(2)), (60, TimeSpan.FromSeconds(30)), (1800, TimeSpan.FromHours(1)),
    ];

    /// <summary>Getting members and conversations: 14 per 1 s, 16 per 2 s, 120 per 30 s, 3600 per hour.</summary>
    public static readonly (int Limit, TimeSpan Window)[] Reads =
    [
        (14, TimeSpan.FromSeconds(1)), (16, TimeSpan.FromSeconds(2)), (120, TimeSpan.FromSeconds(30)), (3600, TimeSpan.FromHours(1)),
    ];

    private readonly Dictionary<(string Operation, string Thread), List<DateTimeOffset>> _calls = [];

    /// <summary>Counts the call and returns null, or returns how long to wait without counting it.</summary>
    public TimeSpan? TryTake(string operation, string thread, (int Limit, TimeSpan Window)[] limits, DateTimeOffset now)
    {
        if (!_calls.TryGetValue((operation, thread), out var calls))
        {
            _calls[(operation, thread)] = calls = [];
        }
        var longest = limits.Max(l => l.Window);
        calls.RemoveAll(at => at <= now - longest);
        TimeSpan? wait = null;
        foreach (var (limit, window) in limits)
        {
            var inWindow = calls.Where(at => at > now - window).ToList();
            if (inWindow.Count >= limit)
            {
                // Once the oldest (count - limit + 1) calls leave the window, it holds fewer than the limit again.
                var until = inWindow[inWindow.Count - limit] + window - now;
                wait = wait is { } w && w > until ? w : until;
            }
        }
        if (wait is null)
        {
            calls.Add(now);
        }
        return wait;
    }
}
