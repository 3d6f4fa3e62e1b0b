using Bot.Core.Storage;

namespace Bot.Persistence.Storage;

/// <summary>
/// Teams conversation references are rows of <c>msteams_conversations</c>, upserted by every activity. An older
/// activity (Teams may deliver out of order) never overwrites a newer one; what an activity leaves out (a personal
/// chat names no team) keeps the value a fuller one recorded.
/// </summary>
internal sealed class SqlMsTeamsConversationStore(BotDatabase database) : IMsTeamsConversationStore
{
    private const string Columns =
        "conversation_id AS conversationid, service_url AS serviceurl, tenant_id AS tenantid, conversation_type AS conversationtype, " +
        "team_id AS teamid, channel_id AS channelid, bot_id AS botid, seen_at AS seenat, removed";

    public Task SaveAsync(MsTeamsConversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentException.ThrowIfNullOrEmpty(conversation.ConversationId);
        ArgumentException.ThrowIfNullOrEmpty(conversation.ServiceUrl);
        return database.WriteAsync(
            session => session.ExecuteAsync(
                """
                INSERT INTO msteams_conversations (conversation_id, service_url, tenant_id, conversation_type, team_id, channel_id, bot_id, seen_at, removed)
                VALUES (@ConversationId, @ServiceUrl, @TenantId, @ConversationType, @TeamId, @ChannelId, @BotId, @SeenAt, @Removed)
                ON CONFLICT (conversation_id) DO UPDATE SET
                    service_url = excluded.service_url,
                    tenant_id = COALESCE(excluded.tenant_id, msteams_conversations.tenant_id),
                    conversation_type = COALESCE(excluded.conversation_type, msteams_conversations.conversation_type),
                    team_id = COALESCE(excluded.team_id, msteams_conversations.team_id),
                    channel_id = COALESCE(excluded.channel_id, msteams_conversations.channel_id),
                    bot_id = COALESCE(excluded.bot_id, msteams_conversations.bot_id),
                    seen_at = excluded.seen_at,
                    removed = excluded.removed
                WHERE excluded.seen_at >= msteams_conversations.seen_at
                """,
                conversation),
            cancellationToken);
    }

    public Task RemoveAsync(string conversationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        return database.WriteAsync(
            session => session.ExecuteAsync(
                "UPDATE msteams_conversations SET removed = @removed, seen_at = @at WHERE conversation_id = @conversationId AND seen_at <= @at",
                new { conversationId, at, removed = true }),
            cancellationToken);
    }

    public Task<MsTeamsConversation?> FindAsync(string conversationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(conversationId);
        return database.ReadAsync(
            async session => (await session.QuerySingleOrDefaultAsync<Row>(
                $"SELECT {Columns} FROM msteams_conversations WHERE conversation_id = @conversationId", new { conversationId }))?.ToConversation(),
            cancellationToken);
    }

    public Task<string?> ServiceUrlOfTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        // A removed conversation still tells where the tenant's Connector lives.
        return database.ReadAsync(
            session => session.QuerySingleOrDefaultAsync<string>(
                "SELECT service_url FROM msteams_conversations WHERE tenant_id = @tenantId ORDER BY seen_at DESC LIMIT 1", new { tenantId }),
            cancellationToken);
    }

    public Task<IReadOnlyList<MsTeamsConversation>> ListAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<MsTeamsConversation>>(
            async session => [.. (await session.QueryAsync<Row>(
                $"SELECT {Columns} FROM msteams_conversations WHERE NOT removed ORDER BY seen_at DESC, conversation_id")).Select(r => r.ToConversation())],
            cancellationToken);

    private sealed class Row
    {
        public string ConversationId { get; set; } = "";
        public string ServiceUrl { get; set; } = "";
        public string? TenantId { get; set; }
        public string? ConversationType { get; set; }
        public string? TeamId { get; set; }
        public string? ChannelId { get; set; }
        public string? BotId { get; set; }
        public DateTimeOffset SeenAt { get; set; }
        public bool Removed { get; set; }

        public MsTeamsConversation ToConversation() =>
            new(ConversationId, ServiceUrl, TenantId, ConversationType, TeamId, ChannelId, BotId, SeenAt, Removed);
    }
}
