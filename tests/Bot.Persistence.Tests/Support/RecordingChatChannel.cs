using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Notifications;

namespace Bot.Persistence.Tests.Support;

/// <summary>
/// A chat platform that accepts everything at once and records what it was asked to do. A post to a direct
/// destination opens a conversation <c>D-&lt;user id&gt;</c>, as Slack's <c>conversations.open</c> would.
/// </summary>
public sealed class RecordingChatChannel(ChatPlatform platform) : IChatChannel
{
    private readonly List<Delivery> _deliveries = [];

    public ChatPlatform Platform => platform;

    public double MessagesPerSecond => double.PositiveInfinity;

    public IReadOnlyList<Delivery> Deliveries
    {
        get
        {
            lock (_deliveries)
            {
                return [.. _deliveries];
            }
        }
    }

    public Task<DeliveryResult> PostAsync(ChatDestination destination, ChatMessage message, CancellationToken cancellationToken)
    {
        var id = Record(new Delivery(DeliveryKind.Post, destination, null, message, null));
        return Task.FromResult<DeliveryResult>(new DeliveryResult.Delivered(id, id, destination.IsDirect ? $"D-{destination.DirectUserId}" : null));
    }

    public Task<DeliveryResult> UpdateAsync(ChatDestination destination, ChatMessageRef posted, ChatMessage message, CancellationToken cancellationToken)
    {
        Record(new Delivery(DeliveryKind.Update, destination, posted, message, null));
        return Task.FromResult<DeliveryResult>(new DeliveryResult.Delivered(posted.MessageId, posted.ThreadId, posted.ConversationId));
    }

    public Task<DeliveryResult> ReplyAsync(ChatDestination destination, ChatMessageRef posted, ChatText text, CancellationToken cancellationToken)
    {
        var id = Record(new Delivery(DeliveryKind.Reply, destination, posted, null, text));
        return Task.FromResult<DeliveryResult>(new DeliveryResult.Delivered(id, posted.MessageId, posted.ConversationId));
    }

    private string Record(Delivery delivery)
    {
        lock (_deliveries)
        {
            _deliveries.Add(delivery);
            return $"m-{_deliveries.Count}";
        }
    }

    /// <summary>One call: what, where, on which copy (edits and replies), with which message or text.</summary>
    public sealed record Delivery(DeliveryKind Kind, ChatDestination Destination, ChatMessageRef? Posted, ChatMessage? Message, ChatText? Text);
}
