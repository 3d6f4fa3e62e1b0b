using Microsoft.Data.Sqlite;

namespace Bot.Host.Tests.Alerts;

/// <summary>Reads the bot's SQLite file directly: a refused webhook must leave no row anywhere, not only no incident.</summary>
internal static class StoredRows
{
    private const string CountAll = """
        SELECT (SELECT COUNT(*) FROM incidents) + (SELECT COUNT(*) FROM incident_alerts)
             + (SELECT COUNT(*) FROM incident_events) + (SELECT COUNT(*) FROM outbox)
             + (SELECT COUNT(*) FROM chat_messages)
        """;

    /// <summary>How many rows the incident, alert, timeline, outbox and chat message tables hold together.</summary>
    public static async Task<long> CountAsync(string databasePath)
    {
        await using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = CountAll;
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
