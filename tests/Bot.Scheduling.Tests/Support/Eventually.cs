namespace Bot.Scheduling.Tests.Support;

/// <summary>Awaits a condition another thread brings about (a timer firing), failing after a bound instead of hanging.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        if (!await WithinAsync(condition, Patience.Bound))
        {
            Assert.Fail($"Timed out after {Patience.Bound.TotalSeconds} s waiting until {what}.");
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what) => TrueAsync(() => Task.FromResult(condition()), what);

    /// <summary>Whether the condition became true within <paramref name="within"/>.</summary>
    public static async Task<bool> WithinAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (!await condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return true;
    }
}
