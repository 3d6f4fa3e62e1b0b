namespace Bot.Persistence.Tests;

public sealed class MigrationScriptTests
{
    [Fact]
    public void LoadScripts_SqliteAndPostgres_HaveTheSameVersionsAndNames()
    {
        var sqlite = SchemaMigrator.LoadScripts(SqlDialect.Sqlite).Select(s => (s.Version, s.Name));
        var postgres = SchemaMigrator.LoadScripts(SqlDialect.Postgres).Select(s => (s.Version, s.Name));

        Assert.Equal(sqlite, postgres);
    }

    [Theory]
    [InlineData(SqlDialect.Sqlite)]
    [InlineData(SqlDialect.Postgres)]
    public void LoadScripts_EachDialect_NumberedFromOneWithoutGaps(SqlDialect dialect)
    {
        var scripts = SchemaMigrator.LoadScripts(dialect);

        Assert.NotEmpty(scripts);
        Assert.Equal(Enumerable.Range(1, scripts.Count), scripts.Select(s => s.Version));
        Assert.All(scripts, s => Assert.False(string.IsNullOrWhiteSpace(s.Sql)));
    }
}
