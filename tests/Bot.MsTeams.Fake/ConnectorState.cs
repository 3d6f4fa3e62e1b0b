using System.Text.Json.Nodes;

namespace Bot.MsTeams.Fake;

/// <summary>One message, changed in place by updates. Guarded by the fake's lock.</summary>
internal sealed class StoredActivity(
    string id, string conversationId, string? channelId, string? rootId, string? replyToId, string fromId, string? fromName, bool fromBot, JsonObject activity, DateTimeOffset at)
{
    private readonly List<JsonObject> _history = [];

    public string Id { get; } = id;

    public string ConversationId { get; } = conversationId;

    public string? ChannelId { get; } = channelId;

    public string? RootId { get; } = rootId;

    public string FromId { get; } = fromId;

    public bool FromBot { get; } = fromBot;

    public JsonObject Activity { get; private set; } = activity;

    public bool Deleted { get; set; }

    public DateTimeOffset CreatedAt { get; } = at;

    public DateTimeOffset UpdatedAt { get; private set; } = at;

    public List<StoredActivity> Replies { get; } = [];

    public void Edit(JsonObject next, DateTimeOffset at)
    {
        _history.Add(Activity);
        Activity = next;
        UpdatedAt = at;
    }

    public TeamsMessage Snapshot() => new(
        Id, ConversationId, ChannelId, RootId, replyToId, FromId, fromName, FromBot, (JsonObject)Activity.DeepClone(),
        [.. _history.Select(h => (JsonObject)h.DeepClone())], Deleted, CreatedAt, UpdatedAt,
        [.. Replies.Where(r => !r.Deleted).Select(r => r.Snapshot())]);
}

/// <summary>A channel and its root posts. Guarded by the fake's lock.</summary>
internal sealed class ChannelState(string teamId, string channelId, string tenantId, string? name, bool installed)
{
    public string TeamId { get; } = teamId;

    public string ChannelId { get; } = channelId;

    public string TenantId { get; } = tenantId;

    public string? Name { get; } = name;

    public bool Installed { get; set; } = installed;

    public List<StoredActivity> Roots { get; } = [];

    public TeamsChannel Snapshot() => new(TeamId, ChannelId, TenantId, Name, Installed);
}

/// <summary>A person, whether the app is installed for them, and their personal chat with the bot. Guarded by the fake's lock.</summary>
internal sealed class UserState(TeamsUser user, string tenantId, bool installed)
{
    public TeamsUser User { get; } = user;

    public string TenantId { get; } = tenantId;

    public bool Installed { get; set; } = installed;

    /// <summary>The personal chat's <c>a:…</c> id, once the bot or the user started it.</summary>
    public string? ChatId { get; set; }

    public List<StoredActivity> Messages { get; } = [];
}
