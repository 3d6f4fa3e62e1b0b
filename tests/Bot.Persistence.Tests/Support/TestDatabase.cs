namespace Bot.Persistence.Tests.Support;

/// <summary>
/// A fresh, empty database for one test, on either dialect; disposing it removes it. <see cref="OpenReplica"/>
/// opens a second <see cref="BotDatabase"/> on the same data, as another replica (or process) would.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly Func<BotDatabase> _open;
    private readonly Func<ValueTask> _remove;
    private readonly List<BotDatabase> _opened = [];

    public TestDatabase(SqlDialect dialect, string connectionString, Func<BotDatabase> open, Func<ValueTask> remove)
    {
        Dialect = dialect;
        ConnectionString = connectionString;
        _open = open;
        _remove = remove;
        Database = OpenReplica();
    }

    public SqlDialect Dialect { get; }

    /// <summary>The value for <c>ConnectionStrings:Bot</c> (absolute SQLite path, or PostgreSQL on loopback).</summary>
    public string ConnectionString { get; }

    /// <summary>The value for <c>Database:Provider</c>.</summary>
    public string Provider => Dialect.ToString();

    public BotDatabase Database { get; }

    public BotDatabase OpenReplica()
    {
        var database = _open();
        lock (_opened)
        {
            _opened.Add(database);
        }

        return database;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _opened)
        {
            await database.DisposeAsync();
        }

        await _remove();
    }
}
