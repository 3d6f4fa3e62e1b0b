using Bot.Core.Storage;

namespace Bot.Slack.Tests.Support;

/// <summary>Counts claim attempts, so a test knows a redelivery was looked at (and refused) before asserting nothing happened.</summary>
internal sealed class CountingIdempotencyStore(IIdempotencyStore inner) : IIdempotencyStore
{
    private int _attempts;

    public int Attempts => Volatile.Read(ref _attempts);

    public Task<bool> TryClaimAsync(string scope, string key, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        return inner.TryClaimAsync(scope, key, at, cancellationToken);
    }

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken) => inner.PurgeAsync(before, cancellationToken);

    public async Task WaitForAttemptsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Attempts < count)
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
