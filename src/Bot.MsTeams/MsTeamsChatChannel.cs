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
/// Microsoft Teams as a chat platform for the delivery dispatcher. A message (an incident's or a notice's Adaptive Card)
/// to a channel is a new post there (<c>POST v3/conversations</c> with the card, protocols.md B3), whose activity id is
/// the message id and whose <c>19:…;messageid=…</c> conversation is the thread; it is edited with a <c>PUT</c> of the
/// whole activity and answered in that thread. A direct message opens (or finds: Teams answers the same <c>a:…</c> id
/// each time) the personal chat with the person, posts into it, and hands that conversation back so edits and replies
/// go there. Every call goes to the latest service URL Teams sent for the destination's tenant. The Connector's answers
/// map to <see cref="DeliveryResult"/> by <see cref="Classify"/>: rate limits, Teams' passing failures and refused
/// credentials are retried; a refusal for this channel or person is final, so a wrong id is never retried forever.
/// </summary>
/// <param name="catalog">The catalog whose priorities the incident card's priority menu offers (none without it).</param>
internal sealed class MsTeamsChatChannel(BotConnectorClient connector, IMsTeamsConversationStore conversations, IOptions<MsTeamsOptions> options, CatalogHolder? catalog = null) : IChatChannel
{
    /// <summary>What a notification shows of a notice is a line or two; its card holds the rest.</summary>
    private const int MaxSummaryLength = 300;

    public ChatPlatform Platform => ChatPlatform.MsTeams;

    /// <summary>
    /// Teams allows a bot 7 sends per second, 8 per 2 s, 60 per 30 s and 1800 per hour in one conversation (protocols.md
    /// B3). The dispatcher spaces messages evenly, so bursts never happen and the 30 s window binds: at most 2 per
    /// second. 1.5 leaves a quarter of it for the bot's answers to mentions in the same channel, which do not pass
    /// through the dispatcher. Only a storm of more than 20 minutes at full rate reaches the hourly limit; Teams' 429
    /// then pauses the destination for its <c>Retry-After</c>.
    /// </summary>
    public double MessagesPerSecond => 1.5;

    public Task<DeliveryResult> PostAsync(ChatDestination destination, ChatMessage message, CancellationToken cancellationToken) =>
        SendAsync(destination, message, async (serviceUrl, activity) =>
        {
            if (destination.IsDirect)
            {
                var chat = await OpenDirectAsync(serviceUrl, destination, cancellationToken);
                var sent = await connector.SendToConversationAsync(serviceUrl, chat, activity with { Conversation = new ConversationAccount(chat), From = BotAccount() }, cancellationToken);
                return new DeliveryResult.Delivered(sent.Id!, chat, chat);
            }
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
                Activity = activity,
            };
            var created = await connector.CreateConversationAsync(serviceUrl, parameters, cancellationToken);
            var activityId = created.ActivityId ?? RootMessageIdOf(created.Id!);
            return activityId is null
                ? new DeliveryResult.Rejected($"Teams create conversation to {destination.Key} answered without the new message's activity id (conversation {created.Id}).")
                : new DeliveryResult.Delivered(activityId, created.Id);
        }, cancellationToken);

    public Task<DeliveryResult> UpdateAsync(ChatDestination destination, ChatMessageRef posted, ChatMessage message, CancellationToken cancellationToken) =>
        SendAsync(destination, message, async (serviceUrl, activity) =>
        {
            var conversation = await ConversationOfAsync(serviceUrl, destination, posted, cancellationToken);
            var edit = activity with { Id = posted.MessageId, Conversation = new ConversationAccount(conversation), From = BotAccount() };
            await connector.UpdateActivityAsync(serviceUrl, conversation, posted.MessageId, edit, cancellationToken);
            return new DeliveryResult.Delivered(posted.MessageId, conversation, destination.IsDirect ? conversation : null);
        }, cancellationToken);

    public Task<DeliveryResult> ReplyAsync(ChatDestination destination, ChatMessageRef posted, ChatText chatText, CancellationToken cancellationToken) =>
        SendAsync(destination, async serviceUrl =>
        {
            var conversation = await ConversationOfAsync(serviceUrl, destination, posted, cancellationToken);
            var text = TeamsMentions.Render(chatText, EscapeMarkdown);
            var activity = new Activity
            {
                Type = ActivityTypes.Message,
                Conversation = new ConversationAccount(conversation),
                From = BotAccount(),
                Text = text.Text,
                TextFormat = "markdown",
                Entities = text.Mentions.Count == 0 ? null : TeamsMentions.ActivityEntities(text.Mentions),
            };
            var reply = await connector.SendToConversationAsync(serviceUrl, conversation, activity, cancellationToken);
            return new DeliveryResult.Delivered(reply.Id!, conversation, destination.IsDirect ? conversation : null);
        }, cancellationToken);

    /// <summary>What the dispatcher should do after the Connector refused a call for <paramref name="destination"/>.</summary>
    internal static DeliveryResult Classify(ConnectorException refusal, ChatDestination destination)
    {
        var error = $"Teams {refusal.Operation} to {destination.Key}: HTTP {(int)refusal.StatusCode}"
            + (refusal.ErrorCode is null ? "" : $" {refusal.ErrorCode}")
            + (refusal.ConnectorMessage is null ? "" : $": {refusal.ConnectorMessage}");
        var team = destination.MsTeamsTeamId is null ? "the team" : $"team {destination.MsTeamsTeamId}";
        var person = destination.DirectUserId;
        return (int)refusal.StatusCode switch
        {
            // Throttled, or Teams' own passing failures (412 is its "try again" for a busy conversation).
            429 or 412 or 408 or >= 500 => new DeliveryResult.RetryLater(refusal.RetryAfter, error),
            // The Connector refused even a fresh token: every Teams destination fails alike until an operator fixes the
            // credentials, so the messages wait rather than all being given up and rerouted.
            401 => new DeliveryResult.RetryLater(refusal.RetryAfter,
                $"{error} (the Bot Connector refused the bot's token: check MsTeams:AppId, MsTeams:AppPassword and MsTeams:TenantId)"),
            // A person: Teams lets a bot open a chat only with someone who has the app (personal scope) in the bot's tenant.
            403 when person is not null => new DeliveryResult.Rejected(
                $"{error} (SLO Bot is not installed for {person} or they blocked it: install the app for them, e.g. with an app setup policy, so it can message them)"),
            404 when person is not null => new DeliveryResult.Rejected(refusal.ErrorCode switch
            {
                "ActivityNotFound" or "ActivityNotFoundInConversation" or "MessageNotFound" => $"{error} (the message was deleted)",
                "ConversationNotFound" => $"{error} (the personal chat with {person} is gone)",
                _ => $"{error} (user {person} was not found in tenant {destination.MsTeamsTenantId ?? "MsTeams:TenantId"}: check their msTeamsUserId in the catalog)",
            }),
            403 => new DeliveryResult.Rejected(refusal.ErrorCode switch
            {
                "MessageWritesBlocked" => $"{error} (the app is not installed in {team} or was blocked there; install SLO Bot in the team)",
                "BotNotInConversationRoster" => $"{error} (the bot is not a member of channel {destination.Channel}; install SLO Bot in {team})",
                _ => $"{error} (the bot may not post to channel {destination.Channel}; is SLO Bot installed in {team}?)",
            }),
            404 => new DeliveryResult.Rejected(refusal.ErrorCode switch
            {
                "ActivityNotFound" or "ActivityNotFoundInConversation" or "MessageNotFound" => $"{error} (the message was deleted)",
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

    /// <summary>Renders <paramref name="message"/> as its activity, then sends it as <see cref="SendAsync(ChatDestination, Func{Uri, Task{DeliveryResult}}, CancellationToken)"/> does.</summary>
    private Task<DeliveryResult> SendAsync(
        ChatDestination destination, ChatMessage message, Func<Uri, Activity, Task<DeliveryResult>> send, CancellationToken cancellationToken) =>
        ActivityOf(message) is { } activity
            ? SendAsync(destination, serviceUrl => send(serviceUrl, activity), cancellationToken)
            : Task.FromResult<DeliveryResult>(new DeliveryResult.Rejected($"Teams cannot show a {message.GetType().Name} ({message.Subject}) to {destination.Key}."));

    private async Task<DeliveryResult> SendAsync(ChatDestination destination, Func<Uri, Task<DeliveryResult>> send, CancellationToken cancellationToken)
    {
        if (destination.Platform != ChatPlatform.MsTeams)
        {
            return new DeliveryResult.Rejected($"{destination.Key} is not a Microsoft Teams channel.");
        }
        if (destination.IsDirect && TenantOf(destination) is null)
        {
            return new DeliveryResult.Rejected(
                $"Teams opens a chat with {destination.DirectUserId} only within a tenant, and {destination.Key} names none: set MsTeams:TenantId (or the team's tenantId in the catalog).");
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
    /// The personal chat with the destination's person: <c>POST v3/conversations</c> with the bot and that one member in
    /// the tenant (protocols.md B3). Teams answers the same <c>a:…</c> id for the same person every time, so opening it
    /// again after a lost answer is harmless.
    /// </summary>
    private async Task<string> OpenDirectAsync(Uri serviceUrl, ChatDestination destination, CancellationToken cancellationToken)
    {
        var tenant = TenantOf(destination)!;
        var parameters = new ConversationParameters
        {
            IsGroup = false,
            Bot = BotAccount(),
            Members = [new ChannelAccount(destination.DirectUserId)],
            TenantId = tenant,
            ChannelData = new TeamsChannelData { Tenant = new TenantInfo(tenant) },
        };
        var created = await connector.CreateConversationAsync(serviceUrl, parameters, cancellationToken);
        return created.Id!;
    }

    /// <summary>
    /// Where a posted copy lives: the personal chat its post opened, or the channel thread it started (an old reference
    /// without one is rebuilt from the channel and the root message id). A direct copy recorded without its chat finds it again.
    /// </summary>
    private async Task<string> ConversationOfAsync(Uri serviceUrl, ChatDestination destination, ChatMessageRef posted, CancellationToken cancellationToken) =>
        posted.ConversationId
            ?? posted.ThreadId
            ?? (destination.IsDirect ? await OpenDirectAsync(serviceUrl, destination, cancellationToken) : $"{destination.Channel};messageid={posted.MessageId}");

    /// <summary>The activity that shows <paramref name="message"/>, or null for a kind of message Teams has no card for.</summary>
    private Activity? ActivityOf(ChatMessage message) => message switch
    {
        IncidentMessage incident => IncidentActivity(incident, catalog?.Current.Priorities),
        NoticeMessage notice => NoticeActivity(notice),
        _ => null,
    };

    /// <summary>
    /// The card alone, with its headline as the <c>summary</c> Teams shows in notifications and the activity feed
    /// (a <c>text</c> would be shown above the card, saying the headline twice).
    /// </summary>
    private static Activity IncidentActivity(IncidentMessage message, IReadOnlyList<PriorityDefinition>? priorities) => new()
    {
        Type = ActivityTypes.Message,
        Summary = $"{message.Headline}: {message.Title}",
        Attachments = [AdaptiveCardAttachment.For(IncidentCard.Render(message, priorities))],
    };

    /// <summary>The card alone, with its title and summary (mentions as names) as what notifications show.</summary>
    private static Activity NoticeActivity(NoticeMessage message) => new()
    {
        Type = ActivityTypes.Message,
        Summary = AdaptiveText.Truncate(AdaptiveText.OneLine($"{message.Title}: {message.Text(message.Summary).ToPlainString()}"), MaxSummaryLength),
        Attachments = [AdaptiveCardAttachment.For(NoticeCard.Render(message))],
    };

    private static string? RootMessageIdOf(string conversationId)
    {
        const string Marker = ";messageid=";
        var at = conversationId.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 || at + Marker.Length == conversationId.Length ? null : conversationId[(at + Marker.Length)..];
    }
}
