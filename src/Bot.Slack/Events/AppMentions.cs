using System.Text.RegularExpressions;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Storage;
using Bot.Slack.Api;
using Bot.Slack.BlockKit;
using Microsoft.Extensions.Logging;

namespace Bot.Slack.Events;

/// <summary>
/// "@SLO Bot ack #42" in a channel: the text after the mention runs through the shared grammar, and the reply goes to
/// the mention's thread (a thread under the mention when it was not in one). Slack retries a delivery it thinks failed, so each <c>event_id</c> is claimed in the
/// <see cref="IIdempotencyStore"/> first (scope <see cref="ClaimScope"/>): a retry, on any replica, does nothing.
/// </summary>
internal sealed partial class AppMentions(
    IIdempotencyStore claims,
    CommandHandler commands,
    CatalogHolder catalog,
    SlackApiClient slack,
    TimeProvider time,
    ILogger<AppMentions> logger)
{
    public const string ClaimScope = "slack-event";

    /// <summary>Messages the bot caused (its own posts, other bots) are not commands.</summary>
    public static bool IsFromABot(EventEnvelope envelope, SlackEvent mention) =>
        mention.BotId is not null || mention.Subtype == "bot_message" || (mention.User is not null && mention.User == envelope.BotUserId);

    public async Task HandleAsync(EventEnvelope envelope, SlackEvent mention, CancellationToken cancellationToken)
    {
        if (!await claims.TryClaimAsync(ClaimScope, envelope.EventId!, time.GetUtcNow(), cancellationToken))
        {
            logger.LogInformation("Slack event {EventId} was already handled; ignoring the redelivery", envelope.EventId);
            return;
        }
        var text = WithoutMention(mention.Text ?? "", envelope.BotUserId);
        var context = CommandContext.For(
            catalog.Current, ChatPlatform.Slack, mention.User!, null,
            new ChatDestination(ChatPlatform.Slack, mention.Channel!).Key, ActionSource.Slack);
        var reply = ReplyBlocks.Render(await commands.HandleAsync(text, context, cancellationToken));
        var answer = new ChatPostMessage(mention.Channel!, reply.Text, reply.Blocks, mention.ThreadTs ?? mention.Ts);
        try
        {
            await slack.PostMessageAsync(answer, cancellationToken);
        }
        catch (SlackApiException gone) when (gone.Error is "thread_not_found" or "message_not_found")
        {
            // The mention was deleted before the answer was ready: answer in the channel rather than not at all.
            await slack.PostMessageAsync(answer with { ThreadTs = null }, cancellationToken);
        }
    }

    /// <summary>Removes the bot's <c>&lt;@U…&gt;</c> mentions (all of them; or, with the bot's id unknown, the first mention).</summary>
    internal static string WithoutMention(string text, string? botUserId)
    {
        var count = 0;
        var stripped = Mention().Replace(text, match =>
            (botUserId is null ? count++ == 0 : match.Groups["id"].Value == botUserId) ? " " : match.Value);
        return Whitespace().Replace(stripped, " ").Trim();
    }

    [GeneratedRegex(@"<@(?<id>[UW][A-Z0-9]+)(\|[^>]*)?>", RegexOptions.CultureInvariant)]
    private static partial Regex Mention();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
