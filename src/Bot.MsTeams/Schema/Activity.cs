using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bot.MsTeams.Schema;

/// <summary>
/// A Bot Framework activity, with the fields this bot reads or writes (protocols.md B1), named as in
/// Microsoft.Bot.Schema's <c>Activity</c> so that swapping the SDK in later touches only this adapter.
/// </summary>
public sealed record Activity
{
    public string? Type { get; init; }
    public string? Id { get; init; }
    public string? Name { get; init; }
    public DateTimeOffset? Timestamp { get; init; }
    public string? ServiceUrl { get; init; }
    public string? ChannelId { get; init; }
    public ChannelAccount? From { get; init; }
    public ChannelAccount? Recipient { get; init; }
    public ConversationAccount? Conversation { get; init; }
    public string? Text { get; init; }
    public string? TextFormat { get; init; }
    /// <summary>What notifications and the activity feed show for a message whose content is a card.</summary>
    public string? Summary { get; init; }
    public string? ReplyToId { get; init; }
    public string? Action { get; init; }
    public string? Locale { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }
    public IReadOnlyList<Entity>? Entities { get; init; }
    public IReadOnlyList<Attachment>? Attachments { get; init; }
    public TeamsChannelData? ChannelData { get; init; }
    public JsonElement? Value { get; init; }
}

/// <summary>The activity types this bot distinguishes.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string InstallationUpdate = "installationUpdate";
    public const string Invoke = "invoke";
}

/// <summary>A user or bot (<c>29:…</c> user, <c>28:…</c> bot).</summary>
public sealed record ChannelAccount(string? Id, string? Name = null)
{
    public string? AadObjectId { get; init; }
    public string? Role { get; init; }
}

/// <summary>A conversation: a channel thread (<c>19:…;messageid=…</c>), a group chat or a personal chat (<c>a:…</c>).</summary>
public sealed record ConversationAccount(string? Id)
{
    public bool? IsGroup { get; init; }
    public string? ConversationType { get; init; }
    public string? TenantId { get; init; }
    public string? Name { get; init; }
}

/// <summary>An entity; the bot reads <c>mention</c> entities (<c>mentioned</c> and <c>text</c>).</summary>
public sealed record Entity(string? Type)
{
    public ChannelAccount? Mentioned { get; init; }
    public string? Text { get; init; }
}

/// <summary>An attachment; Adaptive Cards have <see cref="AdaptiveCardContentType"/>.</summary>
public sealed record Attachment(string ContentType, JsonNode? Content)
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";
}

/// <summary>Teams' <c>channelData</c> (TeamsChannelData.cs).</summary>
public sealed record TeamsChannelData
{
    public TeamInfo? Team { get; init; }
    public TeamInfo? Channel { get; init; }
    public TenantInfo? Tenant { get; init; }
    public string? EventType { get; init; }
    public string? TeamsTeamId { get; init; }
    public string? TeamsChannelId { get; init; }
}

public sealed record TeamInfo(string? Id, string? Name = null)
{
    public string? AadGroupId { get; init; }
}

public sealed record TenantInfo(string? Id);

/// <summary>The body of <c>POST v3/conversations</c> (ConversationParameters.cs).</summary>
public sealed record ConversationParameters
{
    public bool? IsGroup { get; init; }
    public ChannelAccount? Bot { get; init; }
    public IReadOnlyList<ChannelAccount>? Members { get; init; }
    public string? TopicName { get; init; }
    public Activity? Activity { get; init; }
    public TeamsChannelData? ChannelData { get; init; }
    public string? TenantId { get; init; }
}

/// <summary>What <c>POST v3/conversations</c> answers: the new conversation (thread) and its first activity.</summary>
public sealed record ConversationResourceResponse(string? Id, string? ActivityId = null, string? ServiceUrl = null);

/// <summary>What sending or updating an activity answers.</summary>
public sealed record ResourceResponse(string? Id);

/// <summary>The body of an invoke's HTTP answer (AdaptiveCardInvokeResponse.cs).</summary>
public sealed record InvokeResponse(int StatusCode, string Type, JsonNode? Value)
{
    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";
    public const string ErrorType = "application/vnd.microsoft.error";
}
