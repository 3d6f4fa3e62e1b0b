using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bot.MsTeams.Fake;

/// <summary>
/// The Bot Connector v3 routes a bot uses (protocols B3; botbuilder <c>Conversations.cs</c>, <c>TeamsOperations.cs</c>),
/// with the status codes and error codes of msteams-docs "Status codes from bot conversational APIs".
/// </summary>
public sealed partial class FakeTeams
{
    /// <summary>Teams' limit on one message: about 28 KB, measured here on the request body.</summary>
    public const int MaxMessageBytes = 28 * 1024;

    private void MapConnector(WebApplication app)
    {
        var connector = app.MapGroup("/" + _options.ServiceUrlPath.Trim('/'));
        connector.MapPost("/v3/conversations", context => HandleConnectorAsync(context, TeamsOperation.CreateConversation));
        connector.MapPost("/v3/conversations/{conversationId}/activities", context => HandleConnectorAsync(context, TeamsOperation.SendToConversation));
        connector.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", context => HandleConnectorAsync(context, TeamsOperation.ReplyToActivity));
        connector.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", context => HandleConnectorAsync(context, TeamsOperation.UpdateActivity));
        connector.MapDelete("/v3/conversations/{conversationId}/activities/{activityId}", context => HandleConnectorAsync(context, TeamsOperation.DeleteActivity));
        connector.MapGet("/v3/conversations/{conversationId}/members/{userId}", context => HandleConnectorAsync(context, TeamsOperation.GetMember));
        connector.MapGet("/v3/teams/{teamId}/conversations", context => HandleConnectorAsync(context, TeamsOperation.GetTeamChannels));
    }

    private async Task HandleConnectorAsync(HttpContext context, TeamsOperation operation)
    {
        var at = Now;
        var request = context.Request;
        // Routing has percent-decoded the ids (%3A %40 %3B …); the raw target stays in the request log.
        var conversationId = request.RouteValues["conversationId"] as string ?? request.RouteValues["teamId"] as string;
        var activityId = request.RouteValues["activityId"] as string;
        var body = await ReadBodyAsync(request, context.RequestAborted);
        Reply reply;
        if (AccessTokenProblem(request.Headers.Authorization.ToString(), at) is { } problem)
        {
            // What the Connector's ASP.NET front answers any unauthenticated call.
            reply = new Reply(401, new JsonObject { ["message"] = "Authorization has been denied for this request." }, "Unauthorized: " + problem);
        }
        else
        {
            lock (_gate)
            {
                reply = Injected(TakeFailure(operation)) ?? operation switch
                {
                    TeamsOperation.CreateConversation => CreateConversation(request, body, at),
                    TeamsOperation.SendToConversation => Send(request, conversationId!, null, body, at),
                    TeamsOperation.ReplyToActivity => Send(request, conversationId!, activityId, body, at),
                    TeamsOperation.UpdateActivity => Update(request, conversationId!, activityId!, body, at),
                    TeamsOperation.DeleteActivity => Delete(conversationId!, activityId!),
                    TeamsOperation.GetMember => GetMember(conversationId!, request.RouteValues["userId"] as string ?? "", at),
                    TeamsOperation.GetTeamChannels => GetTeamChannels(conversationId!, at),
                    _ => Reply.ConnectorError(404, "NotFound", "Unknown operation."),
                };
            }
        }
        Record(context, operation, body, reply, at, conversationId, activityId);
        await WriteAsync(context, reply);
    }

    /// <summary><c>POST v3/conversations</c>: a new post in a channel (<c>channelData.channel.id</c>) or the personal chat with one member.</summary>
    private Reply CreateConversation(HttpRequest request, string body, DateTimeOffset at)
    {
        var (parameters, error) = ParseBody(request, body);
        if (parameters is null)
        {
            return error!;
        }
        var tenantId = Str(parameters, "tenantId") ?? Str(parameters, "channelData", "tenant", "id");
        if (Str(parameters, "channelData", "channel", "id") is { } channelId)
        {
            if (!_channels.TryGetValue(channelId, out var channel) || (tenantId is not null && tenantId != channel.TenantId))
            {
                return ConversationNotFound();
            }
            if (!channel.Installed)
            {
                return MessageWritesBlocked();
            }
            if (parameters["activity"] is not JsonObject activity)
            {
                return BadArgument("A new channel conversation needs its first activity.");
            }
            if (MessageProblem(activity, body, update: false) is { } problem)
            {
                return problem;
            }
            if (Throttle("create", channel.ChannelId, ThreadRateLimiter.Writes, at) is { } throttled)
            {
                return throttled;
            }
            var root = Store(activity, channel, null, null, at);
            return Reply.Json(201, new JsonObject { ["id"] = root.ConversationId, ["activityId"] = root.Id });
        }
        if (parameters["isGroup"] is JsonValue isGroup && isGroup.TryGetValue<bool>(out var group) && group)
        {
            return BadArgument("A bot can create a channel post or a personal chat, not a group chat.");
        }
        if (parameters["members"] is not JsonArray { Count: 1 } members || Str(members[0], "id") is not { } memberId)
        {
            return BadArgument("A personal conversation needs exactly one member.");
        }
        if (tenantId is null)
        {
            return BadArgument("A personal conversation needs the tenant id.");
        }
        if (Str(parameters, "bot", "id") is { } botId && botId != BotId)
        {
            return BadArgument($"The bot is {BotId}, not {botId}.");
        }
        var user = FindUser(memberId);
        if (user is null || user.TenantId != tenantId)
        {
            return Reply.ConnectorError(404, "NotFound", "User not found in the tenant.");
        }
        if (!user.Installed)
        {
            return Reply.ConnectorError(403, "ForbiddenOperationException", "Bot isn't installed in user's personal scope");
        }
        var first = parameters["activity"] as JsonObject;
        if (first is not null && MessageProblem(first, body, update: false) is { } firstProblem)
        {
            return firstProblem;
        }
        user.ChatId ??= ChatIdFor(user.User.Id);
        if (Throttle("create", user.ChatId, ThreadRateLimiter.Writes, at) is { } chatThrottled)
        {
            return chatThrottled;
        }
        var answer = new JsonObject { ["id"] = user.ChatId };
        if (first is not null)
        {
            answer["activityId"] = Store(first, null, user, null, at).Id;
        }
        return Reply.Json(201, answer);
    }

    /// <summary><c>POST …/activities</c> and <c>POST …/activities/{id}</c>: a new post, or a reply in a thread.</summary>
    private Reply Send(HttpRequest request, string conversationId, string? replyToId, string body, DateTimeOffset at)
    {
        if (Resolve(conversationId) is not { } target)
        {
            return ConversationNotFound();
        }
        if (!target.Writable)
        {
            return MessageWritesBlocked();
        }
        var (activity, error) = ParseBody(request, body);
        if (activity is null)
        {
            return error!;
        }
        var root = target.Root;
        if (replyToId is not null)
        {
            if (!_activities.TryGetValue(replyToId, out var repliedTo) || repliedTo.Deleted || !target.Holds(repliedTo))
            {
                return ActivityNotFound();
            }
            // In a channel, a reply to any message of a thread goes into that thread.
            root = target.Channel is null ? null : target.Channel.Roots.First(r => r.Id == repliedTo.RootId);
        }
        if (MessageProblem(activity, body, update: false) is { } problem)
        {
            return problem;
        }
        if (Throttle("send", target.ThreadKey, ThreadRateLimiter.Writes, at) is { } throttled)
        {
            return throttled;
        }
        if (Str(activity, "type") == "typing")
        {
            return Reply.Json(201, new JsonObject());
        }
        var stored = Store(activity, target.Channel, target.User, root, at, replyToId);
        return Reply.Json(201, new JsonObject { ["id"] = stored.Id });
    }

    /// <summary><c>PUT …/activities/{id}</c>: replaces one of the bot's own messages.</summary>
    private Reply Update(HttpRequest request, string conversationId, string activityId, string body, DateTimeOffset at)
    {
        if (Resolve(conversationId) is not { } target)
        {
            return ConversationNotFound();
        }
        if (!target.Writable)
        {
            return MessageWritesBlocked();
        }
        if (!_activities.TryGetValue(activityId, out var stored) || stored.Deleted || !target.Holds(stored))
        {
            return ActivityNotFound();
        }
        if (!stored.FromBot)
        {
            return Reply.ConnectorError(403, "NotEnoughPermissions", "A bot can update only its own messages.");
        }
        var (activity, error) = ParseBody(request, body);
        if (activity is null)
        {
            return error!;
        }
        if (MessageProblem(activity, body, update: true) is { } problem)
        {
            return problem;
        }
        stored.Edit(Normalise(activity, stored.Id, stored.ConversationId, stored.Activity["replyToId"]?.GetValue<string>(), at), at);
        return Reply.Json(200, new JsonObject { ["id"] = stored.Id });
    }

    /// <summary><c>DELETE …/activities/{id}</c>: removes one of the bot's own messages.</summary>
    private Reply Delete(string conversationId, string activityId)
    {
        if (Resolve(conversationId) is not { } target)
        {
            return ConversationNotFound();
        }
        if (!target.Writable)
        {
            return MessageWritesBlocked();
        }
        if (!_activities.TryGetValue(activityId, out var stored) || stored.Deleted || !target.Holds(stored))
        {
            return ActivityNotFound();
        }
        if (!stored.FromBot)
        {
            return Reply.ConnectorError(403, "NotEnoughPermissions", "A bot can delete only its own messages.");
        }
        stored.Deleted = true;
        return new Reply(200, null);
    }

    /// <summary>
    /// <c>GET v3/conversations/{id}/members/{userId}</c>: a TeamsChannelAccount, by <c>29:</c> id or Entra object id.
    /// Every person of a channel's tenant counts as a member of its team; a personal chat has its one person.
    /// </summary>
    private Reply GetMember(string conversationId, string userId, DateTimeOffset at)
    {
        if (Resolve(conversationId) is not { } target)
        {
            return ConversationNotFound();
        }
        if (target.Channel is { Installed: false })
        {
            return BotNotInRoster();
        }
        var user = FindUser(userId);
        var member = target.Channel is { } channel ? user?.TenantId == channel.TenantId : user == target.User;
        if (user is null || !member)
        {
            return Reply.ConnectorError(404, "MemberNotFoundInConversation", "The member was not found in the conversation.");
        }
        if (Throttle("read", target.ThreadKey, ThreadRateLimiter.Reads, at) is { } throttled)
        {
            return throttled;
        }
        return Reply.Json(200, new JsonObject
        {
            ["id"] = user.User.Id,
            ["name"] = user.User.Name,
            ["aadObjectId"] = user.User.AadObjectId,
            ["email"] = user.User.Email,
            ["userPrincipalName"] = user.User.Email,
            ["tenantId"] = user.TenantId,
            ["userRole"] = "user",
        });
    }

    /// <summary><c>GET v3/teams/{teamId}/conversations</c>: the team's channels; the General channel's id is the team's.</summary>
    private Reply GetTeamChannels(string teamId, DateTimeOffset at)
    {
        if (!_channels.TryGetValue(teamId, out var general) || general.TeamId != teamId)
        {
            return ConversationNotFound();
        }
        if (!general.Installed)
        {
            return BotNotInRoster();
        }
        if (Throttle("read", teamId, ThreadRateLimiter.Reads, at) is { } throttled)
        {
            return throttled;
        }
        var channels = _channels.Values.Where(c => c.TeamId == teamId).Select(c => (JsonNode)new JsonObject { ["id"] = c.ChannelId, ["name"] = c.Name });
        return Reply.Json(200, new JsonObject { ["conversations"] = new JsonArray([.. channels]) });
    }

    /// <summary>Where a conversation id points: a channel (<c>19:…</c>), a thread in one (<c>;messageid=</c>), or a personal chat (<c>a:…</c>).</summary>
    private Target? Resolve(string conversationId)
    {
        var marker = conversationId.IndexOf(";messageid=", StringComparison.Ordinal);
        var baseId = marker < 0 ? conversationId : conversationId[..marker];
        if (_channels.TryGetValue(baseId, out var channel))
        {
            if (marker < 0)
            {
                return new Target(channel, null, null);
            }
            var rootId = conversationId[(marker + ";messageid=".Length)..];
            return channel.Roots.FirstOrDefault(r => r.Id == rootId) is { } root ? new Target(channel, root, null) : null;
        }
        return marker < 0 && _users.Values.FirstOrDefault(u => u.ChatId == conversationId) is { } user ? new Target(null, null, user) : null;
    }

    private UserState? FindUser(string idOrObjectId) =>
        _users.GetValueOrDefault(idOrObjectId) ?? _users.Values.FirstOrDefault(u => string.Equals(u.User.AadObjectId, idOrObjectId, StringComparison.OrdinalIgnoreCase));

    private StoredActivity Store(JsonObject activity, ChannelState? channel, UserState? user, StoredActivity? root, DateTimeOffset at, string? replyToId = null)
    {
        var id = NextActivityId();
        var conversationId = channel is not null ? $"{channel.ChannelId};messageid={root?.Id ?? id}" : user!.ChatId!;
        var stored = new StoredActivity(id, conversationId, channel?.ChannelId, channel is null ? null : root?.Id ?? id, replyToId, BotId, _options.BotName, fromBot: true,
            Normalise(activity, id, conversationId, replyToId, at), at);
        if (channel is null)
        {
            user!.Messages.Add(stored);
        }
        else
        {
            (root?.Replies ?? channel.Roots).Add(stored);
        }
        _activities[id] = stored;
        return stored;
    }

    /// <summary>The activity as Teams keeps it: the bot's JSON with Teams' id, the bot as sender, and where it lives.</summary>
    private JsonObject Normalise(JsonObject activity, string id, string conversationId, string? replyToId, DateTimeOffset at)
    {
        var copy = (JsonObject)activity.DeepClone();
        copy["id"] = id;
        copy["from"] = new JsonObject { ["id"] = BotId, ["name"] = _options.BotName };
        copy["conversation"] = new JsonObject { ["id"] = conversationId };
        copy["timestamp"] = at.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        if (replyToId is not null)
        {
            copy["replyToId"] = replyToId;
        }
        return copy;
    }

    private static Reply? MessageProblem(JsonObject activity, string body, bool update)
    {
        if (Encoding.UTF8.GetByteCount(body) > MaxMessageBytes)
        {
            return Reply.ConnectorError(413, "MessageSizeTooBig", "Message size too large.");
        }
        return ActivityRules.Problem(activity, update) is { } problem ? BadArgument(problem) : null;
    }

    private static (JsonObject? Json, Reply? Error) ParseBody(HttpRequest request, string body)
    {
        if (!request.HasJsonContentType())
        {
            return (null, Reply.ConnectorError(415, "UnsupportedMediaType", $"Content-Type {request.ContentType} is not application/json."));
        }
        try
        {
            return JsonNode.Parse(body) is JsonObject json ? (json, null) : (null, BadArgument("The body must be a JSON object."));
        }
        catch (JsonException e)
        {
            return (null, BadArgument("The body is not valid JSON: " + e.Message));
        }
    }

    private Reply? Throttle(string operation, string thread, (int Limit, TimeSpan Window)[] limits, DateTimeOffset at)
    {
        if (!_options.EnforceRateLimits || _limiter.TryTake(operation, thread, limits, at) is not { } wait)
        {
            return null;
        }
        return Reply.ConnectorError(429, "Throttled", "Too many requests.", _options.RetryAfterOnRateLimit ? wait : null);
    }

    private static Reply BadArgument(string message) => Reply.ConnectorError(400, "BadArgument", message);

    private static Reply ConversationNotFound() => Reply.ConnectorError(404, "ConversationNotFound", "Conversation not found.");

    private static Reply ActivityNotFound() => Reply.ConnectorError(404, "ActivityNotFoundInConversation", "Conversation not found.");

    private static Reply BotNotInRoster() => Reply.ConnectorError(403, "BotNotInConversationRoster", "The bot isn't part of the conversation roster.");

    /// <summary>The 403 of a bot that is blocked or uninstalled, exactly as msteams-docs send-proactive-messages.md shows it (a JSON string in <c>message</c>).</summary>
    private static Reply MessageWritesBlocked() => new(403, new JsonObject
    {
        ["errorCode"] = 209,
        ["message"] = "{\r\n  \"subCode\": \"MessageWritesBlocked\",\r\n  \"details\": \"Thread is blocked from message writes.\",\r\n  \"errorCode\": null,\r\n  \"errorSubCode\": null\r\n}",
    }, "MessageWritesBlocked");

    /// <summary>A resolved conversation: a channel (and a thread's root), or a personal chat.</summary>
    private sealed record Target(ChannelState? Channel, StoredActivity? Root, UserState? User)
    {
        /// <summary>Teams' rate-limit "thread": the channel, or the chat.</summary>
        public string ThreadKey => Channel?.ChannelId ?? User!.ChatId!;

        public bool Writable => Channel?.Installed ?? User!.Installed;

        public bool Holds(StoredActivity activity) => Channel is not null ? activity.ChannelId == Channel.ChannelId : activity.ConversationId == User!.ChatId;
    }
}
