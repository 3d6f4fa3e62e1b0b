using Bot.Core.Catalog;
using Bot.Core.Notifications;

namespace Bot.Core.Delivery;

/// <summary>
/// One chat platform as the delivery dispatcher sees it: post, edit and reply. Implemented by each adapter
/// (Slack, Microsoft Teams, the local console), which renders the neutral message its own way: an
/// <see cref="IncidentMessage"/> or a <see cref="NoticeMessage"/>. A destination may be a person
/// (<see cref="ChatDestination.IsDirect"/>): the adapter opens the direct conversation at the first post and returns
/// it as <see cref="DeliveryResult.Delivered.ConversationId"/>, which later edits and replies get back in
/// <see cref="ChatMessageRef.ConversationId"/>.
/// </summary>
public interface IChatChannel
{
    ChatPlatform Platform { get; }

    /// <summary>How many messages per second one destination accepts (Slack ≈1 per channel, Teams ≈7 per conversation).</summary>
    double MessagesPerSecond { get; }

    Task<DeliveryResult> PostAsync(ChatDestination destination, ChatMessage message, CancellationToken cancellationToken);

    Task<DeliveryResult> UpdateAsync(ChatDestination destination, ChatMessageRef posted, ChatMessage message, CancellationToken cancellationToken);

    /// <summary>Replies in the posted message's thread; <paramref name="text"/> may mention people (render them the platform's way).</summary>
    Task<DeliveryResult> ReplyAsync(ChatDestination destination, ChatMessageRef posted, ChatText text, CancellationToken cancellationToken);
}

/// <summary>How a platform answered a delivery.</summary>
public abstract record DeliveryResult
{
    /// <summary>
    /// Done; for a post, the new message's id and thread id on the platform, and for a direct message the
    /// conversation it opened.
    /// </summary>
    public sealed record Delivered(string MessageId, string? ThreadId, string? ConversationId = null) : DeliveryResult;

    /// <summary>Try again later: rate limited (with the platform's <c>Retry-After</c> when it gave one) or a passing failure.</summary>
    public sealed record RetryLater(TimeSpan? RetryAfter, string Error) : DeliveryResult;

    /// <summary>The platform refused for good (e.g. channel not found); retrying cannot help.</summary>
    public sealed record Rejected(string Error) : DeliveryResult;
}
