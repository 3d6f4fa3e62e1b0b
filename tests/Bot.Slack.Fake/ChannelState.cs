namespace Bot.Slack.Fake;

/// <summary>A channel's messages as the fake keeps them. Guarded by the fake's lock.</summary>
internal sealed class ChannelState(FakeSlackChannel spec)
{
    public FakeSlackChannel Spec { get; } = spec;

    public List<StoredMessage> Messages { get; } = [];

    /// <summary>Why the bot may not post here, or null: archived, or not a member (public channels are open with <c>chat:write.public</c>).</summary>
    public string? RefusalOfPost(bool chatWritePublic) =>
        Spec.IsArchived ? "is_archived"
        : Spec.BotIsMember || (chatWritePublic && !Spec.IsPrivate) ? null
        : "not_in_channel";

    public bool HasMember(string user, IEnumerable<string> everyone) => (Spec.Members ?? [.. everyone]).Contains(user);

    /// <summary>A top-level message or a thread reply by its ts.</summary>
    public StoredMessage? Find(string ts) =>
        Messages.FirstOrDefault(m => m.Ts == ts) ?? Messages.SelectMany(m => m.Replies).FirstOrDefault(r => r.Ts == ts);
}
