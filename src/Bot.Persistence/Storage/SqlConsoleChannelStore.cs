using Bot.Core.Storage;

namespace Bot.Persistence.Storage;

/// <summary>Console channels are rows of <c>console_messages</c>; a channel exists once it has a message.</summary>
internal sealed class SqlConsoleChannelStore(BotDatabase database) : IConsoleChannelStore
{
    private const string Columns = "id, channel, thread_id AS threadid, body, posted_at AS postedat, edited_at AS editedat";

    public Task<ConsoleMessage> PostAsync(string channel, string body, string? threadId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(body);
        return database.WriteAsync(
            async session =>
            {
                var row = await session.QuerySingleAsync<MessageRow>(
                    $"""
                    INSERT INTO console_messages (channel, thread_id, body, posted_at) VALUES (@channel, @threadId, @body, @at)
                    RETURNING {Columns}
                    """,
                    new { channel, threadId, body, at });
                return row.ToMessage();
            },
            cancellationToken);
    }

    public Task<bool> UpdateAsync(string channel, long messageId, string body, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentNullException.ThrowIfNull(body);
        return database.WriteAsync(
            async session => await session.ExecuteAsync(
                "UPDATE console_messages SET body = @body, edited_at = @at WHERE id = @messageId AND channel = @channel",
                new { channel, messageId, body, at }) == 1,
            cancellationToken);
    }

    public Task<IReadOnlyList<ConsoleMessage>> ListAsync(string channel, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return database.ReadAsync<IReadOnlyList<ConsoleMessage>>(
            async session =>
            {
                var rows = await session.QueryAsync<MessageRow>(
                    $"""
                    SELECT {Columns} FROM (
                        SELECT * FROM console_messages WHERE channel = @channel ORDER BY id DESC LIMIT @limit
                    ) AS newest
                    ORDER BY id
                    """,
                    new { channel, limit });
                return [.. rows.Select(row => row.ToMessage())];
            },
            cancellationToken);
    }

    /// <summary>Dapper fills properties by column name; the core record stays free of mapping concerns.</summary>
    private sealed class MessageRow
    {
        public long Id { get; set; }

        public string Channel { get; set; } = "";

        public string? ThreadId { get; set; }

        public string Body { get; set; } = "";

        public DateTimeOffset PostedAt { get; set; }

        public DateTimeOffset? EditedAt { get; set; }

        public ConsoleMessage ToMessage() => new(Id, Channel, ThreadId, Body, PostedAt, EditedAt);
    }
}
