using System.Text;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Notifications;
using Bot.Core.Storage;
using Bot.MsTeams.Cards;
using Bot.MsTeams.Connector;
using Bot.MsTeams.Schema;
using Microsoft.Extensions.Options;

namespace Bot.MsTeams;

/// <summary>
/// Microsoft Teams as a chat platform for the delivery dispatcher: an incident message is a new post in the team's
/// channel (<c>POST v3/conversations</c> with an Adaptive Card, protocols.md B3), whose activity id is the message id
/// and whose <c>19:…;messageid=…</c> conversation is the thread; it is edited with a <c>PUT</c> of the whole activity
/// and answered in that thread. Every call goes to the latest service URL Teams sent for the destination's tenant.
/// The Connector's answers map to <see cref="DeliveryResult"/> by <see cref="Classify"/>: rate limits, Teams' passing
/// failures and refused credentials are retried; a refusal for this channel is final, so a wrong channel is never
/// retried forever.
/// </summary>
internal sealed class MsTeamsChatChannel(BotConnectorClient connector, IMsTeamsConversationStore conversations, IOptions<MsTeamsOptions> options) : IChatChannel
{
    public ChatPlatform Platform => ChatPlatform.MsTeams;

    /// <summary>
    /// Teams allows a bot 7 sends per second, 8 per 2 s, 60 per 30 s and 1800 per hour in one conversation (protocols.md
    /// B3). The dispatcher spaces messages evenly, so bursts never happen and the 30 s window binds: at most 2 per
    /// second. 1.5 leaves a quarter of it for the bot's answers to mentions in the same channel, which do not pass
    /// through the dispatcher. Only a storm of more than 20 minutes at full rate reaches the hourly limit; Teams' 429
    /// then pauses the destination for its <c>Retry-After</c>.
    /// </summary>
    public double MessagesPerSecond => 1.5;

    public Task<DeliveryResult> PostAsync(ChatDestination destination, ChatMessage chatMessage, CancellationToken cancellationToken) =>
        SendAsync(destination, async serviceUrl =>
        {
            var message = (IncidentMessage)chatMessage; // TODO(notice): rendered by the adapter helper
            var tenant = TenantOf(destination);
            var parameters = new ConversationParameters
            {
                IsGroup = true,
                ChannelData = new TeamsChannelData
                {
                    Channel = new TeamInfo(destination.Channel),
                    Tenant = tenant is null ? null : new TenantInfo(tenant),
                },
                TenantId = tenant,
                Activity = IncidentActivity(message),
            };
            var created = await connector.CreateConversationAsync(serviceUrl, parameters, cancellationToken);
            var activityId = created.ActivityId ?? RootMessageIdOf(created.Id!);
            return activityId is null
                ? new DeliveryResult.Rejected($"Teams create conversation to {destination.Key} answered without the new message's activity id (conversation {created.Id}).")
                : new DeliveryResult.Delivered(activityId, created.Id);
        }, cancellationToken);

    public Task<DeliveryResult> UpdateAsync(ChatDestination destination, ChatMessageRef posted, ChatMessage chatMessage, CancellationToken cancellationToken) =>
        SendAsync(destination, async serviceUrl =>
        {
            var message = (IncidentMessage)chatMessage; // TODO(notice): rendered by the adapter helper
            var thread = ThreadOf(destination, posted);
            var activity = IncidentActivity(message) with { Id = posted.MessageId, Conversation = new ConversationAccount(thread), From = BotAccount() };
            await connector.UpdateActivityAsync(serviceUrl, thread, posted.MessageId, activity, cancellationToken);
            return new DeliveryResult.Delivered(posted.MessageId, thread);
        }, cancellationToken);

    public Task<DeliveryResult> ReplyAsync(ChatDestination destination, ChatMessageRef posted, ChatText chatText, CancellationToken cancellationToken) =>
        SendAsync(destination, async serviceUrl =>
        {
            var text = chatText.ToPlainString(); // TODO(mentions)
            var thread = ThreadOf(destination, posted);
            var activity = new Activity
            {
                Type = ActivityTypes.Message,
                Conversation = new ConversationAccount(thread),
                From = BotAccount(),
                Text = EscapeMarkdown(text),
                TextFormat = "markdown",
            };
            var reply = await connector.SendToConversationAsync(serviceUrl, thread, activity, cancellationToken);
            return new DeliveryResult.Delivered(reply.Id!, thread);
        }, cancellationToken);

    /// <summary>What the dispatcher should do after the Connector refused a call for <paramref name="destination"/>.</summary>
    internal static DeliveryResult Classify(ConnectorException refusal, ChatDestination destination)
    {
        var error = $"Teams {refusal.Operation} to {destination.Key}: HTTP {(int)refusal.StatusCode}"
            + (refusal.ErrorCode is null ? "" : $" {refusal.ErrorCode}")
            + (refusal.ConnectorMessage is null ? "" : $": {refusal.ConnectorMessage}");
        var team = destination.MsTeamsTeamId is null ? "the team" : $"team {destination.MsTeamsTeamId}";
        return (int)refusal.StatusCode switch
        {
            // Throttled, or Teams' own passing failures (412 is its "try again" for a busy conversation).
            429 or 412 or 408 or >= 500 => new DeliveryResult.RetryLater(refusal.RetryAfter, error),
            // The Connector refused even a fresh token: every Teams destination fails alike until an operator fixes the
            // credentials, so the messages wait rather than all being given up and rerouted.
            401 => new DeliveryResult.RetryLater(refusal.RetryAfter,
                $"{error} (the Bot Connector refused the bot's token: check MsTeams:AppId, MsTeams:AppPassword and MsTeams:TenantId)"),
            403 => new DeliveryResult.Rejected(refusal.ErrorCode switch
            {
                "MessageWritesBlocked" => $"{error} (the app is not installed in {team} or was blocked there; install SLO Bot in the team)",
                "BotNotInConversationRoster" => $"{error} (the bot is not a member of channel {destination.Channel}; install SLO Bot in {team})",
                _ => $"{error} (the bot may not post to channel {destination.Channel}; is SLO Bot installed in {team}?)",
            }),
            404 => new DeliveryResult.Rejected(refusal.ErrorCode switch
            {
                "ActivityNotFound" or "MessageNotFound" => $"{error} (the message was deleted)",
                _ => $"{error} (channel {destination.Channel} was not found in {team}: deleted, or SLO Bot is not installed there)",
            }),
            413 => new DeliveryResult.Rejected($"{error} (the message is larger than Teams accepts, about 28 KB)"),
            _ => new DeliveryResult.Rejected(error),
        };
    }

    /// <summary>
    /// Plain text as Teams markdown: HTML's specials as entities (Teams reads tags such as <c>&lt;at&gt;</c>), markdown's
    /// inline markers backslash-escaped, and line-start markers (headings, list items) escaped so they stay text.
    /// </summary>
    internal static string EscapeMarkdown(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        var lineStart = true;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            switch (c)
            {
                case '&':
                    escaped.Append("&amp;");
                    break;
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '\\' or '*' or '_' or '`' or '~' or '[' or ']':
                    escaped.Append('\\').Append(c);
                    break;
                case '#' when lineStart:
                case '-' or '+' when lineStart && next == ' ':
                    escaped.Append('\\').Append(c);
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
            lineStart = c == '\n' || (lineStart && c == ' ');
        }
        return escaped.ToString();
    }

    private async Task<DeliveryResult> SendAsync(ChatDestination destination, Func<Uri, Task<DeliveryResult>> send, CancellationToken cancellationToken)
    {
        if (destination.Platform != ChatPlatform.MsTeams)
        {
            return new DeliveryResult.Rejected($"{destination.Key} is not a Microsoft Teams channel.");
        }
        var (serviceUrl, problem) = await ServiceUrlOfAsync(destination, cancellationToken);
        if (serviceUrl is null)
        {
            return problem!;
        }
        try
        {
            return await send(serviceUrl);
        }
        catch (ConnectorException refusal)
        {
            return Classify(refusal, destination);
        }
        catch (BotTokenException e)
        {
            // Refused credentials are the operator's to fix and hold up every Teams destination alike: wait, do not reroute.
            return new DeliveryResult.RetryLater(e.RetryAfter, $"Teams to {destination.Key}: no token for the Bot Connector. {e.Message}");
        }
        catch (HttpRequestException e)
        {
            return new DeliveryResult.RetryLater(null, $"Teams unreachable for {destination.Key} (Bot Connector at {serviceUrl}, or the token endpoint): {e.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new DeliveryResult.RetryLater(null, $"Teams did not answer in time for {destination.Key} (Bot Connector at {serviceUrl}, or the token endpoint)");
        }
    }

    /// <summary>
    /// The latest service URL Teams sent for the destination's tenant, else <c>MsTeams:ServiceUrl</c>. Either must be
    /// https (plain http only on loopback), since the bot's token goes there.
    /// </summary>
    private async Task<(Uri? Url, DeliveryResult? Problem)> ServiceUrlOfAsync(ChatDestination destination, CancellationToken cancellationToken)
    {
        var tenant = TenantOf(destination);
        if (tenant is not null && await conversations.ServiceUrlOfTenantAsync(tenant, cancellationToken) is { } stored)
        {
            return Uri.TryCreate(stored, UriKind.Absolute, out var url) && ConnectorUrls.IsAllowed(url)
                ? (url, null)
                : (null, new DeliveryResult.Rejected(
                    $"The Teams service URL '{stored}' stored for tenant {tenant} is not an https URL, so nothing is posted to {destination.Key}: the bot sends its token only over https."));
        }
        if (options.Value.ServiceUrl is { } configured)
        {
            return ConnectorUrls.IsAllowed(configured)
                ? (configured, null)
                : (null, new DeliveryResult.Rejected(
                    $"MsTeams:ServiceUrl {configured} is not an https URL, so nothing is posted to {destination.Key}: the bot sends its token only over https."));
        }
        return (null, new DeliveryResult.RetryLater(null,
            $"No Teams service URL for tenant {tenant ?? "(none: the destination names no tenant and MsTeams:TenantId is not set)"} yet, "
            + $"so nothing can be posted to {destination.Key}: add the bot to the team so Teams tells it, or set MsTeams:ServiceUrl."));
    }

    private string? TenantOf(ChatDestination destination) =>
        string.IsNullOrWhiteSpace(destination.MsTeamsTenantId)
            ? string.IsNullOrWhiteSpace(options.Value.TenantId) ? null : options.Value.TenantId
            : destination.MsTeamsTenantId;

    private ChannelAccount? BotAccount() => options.Value.HasAppId ? new ChannelAccount($"28:{options.Value.AppId}", options.Value.DisplayName) : null;

    /// <summary>
    /// The card alone, with its headline as the <c>summary</c> Teams shows in notifications and the activity feed
    /// (a <c>text</c> would be shown above the card, saying the headline twice).
    /// </summary>
    private static Activity IncidentActivity(IncidentMessage message) => new()
    {
        Type = ActivityTypes.Message,
        Summary = $"{message.Headline}: {message.Title}",
        Attachments = [AdaptiveCardAttachment.For(IncidentCard.Render(message))],
    };

    /// <summary>The thread the post started; an old reference without one is rebuilt from the channel and the root message id.</summary>
    private static string ThreadOf(ChatDestination destination, ChatMessageRef posted) =>
        posted.ThreadId ?? $"{destination.Channel};messageid={posted.MessageId}";

    private static string? RootMessageIdOf(string conversationId)
    {
        const string Marker = ";messageid=";
        var at = conversationId.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 || at + Marker.Length == conversationId.Length ? null : conversationId[(at + Marker.Length)..];
    }
}
