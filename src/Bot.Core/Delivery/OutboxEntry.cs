namespace Bot.Core.Delivery;

/// <summary>What a queued delivery does to an incident's message on one destination.</summary>
public enum DeliveryKind
{
    /// <summary>Post the incident's message (the first copy on that destination).</summary>
    Post,
    /// <summary>Edit the posted message in place to the incident's latest state.</summary>
    Update,
    /// <summary>Reply in the message's thread with <see cref="OutboxEntry.Text"/>.</summary>
    Reply,
}

/// <summary>One pending delivery. Entries of one destination are delivered strictly in <see cref="Id"/> order.</summary>
public sealed record OutboxEntry(long Id, string DestinationKey, long IncidentId, DeliveryKind Kind, string? Text, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset DueAt);

/// <summary>
/// Where an incident's message lives on one destination: a Slack channel + ts, a Teams conversation + activity id,
/// or a console channel + message id. <see cref="RenderedVersion"/> is the incident version the copy shows.
/// </summary>
public sealed record ChatMessageRef(long IncidentId, string DestinationKey, string MessageId, string? ThreadId, int RenderedVersion, DateTimeOffset PostedAt);
