namespace Bot.Persistence;

/// <summary>The SQL dialect a <see cref="BotDatabase"/> speaks; migrations and any dialect-specific SQL are chosen by it.</summary>
public enum SqlDialect
{
    /// <summary>SQLite: one file, WAL, one writer at a time. The embedded default.</summary>
    Sqlite,

    /// <summary>PostgreSQL: for several replicas sharing one database.</summary>
    Postgres,
}
