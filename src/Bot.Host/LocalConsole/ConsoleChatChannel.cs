using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Notifications;
using Bot.Core.Storage;

namespace Bot.Host.LocalConsole;

/// <summary>
/// The local console as a chat platform: incident cards, notices and thread replies as JSON documents in console
/// channels held in the database (<see cref="IConsoleChannelStore"/>), edited in place like a Slack or Teams message.
/// A message's id is its row id, as text; a thread reply's thread id is the id of the message it answers.
/// </summary>
/// <remarks>
/// <para>
/// A direct message to a member (<see cref="ChatDestination.Direct"/>, key <c>console:dm:ana</c>) is simply the console
/// channel named <c>dm:ana</c>: the console's user id is the member id, and there is no conversation to open.
/// </para>
/// <para>
/// Posts and replies are idempotent, so a message is never doubled. The channel row and the outbox's record of it
/// are two transactions: a crash (or a failure reported after the commit) between them leaves the row written and
/// the entry pending, and the dispatcher sends the same entry again. Delivery to one destination is strictly one
/// entry at a time, in order, so that orphan is the newest message of the channel: a post whose channel already ends
/// with this subject's message (the same incident's card, the same notice) edits that message, and a reply whose
/// thread already ends with the same text is that reply.
/// </para>
/// </remarks>
internal sealed class ConsoleChatChannel(IConsoleChannelStore store, TimeProvider time) : IChatChannel
{
    public ChatPlatform Platform => ChatPlatform.Console;

    /// <summary>A database row has no rate limit.</summary>
    public double MessagesPerSecond => double.PositiveInfinity;

    public async Task<DeliveryResult> PostAsync(ChatDestination destination, ChatMessage message, CancellationToken cancellationToken)
    {
        if (NotConsole(destination) is { } rejected)
        {
            return rejected;
        }
        var body = Render(message);
        if (await NewestAsync(destination, cancellationToken) is { ThreadId: null } newest && ConsoleMessageBody.SubjectOf(newest.Body) == message.Subject)
        {
            await store.UpdateAsync(destination.Channel, newest.Id, body, time.GetUtcNow(), cancellationToken);
            return new DeliveryResult.Delivered(ConsoleMessageBody.MessageIdText(newest.Id), null);
        }
        var posted = await store.PostAsync(destination.Channel, body, threadId: null, time.GetUtcNow(), cancellationToken);
        return new DeliveryResult.Delivered(ConsoleMessageBody.MessageIdText(posted.Id), null);
    }

    public async Task<DeliveryResult> UpdateAsync(ChatDestination destination, ChatMessageRef posted, ChatMessage message, CancellationToken cancellationToken)
    {
        if ((NotConsole(destination) ?? NotAMessageId(destination, posted)) is { } rejected)
        {
            return rejected;
        }
        var id = long.Parse(posted.MessageId, NumberStyles.None, CultureInfo.InvariantCulture);
        return await store.UpdateAsync(destination.Channel, id, Render(message), time.GetUtcNow(), cancellationToken)
            ? new DeliveryResult.Delivered(posted.MessageId, posted.ThreadId)
            : new DeliveryResult.Rejected($"message {posted.MessageId} no longer exists in channel {destination.Channel}");
    }

    public async Task<DeliveryResult> ReplyAsync(ChatDestination destination, ChatMessageRef posted, ChatText text, CancellationToken cancellationToken)
    {
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

    private static string Render(ChatMessage message) => message switch
    {
        IncidentMessage incident => ConsoleMessageBody.Incident(incident),
        NoticeMessage notice => ConsoleMessageBody.Notice(notice),
        _ => throw new ArgumentException($"The console cannot render a {message.GetType().Name}.", nameof(message)),
    };

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
