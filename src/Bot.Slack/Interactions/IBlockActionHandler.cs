using Bot.Core.Commands;

namespace Bot.Slack.Interactions;

/// <summary>One button of the bot's messages; <see cref="ActionId"/> is the <c>action_id</c> it handles (SlackNet's handler-per-action shape).</summary>
internal interface IBlockActionHandler
{
    string ActionId { get; }

    /// <summary>Acts as the clicking person; the reply is shown to them alone.</summary>
    Task<CommandReply> HandleAsync(BlockAction action, CommandContext context, CancellationToken cancellationToken);
}
