using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Slack.Api;
using Bot.Slack.BlockKit;
using Bot.Slack.Commands;
using Microsoft.Extensions.Logging;

namespace Bot.Slack.Interactions;

/// <summary>
/// Routes a clicked button or chosen menu option by <c>action_id</c> to its <see cref="IBlockActionHandler"/> (an
/// incident's buttons and menus; an <see cref="ITriggeredBlockAction"/> gets the <c>trigger_id</c> to open a modal) or to
/// <see cref="NoticeButtons"/> (a notice's), as the clicking person in the message's channel, and tells that person the
/// outcome with <c>chat.postEphemeral</c> (through <c>response_url</c> when Slack refuses, e.g. <c>user_not_in_channel</c>).
/// The message itself changes for everyone through the outbox, which the incident and notice use cases fill.
/// </summary>
internal sealed class BlockActions(
    IEnumerable<IBlockActionHandler> handlers,
    NoticeButtons notices,
    CatalogHolder catalog,
    SlackApiClient slack,
    SlackResponseUrl responseUrl,
    ILogger<BlockActions> logger)
{
    private readonly Dictionary<string, IBlockActionHandler> _handlers = handlers.ToDictionary(h => h.ActionId, StringComparer.Ordinal);

    public bool Handles(string actionId) => _handlers.ContainsKey(actionId) || notices.Handles(actionId);

    public async Task RunAsync(BlockActionsPayload payload, BlockAction action, CancellationToken cancellationToken)
    {
        var user = payload.User!;
        var channelId = payload.ChannelId;
        var context = CommandContext.For(
            catalog.Current, ChatPlatform.Slack, user.Id, user.Name ?? user.Username,
            channelId is null ? null : new ChatDestination(ChatPlatform.Slack, channelId).Key, ActionSource.Slack);
        var reply = _handlers.GetValueOrDefault(action.ActionId) switch
        {
            ITriggeredBlockAction opener => await opener.HandleAsync(action, payload.TriggerId, context, cancellationToken),
            { } handler => await handler.HandleAsync(action, context, cancellationToken),
            null => await notices.HandleAsync(action, context, cancellationToken),
        };
        logger.LogInformation("Slack action {ActionId} ({Value}) by {User}: {Reply}",
            action.ActionId, action.Value ?? action.SelectedOption?.Value, user.Id, reply?.Text ?? "(a modal opened)");
        if (reply is not null)
        {
            await TellAsync(payload, channelId, user.Id, ReplyBlocks.Render(reply), cancellationToken);
        }
    }

    private async Task TellAsync(BlockActionsPayload payload, string? channelId, string userId, SlackMessage reply, CancellationToken cancellationToken)
    {
        if (channelId is not null)
        {
            try
            {
                await slack.PostEphemeralAsync(new ChatPostEphemeral(channelId, userId, reply.Text, reply.Blocks, payload.Message?.ThreadTs), cancellationToken);
                return;
            }
            catch (SlackApiException refusal) when (payload.ResponseUrl is not null)
            {
                logger.LogInformation("chat.postEphemeral refused ({Error}); answering through response_url", refusal.Error);
            }
        }
        if (Uri.TryCreate(payload.ResponseUrl, UriKind.Absolute, out var url))
        {
            await responseUrl.SendAsync(url, SlackResponse.EphemeralOf(reply) with { ReplaceOriginal = false }, cancellationToken);
        }
    }
}
