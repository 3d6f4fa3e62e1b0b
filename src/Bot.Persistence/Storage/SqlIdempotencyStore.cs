using Bot.Core.Storage;

namespace Bot.Persistence.Storage;

/// <summary>
/// Claims are rows keyed by (scope, key). The insert either creates the row or does nothing, so exactly one
/// claimer sees one changed row, whichever replica or connection it runs on: PostgreSQL makes a concurrent
/// second insert wait for the first to commit and then skip; SQLite has one writer at a time.
/// </summary>
internal sealed class SqlIdempotencyStore(BotDatabase database) : IIdempotencyStore
{
    public Task<bool> TryClaimAsync(string scope, string key, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentException.ThrowIfNullOrEmpty(key);
        return database.WriteAsync(
            async session => await session.ExecuteAsync(
                """
                INSERT INTO idempotency_claims (scope, claim_key, claimed_at) VALUES (@scope, @key, @at)
                ON CONFLICT (scope, claim_key) DO NOTHING
                """,
                new { scope, key, at }) == 1,
            cancellationToken);
    }

    public Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        database.WriteAsync(
            session => session.ExecuteAsync("DELETE FROM idempotency_claims WHERE claimed_at < @before", new { before }),
            cancellationToken);
}
