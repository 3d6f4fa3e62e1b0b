using System.Data.Common;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Npgsql;
using SQLitePCL;

namespace Bot.Persistence;

/// <summary>
/// The bot's database: SQLite (a file in WAL mode) or PostgreSQL (a pooled <see cref="NpgsqlDataSource"/>).
/// Repositories do their work through <see cref="WriteAsync{T}"/> (one transaction) and <see cref="ReadAsync{T}"/>.
/// Create one per process; it is thread-safe.
/// </summary>
public sealed class BotDatabase : IAsyncDisposable
{
    // Set while a WriteAsync callback runs, to turn a nested WriteAsync (a deadlock on SQLite's write gate,
    // a second, separate transaction on PostgreSQL) into an immediate, clear error. The scope is switched off
    // when the write ends, so work the callback left running is not mistaken for nesting.
    private static readonly AsyncLocal<WriteScope?> Writing = new();

    private static readonly object Prepared = new();

    private readonly string? _sqliteConnectionString;
    private readonly string? _sqlitePragmas;
    private readonly NpgsqlDataSource? _postgres;

    // SQLite has one writer per file. Writers of this process queue here, first come first served, instead of
    // meeting on the file lock, where SQLite's busy handler sleeps and retries: the same throughput, but with
    // 16 writers the slowest write took ~20 ms instead of 1.2 s (docs/database.md).
    private readonly SemaphoreSlim? _sqliteWriteGate;

    // Pooled SQLite connections keep their native handle and its settings; set them once per handle
    // (saves ~4 µs a write against running the pragmas on every open).
    private readonly ConditionalWeakTable<sqlite3, object> _preparedHandles = [];

    private BotDatabase(SqlDialect dialect, string dataSourceDescription, string? sqliteConnectionString, TimeSpan busyTimeout, NpgsqlDataSource? postgres)
    {
        UtcTimestampHandler.EnsureRegistered();
        Dialect = dialect;
        DataSourceDescription = dataSourceDescription;
        _sqliteConnectionString = sqliteConnectionString;
        _postgres = postgres;
        if (dialect == SqlDialect.Sqlite)
        {
            _sqliteWriteGate = new SemaphoreSlim(1, 1);

            // synchronous=FULL: a commit returns only after the WAL is fsynced, so an accepted alert survives an
            // OS crash or power loss, not just a process crash (docs/database.md has the trade-off).
            _sqlitePragmas = string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout={(long)busyTimeout.TotalMilliseconds}; PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL;");
        }
    }

    public SqlDialect Dialect { get; }

    /// <summary>"SQLite" or "PostgreSQL", for logs and health reports.</summary>
    public string ProviderName => Dialect == SqlDialect.Sqlite ? "SQLite" : "PostgreSQL";

    /// <summary>Where the data lives, without secrets: the SQLite file path, or PostgreSQL host, port, database and user.</summary>
    public string DataSourceDescription { get; }

    /// <summary>
    /// Creates the database for validated <paramref name="options"/>. A relative SQLite data source is resolved
    /// against <paramref name="contentRootPath"/> and its directory is created.
    /// </summary>
    public static BotDatabase Create(DatabaseOptions options, string contentRootPath)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Dialect switch
        {
            SqlDialect.Sqlite => ForSqlite(options.ConnectionString ?? DatabaseOptions.DefaultSqliteConnectionString, contentRootPath, options.SqliteBusyTimeout),
            SqlDialect.Postgres => ForPostgres(options.ConnectionString
                ?? throw new InvalidOperationException($"{DatabaseOptions.ConnectionStringKey} is required when Database:Provider is Postgres.")),
            _ => throw new InvalidOperationException($"Database:Provider '{options.Provider}' is not supported; allowed values: {DatabaseOptions.AllowedProviders}."),
        };
    }

    /// <summary>A SQLite database in a file; a relative path is resolved against <paramref name="baseDirectory"/>.</summary>
    public static BotDatabase ForSqlite(string connectionString, string baseDirectory, TimeSpan? busyTimeout = null)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (IsInMemory(builder))
        {
            throw new ArgumentException("An in-memory SQLite database is not supported: each pooled connection would see a different, empty database.", nameof(connectionString));
        }

        if (!builder.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, Path.GetFullPath(baseDirectory));
            var directory = Path.GetDirectoryName(builder.DataSource);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        return new BotDatabase(SqlDialect.Sqlite, builder.DataSource, builder.ToString(), busyTimeout ?? DatabaseOptions.DefaultSqliteBusyTimeout, postgres: null);
    }

    /// <summary>A PostgreSQL database; connections come from one pooled data source.</summary>
    public static BotDatabase ForPostgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.ApplicationName ??= "slo-bot";
        var description = string.Create(CultureInfo.InvariantCulture, $"{builder.Host}:{builder.Port}/{builder.Database} as {builder.Username}");
        return new BotDatabase(SqlDialect.Postgres, description, sqliteConnectionString: null, TimeSpan.Zero, NpgsqlDataSource.Create(builder));
    }

    internal static bool IsInMemory(SqliteConnectionStringBuilder builder) =>
        builder.Mode == SqliteOpenMode.Memory
        || string.Equals(builder.DataSource, ":memory:", StringComparison.Ordinal)
        || builder.DataSource.StartsWith("file::memory:", StringComparison.OrdinalIgnoreCase);

    /// <summary>An open connection, ready to use (SQLite: WAL, busy timeout, foreign keys, synchronous=FULL). Dispose it.</summary>
    public async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        // Microsoft.Data.Sqlite does its I/O synchronously whichever method is called; the sync calls skip a Task.
        var connection = new SqliteConnection(_sqliteConnectionString);
        try
        {
            connection.Open();
            PrepareSqliteHandle(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits it, or rolls back when it throws.
    /// SQLite: writers in this process queue for the single write lock, and the transaction begins IMMEDIATE so
    /// it never has to upgrade a read lock. PostgreSQL: READ COMMITTED; write SQL that is correct under it
    /// (INSERT … ON CONFLICT, conditional UPDATE, SELECT … FOR UPDATE).
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (Writing.Value is { Active: true } scope && scope.Database == this)
        {
            throw new InvalidOperationException("WriteAsync was called inside another WriteAsync on the same database; pass the DbSession down instead.");
        }

        if (_sqliteWriteGate is not null)
        {
            await _sqliteWriteGate.WaitAsync(cancellationToken);
        }

        var writeScope = new WriteScope(this);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using var transaction = connection is SqliteConnection sqlite
                ? sqlite.BeginTransaction(deferred: false)
                : await connection.BeginTransactionAsync(cancellationToken);
            Writing.Value = writeScope;
            var result = await work(new DbSession(connection, transaction, Dialect, cancellationToken));

            // Once the work is done, cancelling the commit would only leave the caller unsure whether it happened.
            await transaction.CommitAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            writeScope.Active = false;
            _sqliteWriteGate?.Release();
        }
    }

    /// <inheritdoc cref="WriteAsync{T}"/>
    public Task WriteAsync(Func<DbSession, Task> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return WriteAsync(
            async session =>
            {
                await work(session);
                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="work"/> on an open connection without a transaction: each statement sees the latest
    /// committed data. SQLite readers never wait for the writer (WAL).
    /// </summary>
    public async Task<T> ReadAsync<T>(Func<DbSession, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await work(new DbSession(connection, transaction: null, Dialect, cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        else
        {
            // Pooled connections hold the file open; release them so the file can be moved or deleted.
            using var connection = new SqliteConnection(_sqliteConnectionString);
            SqliteConnection.ClearPool(connection);
            _sqliteWriteGate?.Dispose();
        }
    }

    private void PrepareSqliteHandle(SqliteConnection connection)
    {
        var handle = connection.Handle!;
        if (_preparedHandles.TryGetValue(handle, out _))
        {
            return;
        }

        using (var command = connection.CreateCommand())
        {
            command.CommandText = _sqlitePragmas;
            command.ExecuteNonQuery();

            // WAL is a property of the file, kept across connections; asking again is a no-op.
            command.CommandText = "PRAGMA journal_mode=WAL;";
            var mode = command.ExecuteScalar() as string;
            if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"SQLite kept journal mode '{mode}' for {DataSourceDescription}; WAL is required (is the file on a network file system?).");
            }
        }

        _preparedHandles.AddOrUpdate(handle, Prepared);
    }

    private sealed class WriteScope(BotDatabase database)
    {
        public BotDatabase Database { get; } = database;

        public bool Active { get; set; } = true;
    }
}
