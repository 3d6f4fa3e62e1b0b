using System.Collections.Concurrent;
using Bot.Core.Storage;

namespace Bot.Slack.Tests.Support;

/// <summary>Claims in memory, shared by every "replica" given the same instance.</summary>
internal sealed class MemoryIdempotencyStore : IIdempotencyStore
{
    private readonly ConcurrentDictionary<(string, string), DateTimeOffset> _claims = new();

    public Task<bool> TryClaimAsync(string scope, string key, DateTimeOffset at, CancellationToken cancellationToken) =>
        Task.FromResult(_claims.TryAdd((scope, key), at));

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken) => Task.FromResult(0);
}
