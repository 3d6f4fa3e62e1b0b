namespace Bot.Core.Delivery;

/// <summary>What one dispatcher pass did, entry by entry, for the host to log and count.</summary>
public sealed record DispatchPass(IReadOnlyList<DeliveryOutcome> Outcomes)
{
    public int Count(DeliveryStatus status) => Outcomes.Count(o => o.Status == status);
}

/// <summary>How one delivery attempt (or one destination) ended in a pass.</summary>
public enum DeliveryStatus
{
    /// <summary>The platform has the message (or the edit was already shown and was skipped); the entry is done.</summary>
    Delivered,
    /// <summary>The attempt failed for now; the entry stays pending, due again after <see cref="DeliveryOutcome.RetryIn"/>.</summary>
    Retrying,
    /// <summary>The entry was given up for good (<see cref="DeliveryOutcome.Error"/> says why); the entries behind it go on.</summary>
    Failed,
    /// <summary>The outbox, incident store or catalog failed; nothing was recorded and the destination pauses for a poll interval.</summary>
    Faulted,
}

/// <summary>
/// One line of a pass: the destination, the entry (absent for a <see cref="DeliveryStatus.Faulted"/> destination),
/// which attempt this was (1 for the first), and for failures the reason and the retry delay.
/// </summary>
public sealed record DeliveryOutcome(
    DeliveryStatus Status,
    string DestinationKey,
    long? EntryId,
    MessageSubject? Subject,
    DeliveryKind? Kind,
    int Attempt,
    string? Error = null,
    TimeSpan? RetryIn = null,
    Exception? Exception = null)
{
    internal static DeliveryOutcome Of(DeliveryStatus status, OutboxEntry entry, string? error = null, TimeSpan? retryIn = null) =>
        new(status, entry.DestinationKey, entry.Id, entry.Subject, entry.Kind, entry.Attempts + 1, error, retryIn);

    internal static DeliveryOutcome Fault(string destinationKey, Exception exception) =>
        new(DeliveryStatus.Faulted, destinationKey, null, null, null, 0, exception.Message, null, exception);
}
