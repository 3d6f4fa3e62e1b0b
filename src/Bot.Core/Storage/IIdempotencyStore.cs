namespace Bot.Core.Storage;

/// <summary>
/// Remembers which inbound deliveries were already acted on (a Slack event id, a Teams activity id, a
/// webhook redelivery), across restarts and replicas, so a retry never acts twice.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims <paramref name="key"/> within <paramref name="scope"/>. True for the first claim ever made;
    /// false for every later one, on any replica.
    /// </summary>
    Task<bool> TryClaimAsync(string scope, string key, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Forgets claims made before <paramref name="before"/>; returns how many were removed.</summary>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
