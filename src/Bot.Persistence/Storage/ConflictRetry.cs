using Npgsql;

namespace Bot.Persistence.Storage;

/// <summary>
/// Runs a write again from the start when it collided with a concurrent writer: the transaction is rolled back, and
/// the writer it collided with has committed (a unique violation waits for it), so the next run sees its rows.
/// </summary>
internal static class ConflictRetry
{
    /// <summary>How many times a write is tried before a conflict is passed on to the caller.</summary>
    public const int MaxAttempts = 5;

    public static async Task<T> WriteAsync<T>(BotDatabase database, Func<DbSession, Task<T>> work, Func<Exception, bool> isConflict, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await database.WriteAsync(work, cancellationToken);
            }
            catch (Exception exception) when (attempt < MaxAttempts && isConflict(exception))
            {
                // Rolled back; run it again.
            }
        }
    }

    /// <summary>A PostgreSQL serialization failure or deadlock: nothing is wrong with the work, only its timing.</summary>
    public static bool IsTransient(Exception exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected };
}
