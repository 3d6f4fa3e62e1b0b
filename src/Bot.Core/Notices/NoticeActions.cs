using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Notifications;
using Bot.Core.Storage;

namespace Bot.Core.Notices;

/// <summary>
/// One button of a notice (<see cref="MessageAction.AcceptHandoff"/>, <see cref="MessageAction.TakeCover"/>): the use
/// case behind it. It commits its change (and so the edit of every copy of the notice) before it returns.
/// </summary>
public interface INoticeAction
{
    /// <summary>The <see cref="MessageAction.Id"/> it serves.</summary>
    string ActionId { get; }

    Task<CommandReply> RunAsync(Notice notice, CommandContext context, CancellationToken cancellationToken);
}

/// <summary>
/// A click on a notice's button, whichever platform it came from: finds the notice, runs the action's use case, and
/// returns its reply with the notice's message as it now stands (a Teams invoke answers with the refreshed card).
/// </summary>
public sealed class NoticeActions(INoticeStore notices, CatalogHolder catalog, IEnumerable<INoticeAction> actions)
{
    private readonly Dictionary<string, INoticeAction> _actions = actions.ToDictionary(a => a.ActionId, StringComparer.Ordinal);

    public bool Handles(string? actionId) => actionId is not null && _actions.ContainsKey(actionId);

    public async Task<NoticeActionResult> RunAsync(string actionId, long noticeId, CommandContext context, CancellationToken cancellationToken)
    {
        if (!_actions.TryGetValue(actionId, out var action))
        {
            return new NoticeActionResult(new CommandReply(false, $"'{actionId}' is not a button SLO Bot knows."), null);
        }
        if (await notices.FindAsync(noticeId, cancellationToken) is not { } notice)
        {
            return new NoticeActionResult(new CommandReply(false, $"There is no notice {noticeId}; it may have been posted by another SLO Bot."), null);
        }
        var reply = await action.RunAsync(notice, context, cancellationToken);
        var now = await notices.FindAsync(noticeId, cancellationToken);
        return new NoticeActionResult(reply, now?.Message.WithPeople(catalog.Current));
    }
}

/// <summary>What a notice button did: the reply for the clicker, and the notice's message now (null when it is gone).</summary>
public sealed record NoticeActionResult(CommandReply Reply, NoticeMessage? Message);
