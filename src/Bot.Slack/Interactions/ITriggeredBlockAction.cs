using Bot.Core.Commands;

namespace Bot.Slack.Interactions;

/// <summary>
/// An element whose handler opens a modal, so it needs the interaction's <c>trigger_id</c> (valid for 3 s, once), which
/// <see cref="IBlockActionHandler.HandleAsync"/> does not carry. <see cref="BlockActions"/> calls this one instead.
/// </summary>
internal interface ITriggeredBlockAction : IBlockActionHandler
{
    /// <summary>Acts as the clicking person; the reply, if any, is shown to them alone (none when a modal opened).</summary>
    Task<CommandReply?> HandleAsync(BlockAction action, string? triggerId, CommandContext context, CancellationToken cancellationToken);
}
