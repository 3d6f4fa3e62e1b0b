using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Bot.Persistence;

/// <summary>Fails start-up with messages that name the configuration key to fix.</summary>
internal sealed class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>
{
    public ValidateOptionsResult Validate(string? name, DatabaseOptions options)
    {
        var failures = new List<string>();
        switch (options.Dialect)
        {
            case null:
                failures.Add($"Database:Provider '{options.Provider}' is not supported; allowed values: {DatabaseOptions.AllowedProviders}.");
                break;
            case SqlDialect.Postgres when string.IsNullOrWhiteSpace(options.ConnectionString):
                failures.Add(
                    $"{DatabaseOptions.ConnectionStringKey} is required when Database:Provider is Postgres, e.g. " +
                    "'Host=db;Database=slobot;Username=slobot' with the password from the environment (ConnectionStrings__Bot).");
                break;
            case SqlDialect.Postgres:
                ValidatePostgres(options.ConnectionString!, failures);
                break;
            case SqlDialect.Sqlite:
                ValidateSqlite(options.ConnectionString ?? DatabaseOptions.DefaultSqliteConnectionString, failures);
                break;
        }

        if (options.SqliteBusyTimeout <= TimeSpan.Zero)
        {
            failures.Add("Database:SqliteBusyTimeout must be positive.");
        }

        if (options.HealthCheckTimeout <= TimeSpan.Zero)
        {
            failures.Add("Database:HealthCheckTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidatePostgres(string connectionString, List<string> failures)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            failures.Add($"{DatabaseOptions.ConnectionStringKey} is not a valid PostgreSQL connection string: {e.Message}");
        }
    }

    private static void ValidateSqlite(string connectionString, List<string> failures)
    {
        SqliteConnectionStringBuilder builder;
        try
        {
            builder = new SqliteConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            failures.Add($"{DatabaseOptions.ConnectionStringKey} is not a valid SQLite connection string: {e.Message}");
            return;
        }

        if (string.IsNullOrWhiteSpace(builder.DataSource))
        {
            failures.Add($"{DatabaseOptions.ConnectionStringKey} must name a SQLite file (Data Source=...).");
        }
        else if (BotDatabase.IsInMemory(builder))
        {
            // Every operation opens its own pooled connection, and each in-memory connection is a new empty database.
            failures.Add($"{DatabaseOptions.ConnectionStringKey}: an in-memory SQLite database is not supported; use a file (tests: a temporary file).");
        }
    }
}
