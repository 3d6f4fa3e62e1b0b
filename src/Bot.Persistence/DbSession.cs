using System.Data.Common;
using Dapper;

namespace Bot.Persistence;

/// <summary>
/// One unit of database work handed to a repository by <see cref="BotDatabase.WriteAsync{T}"/> or
/// <see cref="BotDatabase.ReadAsync{T}"/>: an open connection, the transaction (writes only) and the caller's
/// cancellation token. The Dapper shortcuts pass the transaction and the token on, so a repository cannot forget
/// either. The session is valid only inside the callback; do not dispose the connection or the transaction.
/// </summary>
public sealed class DbSession
{
    internal DbSession(DbConnection connection, DbTransaction? transaction, SqlDialect dialect, CancellationToken cancellationToken)
    {
        Connection = connection;
        Transaction = transaction;
        Dialect = dialect;
        CancellationToken = cancellationToken;
    }

    public DbConnection Connection { get; }

    /// <summary>The write transaction; null in a read session (each statement then runs on its own).</summary>
    public DbTransaction? Transaction { get; }

    public SqlDialect Dialect { get; }

    public CancellationToken CancellationToken { get; }

    /// <summary>A Dapper command bound to this session's transaction and cancellation token.</summary>
    public CommandDefinition Command(string sql, object? parameters = null) =>
        new(sql, parameters, Transaction, commandTimeout: null, commandType: null, CommandFlags.Buffered, CancellationToken);

    /// <summary>Runs a statement; returns the number of rows it changed.</summary>
    public Task<int> ExecuteAsync(string sql, object? parameters = null) => Connection.ExecuteAsync(Command(sql, parameters));

    public Task<T?> ExecuteScalarAsync<T>(string sql, object? parameters = null) => Connection.ExecuteScalarAsync<T>(Command(sql, parameters));

    public Task<IEnumerable<T>> QueryAsync<T>(string sql, object? parameters = null) => Connection.QueryAsync<T>(Command(sql, parameters));

    public Task<T> QuerySingleAsync<T>(string sql, object? parameters = null) => Connection.QuerySingleAsync<T>(Command(sql, parameters));

    public Task<T?> QuerySingleOrDefaultAsync<T>(string sql, object? parameters = null) => Connection.QuerySingleOrDefaultAsync<T>(Command(sql, parameters));
}
