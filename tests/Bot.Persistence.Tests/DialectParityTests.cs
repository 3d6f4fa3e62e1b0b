using Bot.Persistence.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Persistence.Tests;

/// <summary>The two dialects' migrations build the same tables with the same columns, so repositories can share SQL.</summary>
[Collection(PostgresTestGroup.Name)]
public sealed class DialectParityTests(PostgresServer server)
{
    [PostgresFact]
    public async Task MigrateAsync_BothDialects_SameTablesAndColumns()
    {
        await using var sqlite = await new SqliteTestDatabases().CreateAsync();
        await using var postgres = await server.CreateAsync();
        foreach (var test in new[] { sqlite, postgres })
        {
            await new SchemaMigrator(test.Database, TimeProvider.System, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        }

        var tables = await SchemaCatalog.TablesAsync(sqlite.Database);
        Assert.Equal(tables, await SchemaCatalog.TablesAsync(postgres.Database));
        foreach (var table in tables)
        {
            Assert.Equal(
                $"{table}({string.Join(", ", await SchemaCatalog.ColumnsAsync(sqlite.Database, table))})",
                $"{table}({string.Join(", ", await SchemaCatalog.ColumnsAsync(postgres.Database, table))})");
        }
    }
}
