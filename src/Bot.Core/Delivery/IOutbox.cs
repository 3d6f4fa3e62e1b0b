namespace Bot.Core.Delivery;

/// <summary>
/// The durable queue between a committed state change and the chat platforms. Per destination, entries go out in
/// order and a failing head holds back the entries behind it; pending entries survive restarts.
/// </summary>
public interface IOutbox
{
    /// <summary>Destinations whose oldest pending entry is due at <paramref name="now"/>, longest-waiting first.</summary>
    Task<IReadOnlyList<string>> DueDestinationsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>When the next pending entry of any destination falls due, or null when nothing is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);

    /// <summary>The destination's oldest pending entry, or null.</summary>
    Task<OutboxEntry?> HeadAsync(string destinationKey, CancellationToken cancellationToken);

    /// <summary>
    /// Records a delivery, in one transaction: a Post stores <paramref name="message"/> as the subject's copy on the
    /// destination; a Post or Update records <paramref name="renderedVersion"/>. If the subject (incident or notice)
    /// changed after it was rendered (its version is now higher), an Update stays pending and due at once, and a Post is followed by a
    /// pending Update, so the latest state always reaches the chat even though edits coalesce.
    /// </summary>
    Task CompleteAsync(OutboxEntry entry, ChatMessageRef? message, int renderedVersion, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Leaves the entry pending, due again at <paramref name="dueAt"/>, counting the attempt and keeping <paramref name="reason"/> for operators.</summary>
    Task RetryLaterAsync(OutboxEntry entry, DateTimeOffset dueAt, string reason, CancellationToken cancellationToken);

    /// <summary>Gives up on the entry (the platform refused it for good), so the entries behind it can go.</summary>
    Task FailAsync(OutboxEntry entry, string reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>The subject's copy on a destination, once posted.</summary>
    Task<ChatMessageRef?> FindMessageAsync(MessageSubject subject, string destinationKey, CancellationToken cancellationToken);

    /// <summary>Every copy of the subject's message, on every destination.</summary>
    Task<IReadOnlyList<ChatMessageRef>> MessagesOfAsync(MessageSubject subject, CancellationToken cancellationToken);

    /// <summary>How many entries are pending (for health and metrics).</summary>
    Task<int> PendingCountAsync(CancellationToken cancellationToken);
}
