namespace Bot.Persistence;

/// <summary>
/// Where the bot keeps its state: section <c>Database</c>, plus the connection string <c>ConnectionStrings:Bot</c>.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    /// <summary>The configuration key of the connection string, as operators write it.</summary>
    public const string ConnectionStringKey = "ConnectionStrings:Bot";

    /// <summary>The SQLite database used when <c>ConnectionStrings:Bot</c> is not set; relative to the content root.</summary>
    public const string DefaultSqliteConnectionString = "Data Source=data/bot.db";

    internal static readonly TimeSpan DefaultSqliteBusyTimeout = TimeSpan.FromSeconds(10);

    /// <summary><c>Sqlite</c> (default) or <c>Postgres</c>, case-insensitive.</summary>
    public string Provider { get; set; } = nameof(SqlDialect.Sqlite);

    /// <summary>Bound from <c>ConnectionStrings:Bot</c>. Required for PostgreSQL; SQLite defaults to <see cref="DefaultSqliteConnectionString"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>How long a SQLite statement waits for another writer's lock before it fails (SQLite <c>busy_timeout</c>).</summary>
    public TimeSpan SqliteBusyTimeout { get; set; } = DefaultSqliteBusyTimeout;

    /// <summary>How long the <c>database</c> health check waits for <c>SELECT 1</c> before it reports unhealthy.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The dialect named by <see cref="Provider"/>, or null when it names none.</summary>
    public SqlDialect? Dialect => ParseProvider(Provider);

    /// <summary>The allowed values of <c>Database:Provider</c>, for messages.</summary>
    public const string AllowedProviders = "Sqlite, Postgres";

    internal static SqlDialect? ParseProvider(string? provider) => provider?.Trim().ToUpperInvariant() switch
    {
        "SQLITE" => SqlDialect.Sqlite,
        "POSTGRES" or "POSTGRESQL" => SqlDialect.Postgres,
        _ => null,
    };
}
