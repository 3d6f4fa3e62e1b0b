using System.Data.Common;
using Bot.Core.Delivery;
using Dapper;

namespace Bot.Persistence;

/// <summary>SQLite: one process owns the database file, so it always delivers.</summary>
internal sealed class SingleProcessDeliveryLease : IDeliveryLease
{
    public Task<bool> HoldAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>
/// PostgreSQL: a session-level advisory lock held on a connection of its own. The lock lives as long as that
/// connection: if this replica dies or loses the database, PostgreSQL releases it and another replica takes over.
/// </summary>
internal sealed class PostgresDeliveryLease(BotDatabase database, TimeProvider time) : IDeliveryLease
{
    /// <summary>The advisory lock key: "slo-bot delivery" as a number, shared by every replica.</summary>
    internal const long LockKey = 0x510_B07_DE11;

    // How often a held lease checks that its connection (and so the lock) is still alive.
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private DbConnection? _connection;
    private DateTimeOffset _checkedAt;

    public async Task<bool> HoldAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is not null && await StillHeldAsync(cancellationToken))
            {
                return true;
            }
            var connection = await database.OpenConnectionAsync(cancellationToken);
            var acquired = await connection.ExecuteScalarAsync<bool>(
                new CommandDefinition("SELECT pg_try_advisory_lock(@key)", new { key = LockKey }, cancellationToken: cancellationToken));
            if (!acquired)
            {
                await connection.DisposeAsync();
                return false;
            }
            _connection = connection;
            _checkedAt = time.GetUtcNow();
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            await DropAsync(unlock: true);
        }
        finally
        {
            _gate.Release();
            _gate.Dispose();
        }
    }

    private async Task<bool> StillHeldAsync(CancellationToken cancellationToken)
    {
        if (time.GetUtcNow() - _checkedAt < CheckEvery)
        {
            return true;
        }
        try
        {
            await _connection!.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: cancellationToken));
            _checkedAt = time.GetUtcNow();
            return true;
        }
        catch (DbException)
        {
            // The connection is gone, and the lock with it: another replica may hold it now.
            await DropAsync(unlock: false);
            return false;
        }
    }

    private async Task DropAsync(bool unlock)
    {
        if (_connection is null)
        {
            return;
        }
        try
        {
            if (unlock)
            {
                // Pooled connections are reset on return, but release the lock at once rather than rely on it.
                await _connection.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = LockKey });
            }
        }
        catch (DbException)
        {
            // Nothing to release on a broken connection.
        }
        await _connection.DisposeAsync();
        _connection = null;
    }
}
