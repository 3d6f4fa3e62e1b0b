using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Notifications;
using Bot.Core.Storage;

namespace Bot.Host.LocalConsole;

/// <summary>
/// The local console as a chat platform: incident cards and thread replies as JSON documents in console channels
/// held in the database (<see cref="IConsoleChannelStore"/>), edited in place like a Slack or Teams message.
/// A message's id is its row id, as text; a thread reply's thread id is the id of the card it answers.
/// </summary>
/// <remarks>
/// Posts and replies are idempotent, so a message is never doubled. The channel row and the outbox's record of it
/// are two transactions: a crash (or a failure reported after the commit) between them leaves the row written and
/// the entry pending, and the dispatcher sends the same entry again. Delivery to one destination is strictly one
/// entry at a time, in order, so that orphan is the newest message of the channel: a post whose channel already ends
/// with this incident's card edits that card, and a reply whose thread already ends with the same text is that reply.
/// </remarks>
internal sealed class ConsoleChatChannel(IConsoleChannelStore store, TimeProvider time) : IChatChannel
{
    public ChatPlatform Platform => ChatPlatform.Console;

    /// <summary>A database row has no rate limit.</summary>
    public double MessagesPerSecond => double.PositiveInfinity;

    public async Task<DeliveryResult> PostAsync(ChatDestination destination, ChatMessage chatMessage, CancellationToken cancellationToken)
    {
        var message = (IncidentMessage)chatMessage; // TODO(notice): rendered by the adapter helper
        if (NotConsole(destination) is { } rejected)
        {
            return rejected;
        }
        var body = ConsoleMessageBody.Incident(message);
        if (await NewestAsync(destination, cancellationToken) is { ThreadId: null } newest && ConsoleMessageBody.IncidentIdOf(newest.Body) == message.IncidentId)
        {
            await store.UpdateAsync(destination.Channel, newest.Id, body, time.GetUtcNow(), cancellationToken);
            return new DeliveryResult.Delivered(ConsoleMessageBody.MessageIdText(newest.Id), null);
        }
        var posted = await store.PostAsync(destination.Channel, body, threadId: null, time.GetUtcNow(), cancellationToken);
        return new DeliveryResult.Delivered(ConsoleMessageBody.MessageIdText(posted.Id), null);
    }

    public async Task<DeliveryResult> UpdateAsync(ChatDestination destination, ChatMessageRef posted, ChatMessage chatMessage, CancellationToken cancellationToken)
    {
        var message = (IncidentMessage)chatMessage; // TODO(notice): rendered by the adapter helper
        if ((NotConsole(destination) ?? NotAMessageId(destination, posted)) is { } rejected)
        {
            return rejected;
        }
        var id = long.Parse(posted.MessageId, NumberStyles.None, CultureInfo.InvariantCulture);
        return await store.UpdateAsync(destination.Channel, id, ConsoleMessageBody.Incident(message), time.GetUtcNow(), cancellationToken)
            ? new DeliveryResult.Delivered(posted.MessageId, posted.ThreadId)
            : new DeliveryResult.Rejected($"message {posted.MessageId} no longer exists in channel {destination.Channel}");
    }

    public async Task<DeliveryResult> ReplyAsync(ChatDestination destination, ChatMessageRef posted, ChatText chatText, CancellationToken cancellationToken)
    {
        var text = chatText.ToPlainString(); // TODO(mentions)
        if ((NotConsole(destination) ?? NotAMessageId(destination, posted)) is { } rejected)
        {
            return rejected;
        }
        var body = ConsoleMessageBody.Reply(text);
        if (await NewestAsync(destination, cancellationToken) is { } newest && newest.ThreadId == posted.MessageId && newest.Body == body)
        {
            return new DeliveryResult.Delivered(ConsoleMessageBody.MessageIdText(newest.Id), posted.MessageId);
        }
        var reply = await store.PostAsync(destination.Channel, body, posted.MessageId, time.GetUtcNow(), cancellationToken);
        return new DeliveryResult.Delivered(ConsoleMessageBody.MessageIdText(reply.Id), posted.MessageId);
    }

    private async Task<ConsoleMessage?> NewestAsync(ChatDestination destination, CancellationToken cancellationToken)
    {
        var newest = await store.ListAsync(destination.Channel, 1, cancellationToken);
        return newest.Count == 0 ? null : newest[^1];
    }

    private static DeliveryResult.Rejected? NotConsole(ChatDestination destination) =>
        destination.Platform == ChatPlatform.Console
            ? null
            : new DeliveryResult.Rejected($"{destination.Key} is not a console channel.");

    private static DeliveryResult.Rejected? NotAMessageId(ChatDestination destination, ChatMessageRef posted) =>
        long.TryParse(posted.MessageId, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            ? null
            : new DeliveryResult.Rejected($"'{posted.MessageId}' is not a console message id in channel {destination.Channel}.");
}
