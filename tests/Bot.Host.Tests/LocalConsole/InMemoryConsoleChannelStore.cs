using Bot.Core.Storage;

namespace Bot.Host.Tests.LocalConsole;

/// <summary>Console channels in a list, for testing the channel adapter without a database.</summary>
internal sealed class InMemoryConsoleChannelStore : IConsoleChannelStore
{
    private readonly List<ConsoleMessage> _messages = [];

    public IReadOnlyList<ConsoleMessage> Messages => _messages;

    public Task<ConsoleMessage> PostAsync(string channel, string body, string? threadId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var message = new ConsoleMessage(_messages.Count + 1, channel, threadId, body, at, null);
        _messages.Add(message);
        return Task.FromResult(message);
    }

    public Task<bool> UpdateAsync(string channel, long messageId, string body, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var index = _messages.FindIndex(m => m.Id == messageId && m.Channel == channel);
        if (index >= 0)
        {
            _messages[index] = _messages[index] with { Body = body, EditedAt = at };
        }
        return Task.FromResult(index >= 0);
    }

    public Task<IReadOnlyList<ConsoleMessage>> ListAsync(string channel, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ConsoleMessage>>([.. _messages.Where(m => m.Channel == channel).TakeLast(limit)]);
}
