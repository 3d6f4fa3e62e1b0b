using Bot.Persistence.Tests.Support;
using Microsoft.Extensions.Options;

namespace Bot.Persistence.Tests;

public sealed class DatabaseOptionsTests
{
    [Fact]
    public async Task Start_PostgresWithoutConnectionString_FailsNamingConnectionStringsBot()
    {
        var error = await StartFailureAsync(new() { ["Database:Provider"] = "Postgres" });

        Assert.Contains("ConnectionStrings:Bot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_UnknownProvider_FailsNamingDatabaseProviderAndAllowedValues()
    {
        var error = await StartFailureAsync(new() { ["Database:Provider"] = "Oracle" });

        Assert.Contains("Database:Provider", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Oracle'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Sqlite, Postgres", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InMemorySqlite_FailsNamingConnectionStringsBot()
    {
        var error = await StartFailureAsync(new() { ["ConnectionStrings:Bot"] = "Data Source=:memory:" });

        Assert.Contains("ConnectionStrings:Bot", error.Message, StringComparison.Ordinal);
        Assert.Contains("in-memory", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite", SqlDialect.Sqlite)]
    [InlineData("sqlite", SqlDialect.Sqlite)]
    [InlineData("SQLITE", SqlDialect.Sqlite)]
    [InlineData("Postgres", SqlDialect.Postgres)]
    [InlineData("postgres", SqlDialect.Postgres)]
    [InlineData("PostgreSQL", SqlDialect.Postgres)]
    public void Validate_ProviderInAnyCase_Accepted(string provider, SqlDialect dialect)
    {
        var options = new DatabaseOptions
        {
            Provider = provider,
            ConnectionString = dialect == SqlDialect.Postgres ? "Host=db;Database=slobot;Username=slobot" : null,
        };

        var result = new DatabaseOptionsValidator().Validate(null, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal(dialect, options.Dialect);
    }

    [Fact]
    public void Validate_Defaults_SqliteUnderData()
    {
        var options = new DatabaseOptions();

        Assert.True(new DatabaseOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(SqlDialect.Sqlite, options.Dialect);
        Assert.Equal("Data Source=data/bot.db", DatabaseOptions.DefaultSqliteConnectionString);
    }

    [Fact]
    public async Task ForPostgres_ConnectionStringWithPassword_DescriptionLeavesItOut()
    {
        await using var database = BotDatabase.ForPostgres("Host=db.internal;Port=6432;Database=slobot;Username=bot;Password=s3cret-pw");

        Assert.Equal("db.internal:6432/slobot as bot", database.DataSourceDescription);
        Assert.DoesNotContain("s3cret", database.DataSourceDescription, StringComparison.Ordinal);
    }

    private static async Task<OptionsValidationException> StartFailureAsync(Dictionary<string, string?> settings)
    {
        var root = Directory.CreateTempSubdirectory("slobot-options-").FullName;
        try
        {
            using var host = PersistenceHost.Build(root, settings);
            return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
