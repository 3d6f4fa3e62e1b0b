namespace Bot.Core.Storage;

/// <summary>
/// Where the bot may talk in Microsoft Teams, learnt from the activities Teams sends: each conversation's reference
/// (its Connector service URL, tenant, team and channel), kept up to date because Teams can move a tenant to another
/// service URL. Proactive posts use the latest service URL seen for the destination's tenant.
/// </summary>
public interface IMsTeamsConversationStore
{
    /// <summary>Records (or refreshes) a conversation's reference; the newer <see cref="MsTeamsConversation.SeenAt"/> wins.</summary>
    Task SaveAsync(MsTeamsConversation conversation, CancellationToken cancellationToken);

    /// <summary>Marks a conversation as one the bot was removed from (uninstalled); a later save brings it back.</summary>
    Task RemoveAsync(string conversationId, DateTimeOffset at, CancellationToken cancellationToken);

    Task<MsTeamsConversation?> FindAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>The service URL of the tenant's most recently seen conversation, or null when the bot has heard nothing from it.</summary>
    Task<string?> ServiceUrlOfTenantAsync(string tenantId, CancellationToken cancellationToken);

    /// <summary>Every conversation the bot is installed in, most recently seen first (for operators).</summary>
    Task<IReadOnlyList<MsTeamsConversation>> ListAsync(CancellationToken cancellationToken);
}

/// <summary>A Teams conversation reference (protocols.md B3, "conversation reference to persist").</summary>
/// <param name="ConversationId">The channel's base id (<c>19:…@thread.tacv2</c>, without <c>;messageid=</c>), a group chat or a personal chat id.</param>
/// <param name="ConversationType"><c>channel</c>, <c>groupChat</c> or <c>personal</c>.</param>
/// <param name="BotId">The bot's id in this conversation (<c>28:&lt;appId&gt;</c>).</param>
public sealed record MsTeamsConversation(
    string ConversationId,
    string ServiceUrl,
    string? TenantId,
    string? ConversationType,
    string? TeamId,
    string? ChannelId,
    string? BotId,
    DateTimeOffset SeenAt,
    bool Removed = false);
