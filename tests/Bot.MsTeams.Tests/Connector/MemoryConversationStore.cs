using System.Collections.Concurrent;
using Bot.Core.Storage;

namespace Bot.MsTeams.Tests.Connector;

/// <summary>Conversation references in memory, with the store's rules: the newer sighting wins; a tenant's URL is its latest conversation's.</summary>
internal sealed class MemoryConversationStore : IMsTeamsConversationStore
{
    private readonly ConcurrentDictionary<string, MsTeamsConversation> _conversations = new(StringComparer.Ordinal);

    /// <summary>Records that Teams told the bot <paramref name="serviceUrl"/> for <paramref name="tenantId"/>.</summary>
    public void Seen(string tenantId, string serviceUrl, DateTimeOffset at) =>
        _conversations[$"19:general-{tenantId}@thread.tacv2"] = new($"19:general-{tenantId}@thread.tacv2", serviceUrl, tenantId, "channel", null, null, null, at);

    public Task SaveAsync(MsTeamsConversation conversation, CancellationToken cancellationToken)
    {
        _conversations.AddOrUpdate(conversation.ConversationId, conversation, (_, old) => conversation.SeenAt >= old.SeenAt ? conversation : old);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(string conversationId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (_conversations.TryGetValue(conversationId, out var old))
        {
            _conversations[conversationId] = old with { Removed = true, SeenAt = at };
        }
        return Task.CompletedTask;
    }

    public Task<MsTeamsConversation?> FindAsync(string conversationId, CancellationToken cancellationToken) =>
        Task.FromResult(_conversations.GetValueOrDefault(conversationId));

    public Task<string?> ServiceUrlOfTenantAsync(string tenantId, CancellationToken cancellationToken) =>
        Task.FromResult(_conversations.Values.Where(c => c.TenantId == tenantId).MaxBy(c => c.SeenAt)?.ServiceUrl);

    public Task<IReadOnlyList<MsTeamsConversation>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<MsTeamsConversation>>([.. _conversations.Values.Where(c => !c.Removed).OrderByDescending(c => c.SeenAt)]);
}
