using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Notifications;

namespace Bot.Core.Tests.Delivery.Fakes;

/// <summary>One call the dispatcher made: what, where, which incident version (or reply text), and when by the test clock.</summary>
/// <param name="IncidentId">The subject's id (an incident's, or a notice's for notice messages).</param>
internal sealed record ChannelCall(DeliveryKind Kind, string DestinationKey, long IncidentId, int? Version, string? Text, DateTimeOffset At)
{
    /// <summary>The message posted or edited.</summary>
    public ChatMessage? Message { get; init; }

    /// <summary>The reply, mentions resolved.</summary>
    public ChatText? Reply { get; init; }
}

/// <summary>
/// A chat platform that answers from a script, per destination, then "delivered" once the script runs out, and records
/// every call with the time it was made.
/// </summary>
internal sealed class FakeChatChannel(ChatPlatform platform, double messagesPerSecond, TimeProvider time) : IChatChannel
{
    private readonly Dictionary<string, Queue<Func<DeliveryResult>>> _scripts = [];
    private readonly List<ChannelCall> _calls = [];
    private readonly Lock _gate = new();
    private int _messages;

    public ChatPlatform Platform { get; } = platform;

    public double MessagesPerSecond { get; } = messagesPerSecond;

    /// <summary>Runs during each call, before it answers (e.g. to change the incident while it is being rendered).</summary>
    public Action<ChannelCall>? DuringCall { get; set; }

    public IReadOnlyList<ChannelCall> Calls
    {
        get
        {
            lock (_gate)
            {
                return [.. _calls];
            }
        }
    }

    public IReadOnlyList<ChannelCall> CallsTo(string destinationKey) => [.. Calls.Where(c => c.DestinationKey == destinationKey)];

    public void Answer(string destinationKey, params DeliveryResult[] results)
    {
        foreach (var result in results)
        {
            Script(destinationKey, () => result);
        }
    }

    public void Throw(string destinationKey, Exception exception) => Script(destinationKey, () => throw exception);

    public Task<DeliveryResult> PostAsync(ChatDestination destination, ChatMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(Call(new ChannelCall(DeliveryKind.Post, destination.Key, message.Subject.Id, VersionOf(message), null, time.GetUtcNow()) { Message = message }));

    public Task<DeliveryResult> UpdateAsync(ChatDestination destination, ChatMessageRef posted, ChatMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(Call(new ChannelCall(DeliveryKind.Update, destination.Key, message.Subject.Id, VersionOf(message), null, time.GetUtcNow()) { Message = message }));

    public Task<DeliveryResult> ReplyAsync(ChatDestination destination, ChatMessageRef posted, ChatText text, CancellationToken cancellationToken) =>
        Task.FromResult(Call(new ChannelCall(DeliveryKind.Reply, destination.Key, posted.Subject.Id, null, text.ToPlainString(), time.GetUtcNow()) { Reply = text }));

    private static int VersionOf(ChatMessage message) => message switch
    {
        IncidentMessage incident => incident.Version,
        NoticeMessage notice => notice.Version,
        _ => throw new ArgumentException($"Unknown message {message.GetType().Name}.", nameof(message)),
    };

    private void Script(string destinationKey, Func<DeliveryResult> answer)
    {
        lock (_gate)
        {
            if (!_scripts.TryGetValue(destinationKey, out var script))
            {
                _scripts[destinationKey] = script = new Queue<Func<DeliveryResult>>();
            }
            script.Enqueue(answer);
        }
    }

    private DeliveryResult Call(ChannelCall call)
    {
        Func<DeliveryResult>? answer;
        lock (_gate)
        {
            _calls.Add(call);
            answer = _scripts.TryGetValue(call.DestinationKey, out var script) && script.Count > 0 ? script.Dequeue() : null;
        }
        DuringCall?.Invoke(call);
        return answer is null ? new DeliveryResult.Delivered($"m{Interlocked.Increment(ref _messages)}", null) : answer();
    }
}
