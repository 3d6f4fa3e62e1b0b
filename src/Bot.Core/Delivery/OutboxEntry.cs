namespace Bot.Core.Delivery;

/// <summary>What a queued delivery does to a subject's message on one destination.</summary>
public enum DeliveryKind
{
    /// <summary>Post the subject's message (the first copy on that destination).</summary>
    Post,
    /// <summary>Edit the posted message in place to the subject's latest state.</summary>
    Update,
    /// <summary>Reply in the message's thread with <see cref="OutboxEntry.Text"/> (which may hold <see cref="Notifications.ChatText"/> mention tokens).</summary>
    Reply,
}

/// <summary>One pending delivery. Entries of one destination are delivered strictly in <see cref="Id"/> order.</summary>
public sealed record OutboxEntry(long Id, string DestinationKey, MessageSubject Subject, DeliveryKind Kind, string? Text, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset DueAt);

/// <summary>
/// Where a subject's message lives on one destination: a Slack channel + ts, a Teams conversation + activity id,
/// or a console channel + message id. <see cref="RenderedVersion"/> is the subject's version the copy shows.
/// </summary>
/// <param name="ConversationId">
/// The platform's conversation the copy lives in when the destination does not name it: a direct message's Slack
/// <c>D…</c> channel or Teams <c>a:…</c> chat, opened at the first post. Null for channel destinations.
/// </param>
public sealed record ChatMessageRef(
    MessageSubject Subject, string DestinationKey, string MessageId, string? ThreadId, int RenderedVersion, DateTimeOffset PostedAt, string? ConversationId = null);
