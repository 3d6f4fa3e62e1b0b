using System.Collections.Concurrent;
using Bot.Core.Commands;
using Bot.Core.Notices;
using Bot.Core.Notifications;

namespace Bot.Slack.Tests.Support;

/// <summary>The <c>Accept handoff</c> button's use case as a test sees it: records who clicked on which notice and answers <see cref="Reply"/>.</summary>
internal sealed class RecordingNoticeAction : INoticeAction
{
    public string ActionId => MessageAction.AcceptHandoff.Id;

    public CommandReply Reply { get; set; } = new(true, "You accepted the handoff: you are on call for Payments now.");

    public ConcurrentQueue<(Notice Notice, CommandContext Context)> Runs { get; } = new();

    public Task<CommandReply> RunAsync(Notice notice, CommandContext context, CancellationToken cancellationToken)
    {
        Runs.Enqueue((notice, context));
        return Task.FromResult(Reply);
    }
}
