using System.Collections.Concurrent;
using Bot.Core.Slos;
using Bot.Core.Storage;

namespace Bot.Slack.Tests.Support;

/// <summary>Pushed SLI counts a test sets per SLO (<see cref="Counts"/>); an SLO without them has nothing pushed.</summary>
internal sealed class StubSliStore : ISliStore
{
    public ConcurrentDictionary<string, PushedCounts> Counts { get; } = new(StringComparer.Ordinal);

    public Task<PushedCounts?> ReadAsync(string sloId, DateTimeOffset periodStart, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(Counts.TryGetValue(sloId, out var counts) ? counts : null);

    public Task<SliPushResult> RecordAsync(SliPush push, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("Slack tests read SLI counts; they push none.");

    public Task<int> CompactAsync(DateTimeOffset horizon, DateTimeOffset dropBefore, CancellationToken cancellationToken) => Task.FromResult(0);

    /// <summary>Counts of <paramref name="good"/> of <paramref name="total"/> over the period, and good ÷ total per burn window (5m, 1h, 6h, 24h, 7d) out of 100,000 each.</summary>
    public static PushedCounts Of(double good, double total, params double[] windowErrorRatios) =>
        new(new EventCounts(good, total), [.. windowErrorRatios.Select(e => new EventCounts(100_000 * (1 - e), 100_000))]);
}
