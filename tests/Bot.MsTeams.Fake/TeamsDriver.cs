using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bot.MsTeams.Fake;

/// <summary>
/// Bot Framework's side of the bot's messaging endpoint: activities shaped like recorded Teams traffic (protocols B1,
/// B4), with <see cref="FakeTeams.ServiceUrl"/> as <c>serviceUrl</c> and channel <c>msteams</c>, each signed as Bot
/// Framework signs them (RS256 by the fake's current key; <c>iss</c> <c>https://api.botframework.com</c>, <c>aud</c>
/// the app id, a matching <c>serviceurl</c> claim, <c>nbf</c> now − 5 min, <c>exp</c> now + 60 min), posted within
/// Bot Framework's 15 s. What people write is stored in <paramref name="teams"/> first, so the bot can reply in its
/// thread; install events change what the fake lets the bot do, as in Teams.
/// </summary>
/// <param name="clock">The clock of timestamps and token lifetimes; by default the fake's.</param>
public sealed class TeamsDriver(FakeTeams teams, Uri botBaseAddress, TimeProvider? clock = null) : IDisposable
{
    /// <summary>How long Bot Framework waits for the bot before it gives up (and answers Teams 502/504).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private readonly HttpClient _http = new() { BaseAddress = botBaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    private readonly TimeProvider _clock = clock ?? teams.Options.TimeProvider;

    /// <summary>The bot's messaging endpoint, relative to its base address.</summary>
    public string MessagesPath { get; set; } = "/api/messages";

    /// <summary>The key valid tokens are signed with; null for the fake's current key (see <see cref="FakeTeams.CurrentKeyId"/>).</summary>
    public string? SigningKeyId { get; set; }

    /// <summary>The IANA time zone of the people's clients: <c>localTimezone</c> and the offset of <c>localTimestamp</c>.</summary>
    public string TimeZone { get; set; } = "Europe/Berlin";

    /// <summary>
    /// <c>@SLO Bot {text}</c> by <paramref name="user"/> in a channel: a new post, or a reply in the thread of
    /// <paramref name="threadRootId"/>. The conversation id is <c>{channel};messageid={root}</c>, with the mention
    /// entity and the team, channel and tenant in <c>channelData</c>.
    /// </summary>
    public Task<TeamsDelivery> MentionAsync(TeamsUser user, string channelId, string text, string? threadRootId = null, TokenFault fault = TokenFault.None, CancellationToken cancellationToken = default)
    {
        var channel = teams.Channel(channelId) ?? throw new ArgumentException($"No channel {channelId} in the fake tenant; AddChannel it first.", nameof(channelId));
        teams.Know(user);
        var botName = teams.Options.BotName;
        var at = $"<at>{botName}</at>";
        JsonObject sent = [];
        teams.AddChannelMessage(user, channelId, threadRootId, (id, conversationId) =>
        {
            sent = Activity("message", id, user, ChannelConversation(channel, conversationId), ChannelData(channel));
            sent["text"] = $"{at} {text}";
            sent["textFormat"] = "plain";
            sent["entities"]!.AsArray().Insert(0, new JsonObject
            {
                ["type"] = "mention",
                ["mentioned"] = new JsonObject { ["id"] = teams.BotId, ["name"] = botName },
                ["text"] = at,
            });
            sent["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "text/html",
                ["content"] = $"<p><span itemtype=\"http://schema.skype.com/Mention\" itemscope=\"\" itemid=\"0\">{WebUtility.HtmlEncode(botName)}</span>&nbsp;{WebUtility.HtmlEncode(text)}</p>",
            });
            return (JsonObject)sent.DeepClone();
        });
        return SendAsync(sent, fault, cancellationToken);
    }

    /// <summary><paramref name="text"/> written by <paramref name="user"/> in their personal chat with the bot (no mention needed there).</summary>
    public Task<TeamsDelivery> PersonalMessageAsync(TeamsUser user, string text, TokenFault fault = TokenFault.None, CancellationToken cancellationToken = default)
    {
        JsonObject sent = [];
        teams.AddChatMessage(user, (id, conversationId) =>
        {
            sent = Activity("message", id, user, PersonalConversation(user, conversationId), PersonalChannelData(user));
            sent["text"] = text;
            sent["textFormat"] = "plain";
            sent["attachments"] = new JsonArray(new JsonObject { ["contentType"] = "text/html", ["content"] = $"<p>{WebUtility.HtmlEncode(text)}</p>" });
            return (JsonObject)sent.DeepClone();
        });
        return SendAsync(sent, fault, cancellationToken);
    }

    /// <summary>
    /// The <c>conversationUpdate</c> Teams sends when <paramref name="by"/> adds the bot to a team: <c>membersAdded</c>
    /// holds <c>28:{appId}</c>, <c>channelData.eventType</c> is <c>teamMemberAdded</c>. The app is then installed there.
    /// </summary>
    public Task<TeamsDelivery> BotAddedToTeamAsync(TeamsUser by, string teamId, TokenFault fault = TokenFault.None, CancellationToken cancellationToken = default)
    {
        var general = Team(teamId);
        teams.Know(by);
        teams.SetTeamInstalled(teamId, true);
        var channelData = new JsonObject
        {
            ["team"] = TeamJson(general),
            ["eventType"] = "teamMemberAdded",
            ["tenant"] = new JsonObject { ["id"] = general.TenantId },
        };
        var activity = Activity("conversationUpdate", EventId(), by, ChannelConversation(general, teamId), channelData, fromName: false);
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = teams.BotId });
        return SendAsync(activity, fault, cancellationToken);
    }

    /// <summary>
    /// The <c>installationUpdate</c> of the app being added to (<paramref name="added"/>) or removed from a team by
    /// <paramref name="by"/>. Removing it makes the fake refuse the bot's writes there, as Teams does.
    /// </summary>
    public Task<TeamsDelivery> InstallationUpdateAsync(TeamsUser by, string teamId, bool added, TokenFault fault = TokenFault.None, CancellationToken cancellationToken = default)
    {
        var general = Team(teamId);
        teams.Know(by);
        teams.SetTeamInstalled(teamId, added);
        var channelData = new JsonObject
        {
            ["settings"] = new JsonObject { ["selectedChannel"] = new JsonObject { ["id"] = teamId } },
            ["channel"] = new JsonObject { ["id"] = teamId },
            ["team"] = TeamJson(general),
            ["tenant"] = new JsonObject { ["id"] = general.TenantId },
            ["source"] = new JsonObject { ["name"] = "message" },
        };
        var activity = Activity("installationUpdate", EventId(), by, ChannelConversation(general, teamId), channelData, fromName: false);
        activity["action"] = added ? "add" : "remove";
        return SendAsync(activity, fault, cancellationToken);
    }

    /// <summary>The <c>installationUpdate</c> of <paramref name="user"/> adding the app for themselves (personal scope) or removing it.</summary>
    public Task<TeamsDelivery> PersonalInstallationUpdateAsync(TeamsUser user, bool added, TokenFault fault = TokenFault.None, CancellationToken cancellationToken = default)
    {
        var chatId = teams.EnsureChat(user);
        teams.SetUserInstalled(user.Id, added);
        var activity = Activity("installationUpdate", EventId(), user, PersonalConversation(user, chatId), PersonalChannelData(user), fromName: false);
        activity["action"] = added ? "add" : "remove";
        return SendAsync(activity, fault, cancellationToken);
    }

    /// <summary>
    /// <paramref name="user"/> clicking the <c>Action.Execute</c> button with <paramref name="verb"/> on the card the bot
    /// posted as <paramref name="cardActivityId"/>: an <c>adaptiveCard/action</c> invoke whose <c>value.action.data</c>
    /// is the button's <c>data</c> (or <paramref name="data"/>, to forge a click) merged with the card's inputs (their
    /// preset values, overridden by <paramref name="inputs"/>, what the person typed or chose),
    /// and whose <c>replyToId</c> is the card's id. The card must exist in the fake, and so must the button unless
    /// <paramref name="data"/> is given.
    /// </summary>
    public Task<TeamsDelivery> ExecuteActionAsync(
        TeamsUser user, string cardActivityId, string verb, JsonObject? data = null, IReadOnlyDictionary<string, string>? inputs = null,
        TokenFault fault = TokenFault.None, CancellationToken cancellationToken = default)
    {
        var card = CardMessage(cardActivityId);
        var button = TeamsMessage.Actions(card.Card).FirstOrDefault(a => a["verb"] is JsonValue v && v.TryGetValue<string>(out var s) && s == verb);
        if (button is null && data is null)
        {
            throw new InvalidOperationException($"Message {cardActivityId} has no Action.Execute with verb '{verb}' (its verbs: {string.Join(", ", card.Verbs)}).");
        }
        var action = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = button?["title"]?.DeepClone(),
            ["verb"] = verb,
            ["data"] = Merge(data ?? button?["data"] as JsonObject, card.Card, inputs),
        };
        var activity = CardActivity("invoke", user, card);
        activity["name"] = "adaptiveCard/action";
        activity["value"] = new JsonObject { ["action"] = action, ["trigger"] = "manual" };
        return SendAsync(activity, fault, cancellationToken);
    }

    /// <summary>
    /// <paramref name="user"/> clicking an <c>Action.Submit</c> (or the Submit fallback of an Execute) on the card
    /// <paramref name="cardActivityId"/>: a message with no text whose <c>value</c> is <paramref name="data"/> merged with the
    /// card's inputs (their preset values, overridden by <paramref name="inputs"/>).
    /// </summary>
    public Task<TeamsDelivery> SubmitActionAsync(
        TeamsUser user, string cardActivityId, JsonObject data, IReadOnlyDictionary<string, string>? inputs = null,
        TokenFault fault = TokenFault.None, CancellationToken cancellationToken = default)
    {
        var card = CardMessage(cardActivityId);
        var activity = CardActivity("message", user, card);
        activity["value"] = Merge(data, card.Card, inputs);
        return SendAsync(activity, fault, cancellationToken);
    }

    /// <summary>Posts any activity to the bot with a token spoiled as <paramref name="fault"/> says, within <see cref="Deadline"/>.</summary>
    public async Task<TeamsDelivery> SendAsync(JsonObject activity, TokenFault fault = TokenFault.None, CancellationToken cancellationToken = default)
    {
        var serviceUrl = activity["serviceUrl"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : teams.ServiceUrl.ToString();
        var token = MintToken(serviceUrl, fault);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(MessagesPath, UriKind.Relative))
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.UserAgent.ParseAdd("Microsoft-SkypeBotApi (Microsoft-BotFramework 3.0)");
        if (fault != TokenFault.MissingAuthorization)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(fault == TokenFault.NonBearerScheme ? "Basic" : "Bearer", token);
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        var elapsed = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, deadline.Token);
            var body = await response.Content.ReadAsStringAsync(deadline.Token);
            var contentType = response.Content.Headers.ContentType?.MediaType;
            return new TeamsDelivery(response.StatusCode, body, contentType, ParseJson(contentType, body), activity, elapsed.Elapsed);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TeamsDelivery(null, "", null, null, activity, elapsed.Elapsed);
        }
    }

    /// <summary>A Bot Framework token for the bot's app id and <paramref name="serviceUrl"/>, spoiled as <paramref name="fault"/> says.</summary>
    public string MintToken(string serviceUrl, TokenFault fault = TokenFault.None)
    {
        var now = _clock.GetUtcNow();
        var (nbf, exp) = fault switch
        {
            TokenFault.Expired => (now.AddMinutes(-70), now.AddMinutes(-10)),
            TokenFault.NotYetValid => (now.AddMinutes(10), now.AddMinutes(70)),
            _ => (now.AddMinutes(-5), now.AddMinutes(60)),
        };
        var payload = new JsonObject
        {
            ["serviceurl"] = fault == TokenFault.ServiceUrlMismatch ? "https://smba.trafficmanager.net/amer/" : serviceUrl,
            ["nbf"] = nbf.ToUnixTimeSeconds(),
            ["exp"] = exp.ToUnixTimeSeconds(),
            ["iss"] = fault == TokenFault.WrongIssuer ? $"https://sts.windows.net/{teams.Options.TenantId}/" : FakeTeams.BotFrameworkIssuer,
            ["aud"] = fault == TokenFault.WrongAudience ? "0d1e7f3a-9c52-4b88-a6f1-5e2c3b9d7a40" : teams.Options.AppId,
        };
        if (fault == TokenFault.ServiceUrlMissing)
        {
            payload.Remove("serviceurl");
        }
        var published = teams.KeyForSigning(fault == TokenFault.UnendorsedKey ? teams.UnendorsedKeyId : SigningKeyId);
        var key = fault is TokenFault.BadSignature or TokenFault.UnknownKeyId ? teams.KeyForSigning(null, impostor: true) : published;
        var keyId = fault == TokenFault.BadSignature ? published.KeyId : key.KeyId;
        var alg = fault switch { TokenFault.AlgNone => "none", TokenFault.Hs256 => "HS256", _ => "RS256" };
        var header = new JsonObject { ["alg"] = alg, ["kid"] = keyId, ["x5t"] = keyId, ["typ"] = "JWT" };
        Func<byte[], byte[]>? sign = fault switch
        {
            TokenFault.AlgNone => null,
            TokenFault.Hs256 => data => HMACSHA256.HashData(key.PublicKeyBytes, data),
            _ => key.Sign,
        };
        return Jwt.Encode(header, payload, sign);
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The fields every activity from Teams carries.</summary>
    private JsonObject Activity(string type, string id, TeamsUser user, JsonObject conversation, JsonObject channelData, bool fromName = true)
    {
        var now = _clock.GetUtcNow();
        var zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var from = new JsonObject { ["id"] = user.Id, ["name"] = user.Name, ["aadObjectId"] = user.AadObjectId };
        if (!fromName)
        {
            from.Remove("name");
        }
        return new JsonObject
        {
            ["type"] = type,
            ["id"] = id,
            ["timestamp"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            ["localTimestamp"] = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture),
            ["localTimezone"] = TimeZone,
            ["serviceUrl"] = teams.ServiceUrl.ToString(),
            ["channelId"] = "msteams",
            ["from"] = from,
            ["conversation"] = conversation,
            ["recipient"] = new JsonObject { ["id"] = teams.BotId, ["name"] = teams.Options.BotName },
            ["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "clientInfo",
                ["locale"] = "en-US",
                ["country"] = "US",
                ["platform"] = "Web",
                ["timezone"] = TimeZone,
            }),
            ["channelData"] = channelData,
            ["locale"] = "en-US",
        };
    }

    /// <summary>A click on a card: where the card lives, <c>replyToId</c> the card, and the <c>source</c>/<c>legacy</c> channelData of clicks.</summary>
    private JsonObject CardActivity(string type, TeamsUser user, TeamsMessage card)
    {
        teams.Know(user);
        JsonObject activity;
        if (card.ChannelId is { } channelId)
        {
            var channel = teams.Channel(channelId)!;
            activity = Activity(type, EventId(), user, ChannelConversation(channel, card.ConversationId), ChannelData(channel));
        }
        else
        {
            activity = Activity(type, EventId(), user, PersonalConversation(user, card.ConversationId), PersonalChannelData(user));
        }
        var channelData = activity["channelData"]!.AsObject();
        channelData["source"] = new JsonObject { ["name"] = "message" };
        channelData["legacy"] = new JsonObject { ["replyToId"] = "1:" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(card.Id)))[..32] };
        activity["replyToId"] = card.Id;
        return activity;
    }

    private TeamsMessage CardMessage(string cardActivityId)
    {
        var card = teams.Activity(cardActivityId) ?? throw new ArgumentException($"No message {cardActivityId} in the fake.", nameof(cardActivityId));
        return card.Deleted ? throw new ArgumentException($"Message {cardActivityId} was deleted; nobody can click it.", nameof(cardActivityId)) : card;
    }

    private TeamsChannel Team(string teamId) =>
        teams.Channel(teamId) is { IsGeneral: true } general ? general : throw new ArgumentException($"No team {teamId} in the fake tenant; AddChannel it first.", nameof(teamId));

    private static JsonObject ChannelConversation(TeamsChannel channel, string conversationId) => new()
    {
        ["isGroup"] = true,
        ["conversationType"] = "channel",
        ["tenantId"] = channel.TenantId,
        ["id"] = conversationId,
    };

    private static JsonObject ChannelData(TeamsChannel channel) => new()
    {
        ["teamsChannelId"] = channel.ChannelId,
        ["teamsTeamId"] = channel.TeamId,
        ["channel"] = new JsonObject { ["id"] = channel.ChannelId },
        ["team"] = new JsonObject { ["id"] = channel.TeamId },
        ["tenant"] = new JsonObject { ["id"] = channel.TenantId },
    };

    private JsonObject PersonalConversation(TeamsUser user, string conversationId) => new()
    {
        ["conversationType"] = "personal",
        ["tenantId"] = user.TenantId ?? teams.Options.TenantId,
        ["id"] = conversationId,
    };

    private JsonObject PersonalChannelData(TeamsUser user) => new() { ["tenant"] = new JsonObject { ["id"] = user.TenantId ?? teams.Options.TenantId } };

    private static JsonObject TeamJson(TeamsChannel general)
    {
        var team = new JsonObject { ["id"] = general.TeamId };
        if (general.Name is not null)
        {
            team["name"] = general.Name;
        }
        return team;
    }

    /// <summary>
    /// What a click sends, as Teams builds it: the action's data, then the value of every input on the card under its id
    /// (its preset <c>value</c>, or "" when it has none), then what the person typed or chose (<paramref name="inputs"/>).
    /// </summary>
    private static JsonObject Merge(JsonObject? data, JsonObject? card, IReadOnlyDictionary<string, string>? inputs)
    {
        var merged = data?.DeepClone() as JsonObject ?? [];
        foreach (var input in ActivityRules.Descendants(card?["body"]))
        {
            if (input["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type.StartsWith("Input.", StringComparison.Ordinal)
                && input["id"] is JsonValue i && i.TryGetValue<string>(out var id))
            {
                merged[id] = input["value"] is JsonValue v && v.TryGetValue<string>(out var preset) ? preset : "";
            }
        }
        foreach (var (id, value) in inputs ?? new Dictionary<string, string>())
        {
            merged[id] = value;
        }
        return merged;
    }

    /// <summary>Teams' ids of events and invokes: <c>f:</c> and a GUID.</summary>
    private static string EventId() => "f:" + Guid.NewGuid();

    private static JsonNode? ParseJson(string? contentType, string body)
    {
        if (body.Length == 0 || contentType?.EndsWith("json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
