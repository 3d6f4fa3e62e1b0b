using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Notifications;
using Bot.Slack.Api;
using Bot.Slack.BlockKit;

namespace Bot.Slack;

/// <summary>
/// Slack as a chat platform for the delivery dispatcher: an incident or a notice is a <c>chat.postMessage</c> with Block
/// Kit (its <c>ts</c> is both the message id and the thread id), edited with <c>chat.update</c>, answered in its thread.
/// A direct destination (<c>slack:dm:U…</c>) is the person's <c>D…</c> conversation, opened with <c>conversations.open</c>
/// at the first post and returned as the copy's conversation id, where its edits and replies then go.
/// Slack's answers map to <see cref="DeliveryResult"/> by <see cref="Classify"/>: only rate limits and Slack's own
/// passing failures are retried; every other refusal is final, so a wrong channel is never retried forever.
/// </summary>
/// <param name="catalog">The catalog whose priorities the incident message's priority menu offers.</param>
internal sealed class SlackChatChannel(SlackApiClient slack, CatalogHolder? catalog = null) : IChatChannel
{
    /// <summary>Codes Slack documents as passing; everything else <c>ok:false</c> is final (protocols.md A6).</summary>
    private static readonly HashSet<string> Transient = new(StringComparer.Ordinal)
    {
        "ratelimited", "internal_error", "fatal_error", "request_timeout", "service_unavailable", "team_added_to_org", "invalid_response",
    };

    private static readonly Dictionary<string, string> Hints = new(StringComparer.Ordinal)
    {
        ["channel_not_found"] = "the channel does not exist or the bot cannot see it (invite it to a private channel)",
        ["not_in_channel"] = "the bot is not a member of the channel; invite it (/invite @bot) or grant chat:write.public",
        ["is_archived"] = "the channel is archived",
        ["invalid_auth"] = "Slack:BotToken is not valid",
        ["not_authed"] = "no bot token was sent",
        ["token_revoked"] = "Slack:BotToken was revoked; reinstall the app",
        ["account_inactive"] = "the bot's token belongs to a deleted user or workspace",
        ["missing_scope"] = "the app lacks a scope; add it in the manifest and reinstall",
        ["message_not_found"] = "the message was deleted",
        ["cant_update_message"] = "the message was not posted by this bot",
        ["edit_window_closed"] = "the message is too old to edit",
        ["msg_too_long"] = "the message is longer than Slack allows",
        ["invalid_blocks"] = "Slack refused the message's blocks",
        ["user_not_found"] = "the catalog's Slack user id names no one in this workspace (profile → ⋮ → Copy member ID)",
        ["user_not_visible"] = "the bot may not see this person (a guest or someone of another workspace)",
        ["user_disabled"] = "the person's Slack account is deactivated; update the catalog",
        ["cannot_dm_bot"] = "the catalog's Slack user id is a bot's; direct messages go to people",
    };

    public ChatPlatform Platform => ChatPlatform.Slack;

    /// <summary>Slack's <c>chat.postMessage</c> allows about one message per second per channel.</summary>
    public double MessagesPerSecond => 1;

    public Task<DeliveryResult> PostAsync(ChatDestination destination, ChatMessage message, CancellationToken cancellationToken) =>
        SendAsync(destination, message, async rendered =>
        {
            var conversation = destination.DirectUserId is { } user ? await slack.OpenConversationAsync([user], cancellationToken) : null;
            var posted = await slack.PostMessageAsync(new ChatPostMessage(conversation ?? destination.Channel, rendered.Text, rendered.Blocks), cancellationToken);
            return new DeliveryResult.Delivered(posted.Ts, posted.Ts, conversation);
        });

    public Task<DeliveryResult> UpdateAsync(ChatDestination destination, ChatMessageRef posted, ChatMessage message, CancellationToken cancellationToken) =>
        SendAsync(destination, message, async rendered =>
        {
            var channel = await ChannelOfAsync(destination, posted, cancellationToken);
            await slack.UpdateAsync(new ChatUpdate(channel, posted.MessageId, rendered.Text, rendered.Blocks), cancellationToken);
            return new DeliveryResult.Delivered(posted.MessageId, posted.ThreadId ?? posted.MessageId, posted.ConversationId);
        });

    public Task<DeliveryResult> ReplyAsync(ChatDestination destination, ChatMessageRef posted, ChatText text, CancellationToken cancellationToken) =>
        SendAsync(destination, async () =>
        {
            var channel = await ChannelOfAsync(destination, posted, cancellationToken);
            var thread = posted.ThreadId ?? posted.MessageId;
            var rendered = ReplyBlocks.Render(text);
            var reply = await slack.PostMessageAsync(new ChatPostMessage(channel, rendered.Text, rendered.Blocks, thread), cancellationToken);
            return new DeliveryResult.Delivered(reply.Ts, thread, posted.ConversationId);
        });

    /// <summary>What the dispatcher should do after Slack refused a call.</summary>
    internal static DeliveryResult Classify(SlackApiException refusal, string channel) => refusal switch
    {
        SlackRateLimitedException limited => new DeliveryResult.RetryLater(limited.RetryAfter, $"Slack {refusal.Method}: ratelimited"),
        _ when Transient.Contains(refusal.Error) || refusal.Error.StartsWith("http_5", StringComparison.Ordinal) =>
            new DeliveryResult.RetryLater(null, $"Slack {refusal.Method}: {refusal.Error}"),
        _ => new DeliveryResult.Rejected(
            $"Slack {refusal.Method} to {channel}: {refusal.Error}{(Hints.TryGetValue(refusal.Error, out var hint) ? $" ({hint})" : "")}"
            + (refusal.Needed is { } needed ? $"; needs scope {needed}" : "")),
    };

    /// <summary>
    /// The Slack channel a posted copy lives in: the conversation it was posted into, else the destination's channel.
    /// A direct copy recorded without its conversation is found again: <c>conversations.open</c> answers the same
    /// <c>D…</c> for the same person every time.
    /// </summary>
    private async Task<string> ChannelOfAsync(ChatDestination destination, ChatMessageRef posted, CancellationToken cancellationToken) =>
        posted.ConversationId
        ?? (destination.DirectUserId is { } user ? await slack.OpenConversationAsync([user], cancellationToken) : destination.Channel);

    private Task<DeliveryResult> SendAsync(ChatDestination destination, ChatMessage message, Func<SlackMessage, Task<DeliveryResult>> send)
    {
        SlackMessage? rendered = message switch
        {
            IncidentMessage incident => IncidentBlocks.Render(incident, catalog?.Current.Priorities),
            NoticeMessage notice => NoticeBlocks.Render(notice),
            _ => null,
        };
        return rendered is null
            ? Task.FromResult<DeliveryResult>(new DeliveryResult.Rejected($"Slack cannot show a {message.GetType().Name}; it renders incidents and notices."))
            : SendAsync(destination, () => send(rendered));
    }

    private static async Task<DeliveryResult> SendAsync(ChatDestination destination, Func<Task<DeliveryResult>> send)
    {
        if (destination.Platform != ChatPlatform.Slack)
        {
            return new DeliveryResult.Rejected($"{destination.Key} is not a Slack channel.");
        }
        try
        {
            return await send();
        }
        catch (SlackApiException refusal)
        {
            return Classify(refusal, destination.Channel);
        }
        catch (HttpRequestException e)
        {
            return new DeliveryResult.RetryLater(null, $"Slack unreachable: {e.Message}");
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            return new DeliveryResult.RetryLater(null, "Slack did not answer in time");
        }
    }
}
