using System.Text.RegularExpressions;

namespace Bot.Persistence.Tests.Support;

/// <summary>Reads what tables and columns a database has, on either dialect.</summary>
public static partial class SchemaCatalog
{
    public static Task<IReadOnlyList<string>> TablesAsync(BotDatabase database) =>
        database.ReadAsync<IReadOnlyList<string>>(
            async session => [.. await session.QueryAsync<string>(session.Dialect == SqlDialect.Sqlite
                // sqlite_sequence is SQLite's own, created by the first AUTOINCREMENT table.
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")],
            CancellationToken.None);

    public static Task<IReadOnlyList<string>> ColumnsAsync(BotDatabase database, string table) =>
        database.ReadAsync<IReadOnlyList<string>>(
            async session => [.. await session.QueryAsync<string>(
                session.Dialect == SqlDialect.Sqlite
                    ? "SELECT name FROM pragma_table_info(@table) ORDER BY cid"
                    : "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = @table ORDER BY ordinal_position",
                new { table })],
            CancellationToken.None);

    /// <summary>
    /// The tables the scripts leave, read from their <c>CREATE TABLE</c>, <c>DROP TABLE</c> and <c>ALTER TABLE … RENAME TO</c>
    /// statements in order (a SQLite table rebuild creates, drops and renames), plus <c>schema_version</c>.
    /// </summary>
    public static IReadOnlyList<string> TablesCreatedBy(IEnumerable<MigrationScript> scripts)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal) { "schema_version" };
        foreach (Match statement in scripts.SelectMany(script => TableStatement().Matches(script.Sql)))
        {
            var table = statement.Groups["table"].Value.ToLowerInvariant();
            if (statement.Groups["create"].Success)
            {
                tables.Add(table);
            }
            else if (statement.Groups["drop"].Success)
            {
                tables.Remove(table);
            }
            else if (tables.Remove(table))
            {
                tables.Add(statement.Groups["renamed"].Value.ToLowerInvariant());
            }
        }

        return [.. tables.Order(StringComparer.Ordinal)];
    }

    [GeneratedRegex(
        @"(?<create>CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?)(?<table>\w+)|(?<drop>DROP\s+TABLE\s+(IF\s+EXISTS\s+)?)(?<table>\w+)|ALTER\s+TABLE\s+(?<table>\w+)\s+RENAME\s+TO\s+(?<renamed>\w+)",
        RegexOptions.IgnoreCase)]
    private static partial Regex TableStatement();
}
