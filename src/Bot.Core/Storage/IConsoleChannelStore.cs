namespace Bot.Core.Storage;

/// <summary>
/// The local console chat platform: channels held in the database, so that the bot does its job visibly
/// with no Slack or Teams credentials. Messages are posted, edited in place, and read back.
/// </summary>
public interface IConsoleChannelStore
{
    /// <summary>Appends a message to the channel (created on first use); returns the new message.</summary>
    Task<ConsoleMessage> PostAsync(string channel, string body, string? threadId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Replaces a message's body; false when no such message exists in that channel.</summary>
    Task<bool> UpdateAsync(string channel, long messageId, string body, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The channel's messages, oldest first; at most <paramref name="limit"/>, the newest ones.</summary>
    Task<IReadOnlyList<ConsoleMessage>> ListAsync(string channel, int limit, CancellationToken cancellationToken);
}

/// <summary>A message in a console channel. <see cref="Body"/> is the rendered message (JSON text).</summary>
/// <param name="ThreadId">The id (as text) of the message this one replies to, or null for a top-level message.</param>
public sealed record ConsoleMessage(long Id, string Channel, string? ThreadId, string Body, DateTimeOffset PostedAt, DateTimeOffset? EditedAt);
