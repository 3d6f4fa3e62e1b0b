using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Slack.Fake;

/// <summary>
/// Slack's Web API (https://api.slack.com/web) on a loopback port, strict the way Slack is: it checks the bearer token,
/// the required arguments, the message and Block Kit limits and the channel, keeps channels, direct messages (one
/// <c>D…</c> per person, as <c>conversations.open</c> answers) and messages, limits
/// <c>chat.postMessage</c> per channel with 429 and <c>Retry-After</c>, and can fail on demand. It also receives the
/// <c>response_url</c> posts of commands and clicks (<c>POST /hooks/{kind}/{id}</c>), and opens modals
/// (<c>views.open</c>) only with a trigger id it handed out (<see cref="IssueTriggerId"/>) within 3 s, once. Every request is recorded.
/// </summary>
public sealed class FakeSlack : IAsyncDisposable
{
    private const int MaxTextLength = 40_000;
    private const int ResponseUrlUses = 5;
    private const int MaxViewTitleLength = 24;
    private const int MaxCallbackIdLength = 255;
    private const int MaxPrivateMetadataLength = 3000;
    private static readonly TimeSpan ResponseUrlLifetime = TimeSpan.FromMinutes(30);

    private readonly WebApplication _app;
    private readonly FakeSlackOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ChannelState> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FakeSlackUser> _users = new(StringComparer.Ordinal);
    private readonly List<SlackEphemeral> _ephemerals = [];
    private readonly List<SlackApiCall> _calls = [];
    private readonly List<SlackRateLimit> _rateLimits = [];
    private readonly List<SlackResponseUrlPost> _responseUrlPosts = [];
    private readonly Dictionary<string, Queue<FakeSlackFailure>> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ResponseUrlTarget> _responseUrls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _directMessages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IssuedTrigger> _triggers = new(StringComparer.Ordinal);
    private readonly List<SlackView> _views = [];
    private readonly ChannelRateLimiter _limiter;
    private long _lastTsSeconds;
    private long _tsSequence;
    private int _nextId;
    private int _nextConversation;
    private int _nextTrigger;
    private int _nextView;

    private FakeSlack(WebApplication app, FakeSlackOptions options)
    {
        _app = app;
        _options = options;
        _limiter = new ChannelRateLimiter(options.MessagesPerSecondPerChannel, options.BurstPerChannel);
        foreach (var user in options.Users)
        {
            _users[user.Id] = user;
        }
        foreach (var channel in options.Channels)
        {
            _channels[channel.Id] = new ChannelState(channel);
        }
        app.MapMethods("/api/{method}", ["GET", "POST"], HandleApiAsync);
        app.MapPost("/hooks/{kind}/{id}", HandleResponseUrlAsync);
    }

    /// <summary>Where the bot's <c>Slack:ApiBaseUrl</c> points: <c>http://127.0.0.1:port/api/</c>.</summary>
    public Uri ApiBaseUrl { get; private set; } = null!;

    /// <summary>The root of the fake, where <c>response_url</c>s live.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The bot token the fake accepts.</summary>
    public string BotToken => _options.BotToken;

    public FakeSlackOptions Options => _options;

    /// <summary>Every Web API call received, in order.</summary>
    public IReadOnlyList<SlackApiCall> Calls => Snapshot(_calls);

    /// <summary>Every 429 answered, in order.</summary>
    public IReadOnlyList<SlackRateLimit> RateLimits => Snapshot(_rateLimits);

    /// <summary>How long a trigger id opens a view: Slack's 3 seconds.</summary>
    public static TimeSpan TriggerLifetime { get; } = TimeSpan.FromSeconds(3);

    /// <summary>Every modal opened, in order.</summary>
    public IReadOnlyList<SlackView> Views => Snapshot(_views);

    /// <summary>Every post to a <c>response_url</c>, in order.</summary>
    public IReadOnlyList<SlackResponseUrlPost> ResponseUrlPosts => Snapshot(_responseUrlPosts);

    public static async Task<FakeSlack> StartAsync(FakeSlackOptions? options = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var slack = new FakeSlack(builder.Build(), options ?? new FakeSlackOptions());
        await slack._app.StartAsync();
        var address = slack._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        slack.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        slack.ApiBaseUrl = new Uri(slack.BaseAddress, "api/");
        return slack;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    /// <summary>The channel's top-level messages, oldest first, each with its thread.</summary>
    public IReadOnlyList<SlackMessage> Messages(string channel)
    {
        lock (_gate)
        {
            return _channels.TryGetValue(channel, out var state) ? [.. state.Messages.Where(m => !m.Deleted).Select(m => m.Snapshot())] : [];
        }
    }

    /// <summary>The ephemeral messages one user was shown in one channel, oldest first.</summary>
    public IReadOnlyList<SlackEphemeral> Ephemerals(string channel, string user)
    {
        lock (_gate)
        {
            return [.. _ephemerals.Where(e => e.Channel == channel && e.User == user)];
        }
    }

    /// <summary>The <c>D…</c> id of the bot's direct messages with <paramref name="user"/>, once <c>conversations.open</c> opened them.</summary>
    public string? DirectMessageChannel(string user)
    {
        lock (_gate)
        {
            return _directMessages.GetValueOrDefault(user);
        }
    }

    /// <summary>The Web API calls of one method, in order.</summary>
    public IReadOnlyList<SlackApiCall> CallsOf(string method)
    {
        lock (_gate)
        {
            return [.. _calls.Where(c => c.Method == method)];
        }
    }

    /// <summary>The bodies posted to one <c>response_url</c>, in order.</summary>
    public IReadOnlyList<SlackResponseUrlPost> ResponsesTo(Uri responseUrl)
    {
        lock (_gate)
        {
            return [.. _responseUrlPosts.Where(p => p.ResponseUrl == responseUrl)];
        }
    }

    /// <summary>The next <paramref name="count"/> calls of <paramref name="method"/> (after the token check) answer <paramref name="failure"/>.</summary>
    public void FailNext(string method, int count, FakeSlackFailure failure)
    {
        lock (_gate)
        {
            if (!_failures.TryGetValue(method, out var queue))
            {
                _failures[method] = queue = new Queue<FakeSlackFailure>();
            }
            for (var i = 0; i < count; i++)
            {
                queue.Enqueue(failure);
            }
        }
    }

    /// <summary>
    /// A message a person wrote in <paramref name="channel"/> (in the thread of <paramref name="threadTs"/> when given), as
    /// the driver's mentions do before Slack sends the event: the bot can then reply in its thread. Returns its ts.
    /// </summary>
    public string AddUserMessage(string channel, string user, string text, string? threadTs = null)
    {
        lock (_gate)
        {
            var state = _channels.TryGetValue(channel, out var found) ? found : throw new ArgumentException($"No channel {channel} in the fake workspace.", nameof(channel));
            var parent = threadTs is null ? null : state.Find(threadTs) ?? throw new ArgumentException($"No message {threadTs} in {channel}.", nameof(threadTs));
            var message = new StoredMessage(channel, NextTs(), text, null, user, null, parent?.Ts);
            (parent?.Replies ?? state.Messages).Add(message);
            return message.Ts;
        }
    }

    /// <summary>
    /// A trigger id as Slack sends one with a command or interaction by <paramref name="user"/>: <c>views.open</c> takes it
    /// for <see cref="TriggerLifetime"/> after now (the fake's clock), once.
    /// </summary>
    public string IssueTriggerId(string user)
    {
        lock (_gate)
        {
            var now = _options.TimeProvider.GetUtcNow();
            var id = string.Create(CultureInfo.InvariantCulture, $"{++_nextTrigger}{now.ToUnixTimeMilliseconds()}.{_options.TeamId[1..]}.{Guid.NewGuid():N}");
            _triggers[id] = new IssuedTrigger(user, now);
            return id;
        }
    }

    /// <summary>The modal <paramref name="viewId"/>, or null when the bot opened none by that id.</summary>
    public SlackView? View(string viewId)
    {
        lock (_gate)
        {
            return _views.FirstOrDefault(v => v.Id == viewId);
        }
    }

    /// <summary>
    /// A <c>response_url</c> as Slack hands one out with a command (<c>kind</c> "commands") or a click ("actions"): posting
    /// to it answers the user in <paramref name="channel"/>; a click's may also replace or delete the message it came from.
    /// </summary>
    public Uri CreateResponseUrl(string kind, string channel, string user, string? messageTs = null)
    {
        lock (_gate)
        {
            var id = $"{_options.TeamId}/{++_nextId:D10}/{Guid.NewGuid():N}";
            var url = new Uri(BaseAddress, $"hooks/{kind}/{id.Replace('/', '-')}");
            _responseUrls[url.AbsolutePath] = new ResponseUrlTarget(channel, user, messageTs, _options.TimeProvider.GetUtcNow());
            return url;
        }
    }

    private async Task<IResult> HandleApiAsync(string method, HttpContext context)
    {
        var request = context.Request;
        var at = _options.TimeProvider.GetUtcNow();
        var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted);
        var (arguments, parseError, warning) = ParseArguments(request, body);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var reply = parseError is null ? Dispatch(method, request, arguments, at) : Reply.Error(parseError);
        if (warning is not null && reply.Body["ok"]?.GetValue<bool>() == true)
        {
            reply.Body["warning"] = warning;
            reply.Body["response_metadata"] = new JsonObject { ["warnings"] = new JsonArray(warning) };
        }
        lock (_gate)
        {
            _calls.Add(new SlackApiCall(method, request.Method, request.ContentType, headers, body, arguments, (int)reply.Status,
                reply.Body["ok"]?.GetValue<bool>() == false ? reply.Body["error"]?.GetValue<string>() : null, at));
        }
        if (reply.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }
        return reply.Status == HttpStatusCode.InternalServerError
            ? Results.StatusCode(500)
            : Results.Text(reply.Body.ToJsonString(), "application/json; charset=utf-8", Encoding.UTF8, (int)reply.Status);
    }

    private Reply Dispatch(string method, HttpRequest request, JsonObject arguments, DateTimeOffset at)
    {
        var token = request.Headers.Authorization.ToString() is { Length: > 0 } header
            ? (header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : "")
            : request.HasJsonContentType() ? null : Str(arguments, "token");
        if (token is null)
        {
            return Reply.Error("not_authed");
        }
        if (token != _options.BotToken)
        {
            return Reply.Error("invalid_auth");
        }
        lock (_gate)
        {
            if (_failures.TryGetValue(method, out var queue) && queue.TryDequeue(out var failure))
            {
                if (failure.RetryAfterSeconds is { } seconds)
                {
                    _rateLimits.Add(new SlackRateLimit(method, Str(arguments, "channel"), seconds, at, Injected: true));
                }
                return new Reply(failure.Status, new JsonObject { ["ok"] = false, ["error"] = failure.Error ?? "internal_error" }, failure.RetryAfterSeconds);
            }
            return method switch
            {
                "auth.test" => AuthTest(),
                "chat.postMessage" => PostMessage(arguments, at),
                "chat.update" => Update(arguments),
                "chat.postEphemeral" => PostEphemeral(arguments),
                "conversations.open" => OpenConversation(arguments),
                "users.info" => UserInfo(arguments),
                "users.lookupByEmail" => LookupByEmail(arguments),
                "views.open" => OpenView(arguments, at),
                _ => Reply.Error("unknown_method"),
            };
        }
    }

    private Reply AuthTest() => Reply.Ok(new JsonObject
    {
        ["url"] = $"https://{_options.TeamDomain}.slack.com/",
        ["team"] = _options.TeamDomain,
        ["user"] = "slo-bot",
        ["team_id"] = _options.TeamId,
        ["user_id"] = _options.BotUserId,
        ["bot_id"] = _options.BotId,
        ["is_enterprise_install"] = false,
    });

    private Reply PostMessage(JsonObject arguments, DateTimeOffset at)
    {
        if (ResolveChannel(Str(arguments, "channel"), forPosting: true) is not { } channel)
        {
            return Reply.Error("channel_not_found");
        }
        if (channel.RefusalOfPost(_options.ChatWritePublic) is { } refusal)
        {
            return Reply.Error(refusal);
        }
        if (ContentProblem(arguments) is { } problem)
        {
            return problem;
        }
        StoredMessage? parent = null;
        if (Str(arguments, "thread_ts") is { Length: > 0 } threadTs)
        {
            // Slack files a reply under the thread's root; the fake refuses an unknown one so a wrong ts cannot pass unnoticed.
            parent = channel.Find(threadTs);
            if (parent is null)
            {
                return Reply.Error("thread_not_found");
            }
            parent = parent.ThreadTs is { } root ? channel.Find(root) : parent;
        }
        // Only a post that would go through uses the channel's allowance, so a refused one cannot starve the next.
        if (_limiter.TryTake(channel.Spec.Id, at) is { } retryAfter)
        {
            _rateLimits.Add(new SlackRateLimit("chat.postMessage", channel.Spec.Id, retryAfter, at, Injected: false));
            return new Reply(HttpStatusCode.TooManyRequests, new JsonObject { ["ok"] = false, ["error"] = "ratelimited" }, retryAfter);
        }
        var message = new StoredMessage(channel.Spec.Id, NextTs(), Str(arguments, "text"), Blocks(arguments), null, _options.BotId, parent?.Ts);
        if (parent is null)
        {
            channel.Messages.Add(message);
        }
        else
        {
            parent.Replies.Add(message);
        }
        return Reply.Ok(new JsonObject { ["channel"] = channel.Spec.Id, ["ts"] = message.Ts, ["message"] = message.ToJson(_options.BotUserId) });
    }

    private Reply Update(JsonObject arguments)
    {
        var channelId = Str(arguments, "channel");
        if (channelId is null || !_channels.TryGetValue(channelId, out var channel))
        {
            return Reply.Error("channel_not_found");
        }
        if (Str(arguments, "ts") is not { } ts || channel.Find(ts) is not { Deleted: false } message)
        {
            return Reply.Error("message_not_found");
        }
        if (message.BotId != _options.BotId)
        {
            return Reply.Error("cant_update_message");
        }
        if (ContentProblem(arguments) is { } problem)
        {
            return problem;
        }
        message.Edit(Str(arguments, "text"), Blocks(arguments));
        return Reply.Ok(new JsonObject
        {
            ["channel"] = channel.Spec.Id,
            ["ts"] = message.Ts,
            ["text"] = message.Text,
            ["message"] = message.ToJson(_options.BotUserId),
        });
    }

    private Reply PostEphemeral(JsonObject arguments)
    {
        if (ResolveChannel(Str(arguments, "channel"), forPosting: true) is not { } channel)
        {
            return Reply.Error("channel_not_found");
        }
        if (channel.RefusalOfPost(_options.ChatWritePublic) is { } refusal)
        {
            return Reply.Error(refusal);
        }
        if (Str(arguments, "user") is not { } user || !_users.ContainsKey(user))
        {
            return Reply.Error("user_not_found");
        }
        if (!channel.HasMember(user, _users.Keys))
        {
            return Reply.Error("user_not_in_channel");
        }
        if (ContentProblem(arguments) is { } problem)
        {
            return problem;
        }
        var ts = NextTs();
        _ephemerals.Add(new SlackEphemeral(channel.Spec.Id, user, ts, Str(arguments, "text"), Blocks(arguments), Str(arguments, "thread_ts"), "chat.postEphemeral"));
        return Reply.Ok(new JsonObject { ["message_ts"] = ts });
    }

    /// <summary>
    /// Opens or finds the bot's direct message with one person (<c>D…</c>) or a group of up to 8 (<c>G…</c>): the same
    /// people always get the same conversation, as on Slack, whose id the bot can post into, edit in and reply in.
    /// </summary>
    private Reply OpenConversation(JsonObject arguments)
    {
        if (Str(arguments, "channel") is { } existing)
        {
            return _channels.ContainsKey(existing) ? Reply.Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = existing } }) : Reply.Error("channel_not_found");
        }
        var users = (Str(arguments, "users") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (users.Length == 0)
        {
            return Reply.Error("users_list_not_supplied");
        }
        if (users.Length > 8)
        {
            return Reply.Error("too_many_users");
        }
        if (users.Any(u => u == _options.BotUserId || (_users.TryGetValue(u, out var user) && user.IsBot)))
        {
            return Reply.Error("cannot_dm_bot");
        }
        if (users.Any(u => !_users.ContainsKey(u)))
        {
            return Reply.Error("user_not_found");
        }
        if (users.Any(u => _users[u].Deleted))
        {
            return Reply.Error("user_disabled");
        }
        var key = string.Join(',', users.Order(StringComparer.Ordinal));
        var alreadyOpen = _directMessages.TryGetValue(key, out var id);
        if (!alreadyOpen)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"{(users.Length == 1 ? 'D' : 'G')}{++_nextConversation:D9}");
            _directMessages[key] = id;
            _channels[id] = new ChannelState(new FakeSlackChannel(id, id, IsPrivate: true, BotIsMember: true, Members: users));
        }
        return Reply.Ok(new JsonObject
        {
            ["no_op"] = alreadyOpen,
            ["already_open"] = alreadyOpen,
            ["channel"] = new JsonObject { ["id"] = id },
        });
    }

    /// <summary>
    /// <c>views.open</c>: a modal valid as Slack checks it (<c>invalid_arguments</c> naming the problems otherwise), with a
    /// trigger id this fake handed out (<c>invalid_trigger_id</c>), at most 3 s old (<c>expired_trigger_id</c>) and not
    /// used before (<c>exchanged_trigger_id</c>).
    /// </summary>
    private Reply OpenView(JsonObject arguments, DateTimeOffset at)
    {
        var view = arguments["view"] switch
        {
            JsonObject o => o,
            JsonValue v when v.TryGetValue<string>(out var raw) => ParseObject(raw),
            _ => null,
        };
        if (view is null)
        {
            return Reply.Error("invalid_arguments");
        }
        if (ViewProblems(view) is { Count: > 0 } problems)
        {
            var error = Reply.Error("invalid_arguments");
            error.Body["response_metadata"] = new JsonObject { ["messages"] = new JsonArray([.. problems.Select(p => (JsonNode)p)]) };
            return error;
        }
        if (Str(arguments, "trigger_id") is not { Length: > 0 } triggerId || !_triggers.TryGetValue(triggerId, out var trigger))
        {
            return Reply.Error("invalid_trigger_id");
        }
        if (at - trigger.IssuedAt > TriggerLifetime)
        {
            return Reply.Error("expired_trigger_id");
        }
        if (trigger.Exchanged)
        {
            return Reply.Error("exchanged_trigger_id");
        }
        trigger.Exchanged = true;
        var id = string.Create(CultureInfo.InvariantCulture, $"V{++_nextView:D9}");
        var hash = string.Create(CultureInfo.InvariantCulture, $"{at.ToUnixTimeSeconds()}.{Guid.NewGuid():N}")[..20];
        var stored = (JsonObject)view.DeepClone();
        _views.Add(new SlackView(id, trigger.User, triggerId, stored, hash, at));
        var answer = (JsonObject)view.DeepClone();
        answer["id"] = id;
        answer["team_id"] = _options.TeamId;
        answer["hash"] = hash;
        answer["app_id"] = _options.AppId;
        answer["bot_id"] = _options.BotId;
        answer["state"] = new JsonObject { ["values"] = new JsonObject() };
        return Reply.Ok(new JsonObject { ["view"] = answer });
    }

    /// <summary>The modal rules of the views reference (https://api.slack.com/reference/surfaces/views) and its 100 blocks.</summary>
    private static List<string> ViewProblems(JsonObject view)
    {
        var problems = new List<string>();
        void Check(bool ok, string message, string at)
        {
            if (!ok)
            {
                problems.Add($"[ERROR] {message} [json-pointer:/view{at}]");
            }
        }
        Check(Str(view, "type") == "modal", "type must be modal", "/type");
        foreach (var (name, required) in new[] { ("title", true), ("submit", false), ("close", false) })
        {
            var text = view[name] as JsonObject;
            Check(!required || text is not null, $"missing required field: {name}", $"/{name}");
            if (text is not null)
            {
                Check(Str(text, "type") == "plain_text", "must be plain_text", $"/{name}/type");
                var value = Str(text, "text") ?? "";
                Check(value.Length is > 0 and <= MaxViewTitleLength, $"must be 1 to {MaxViewTitleLength} characters", $"/{name}/text");
            }
        }
        var blocks = view["blocks"] as JsonArray;
        Check(blocks is not null, "missing required field: blocks", "/blocks");
        var hasInputs = blocks?.OfType<JsonObject>().Any(b => Str(b, "type") == "input") == true;
        Check(!hasInputs || view["submit"] is JsonObject, "a view with input blocks needs submit", "/submit");
        Check((Str(view, "callback_id")?.Length ?? 0) <= MaxCallbackIdLength, $"callback_id must be at most {MaxCallbackIdLength} characters", "/callback_id");
        Check((Str(view, "private_metadata")?.Length ?? 0) <= MaxPrivateMetadataLength, $"private_metadata must be at most {MaxPrivateMetadataLength} characters", "/private_metadata");
        if (blocks is not null)
        {
            problems.AddRange(BlockKitRules.Problems(blocks, BlockKitRules.MaxViewBlocks).Select(p => p.Replace("[json-pointer:/blocks", "[json-pointer:/view/blocks", StringComparison.Ordinal)));
        }
        return problems;
    }

    private static JsonObject? ParseObject(string raw)
    {
        try
        {
            return JsonNode.Parse(raw) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private Reply UserInfo(JsonObject arguments) =>
        Str(arguments, "user") is { } id && _users.TryGetValue(id, out var user)
            ? Reply.Ok(new JsonObject { ["user"] = UserJson(user) })
            : Reply.Error("user_not_found");

    private Reply LookupByEmail(JsonObject arguments) =>
        Str(arguments, "email") is { } email && _users.Values.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)) is { } user
            ? Reply.Ok(new JsonObject { ["user"] = UserJson(user) })
            : Reply.Error("users_not_found");

    private JsonObject UserJson(FakeSlackUser user) => new()
    {
        ["id"] = user.Id,
        ["team_id"] = _options.TeamId,
        ["name"] = user.Name,
        ["real_name"] = user.RealName,
        ["deleted"] = user.Deleted,
        ["is_bot"] = user.IsBot,
        ["tz"] = user.TimeZone,
        ["profile"] = new JsonObject { ["display_name"] = user.Name, ["real_name"] = user.RealName, ["email"] = user.Email },
    };

    /// <summary>The text and blocks rules every message method shares: <c>no_text</c>, <c>msg_too_long</c>, <c>invalid_blocks</c>.</summary>
    private static Reply? ContentProblem(JsonObject arguments)
    {
        var text = Str(arguments, "text");
        var blocks = arguments["blocks"];
        if (string.IsNullOrEmpty(text) && blocks is null or JsonArray { Count: 0 })
        {
            return Reply.Error("no_text");
        }
        if (text is { Length: > MaxTextLength })
        {
            return Reply.Error("msg_too_long");
        }
        if (blocks is not null && BlockKitRules.Problems(blocks) is { Count: > 0 } problems)
        {
            var error = Reply.Error("invalid_blocks");
            error.Body["errors"] = new JsonArray([.. problems.Select(p => (JsonNode)p)]);
            error.Body["response_metadata"] = new JsonObject { ["messages"] = new JsonArray([.. problems.Select(p => (JsonNode)p)]) };
            return error;
        }
        return null;
    }

    private ChannelState? ResolveChannel(string? channel, bool forPosting)
    {
        if (string.IsNullOrEmpty(channel))
        {
            return null;
        }
        if (channel.StartsWith('#'))
        {
            return _channels.Values.FirstOrDefault(c => c.Spec.Name == channel[1..]);
        }
        if (forPosting && channel.StartsWith('U') && _users.ContainsKey(channel))
        {
            // Posting to a user id writes in the app's DM with them.
            var open = OpenConversation(new JsonObject { ["users"] = channel });
            return open.Body["channel"]?["id"]?.GetValue<string>() is { } id ? _channels[id] : null;
        }
        return _channels.GetValueOrDefault(channel);
    }

    private string NextTs()
    {
        var seconds = Math.Max(_lastTsSeconds, _options.TimeProvider.GetUtcNow().ToUnixTimeSeconds());
        _lastTsSeconds = seconds;
        return $"{seconds}.{++_tsSequence:D6}";
    }

    private async Task<IResult> HandleResponseUrlAsync(string kind, string id, HttpContext context)
    {
        var url = new Uri(BaseAddress, context.Request.Path.Value!.TrimStart('/'));
        JsonObject body;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject ?? [];
        }
        catch (JsonException)
        {
            body = [];
        }
        lock (_gate)
        {
            var (status, answer) = ApplyResponse(url, body);
            _responseUrlPosts.Add(new SlackResponseUrlPost(url, body, status, _options.TimeProvider.GetUtcNow()));
            return Results.Text(answer, "text/plain", Encoding.UTF8, status);
        }
    }

    private (int Status, string Answer) ApplyResponse(Uri url, JsonObject body)
    {
        if (!_responseUrls.TryGetValue(url.AbsolutePath, out var target))
        {
            return (404, "no_such_url");
        }
        if (++target.Uses > ResponseUrlUses)
        {
            return (404, "used_url");
        }
        if (_options.TimeProvider.GetUtcNow() - target.CreatedAt > ResponseUrlLifetime)
        {
            return (404, "expired_url");
        }
        if (body.Count == 0)
        {
            return (400, "invalid_payload");
        }
        var channel = _channels.GetValueOrDefault(target.Channel);
        var original = target.MessageTs is { } ts ? channel?.Find(ts) : null;
        if (body["delete_original"]?.GetValue<bool>() == true)
        {
            if (original is not null)
            {
                original.Deleted = true;
            }
            return (200, "ok");
        }
        if (ContentProblem(body) is { } problem)
        {
            return (400, problem.Body["error"]!.GetValue<string>());
        }
        if (body["replace_original"]?.GetValue<bool>() == true && original is not null)
        {
            original.Edit(Str(body, "text"), Blocks(body));
            return (200, "ok");
        }
        if (Str(body, "response_type") == "in_channel" && channel is not null)
        {
            var threadTs = Str(body, "thread_ts");
            var parent = threadTs is null ? null : channel.Find(threadTs);
            var message = new StoredMessage(channel.Spec.Id, NextTs(), Str(body, "text"), Blocks(body), null, _options.BotId, parent?.Ts);
            (parent?.Replies ?? channel.Messages).Add(message);
            return (200, "ok");
        }
        _ephemerals.Add(new SlackEphemeral(target.Channel, target.User, NextTs(), Str(body, "text"), Blocks(body), Str(body, "thread_ts"), "response_url"));
        return (200, "ok");
    }

    /// <summary>Query, form and JSON arguments in one object; a form's <c>blocks</c> arrives as a JSON string and is parsed.</summary>
    private static (JsonObject Arguments, string? Error, string? Warning) ParseArguments(HttpRequest request, string body)
    {
        var arguments = new JsonObject();
        foreach (var (key, value) in request.Query)
        {
            arguments[key] = value.ToString();
        }
        if (request.Method == "GET" || body.Length == 0)
        {
            return (arguments, null, null);
        }
        var contentType = request.ContentType ?? "";
        if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                if (JsonNode.Parse(body) is not JsonObject json)
                {
                    return (arguments, "invalid_json", null);
                }
                foreach (var (key, value) in json)
                {
                    arguments[key] = value?.DeepClone();
                }
            }
            catch (JsonException)
            {
                return (arguments, "invalid_json", null);
            }
            var warning = contentType.Contains("charset", StringComparison.OrdinalIgnoreCase) ? null : "missing_charset";
            return (arguments, null, warning);
        }
        if (contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var (key, value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(body))
            {
                arguments[key] = value.ToString();
            }
            foreach (var name in new[] { "blocks", "attachments" })
            {
                if (arguments[name] is JsonValue text && text.TryGetValue<string>(out var raw))
                {
                    try
                    {
                        arguments[name] = JsonNode.Parse(raw);
                    }
                    catch (JsonException)
                    {
                        return (arguments, name == "blocks" ? "invalid_blocks_format" : "invalid_attachments", null);
                    }
                }
            }
            return (arguments, null, null);
        }
        return (arguments, "invalid_post_type", null);
    }

    private static string? Str(JsonObject o, string name) => o[name] switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };

    private static JsonArray? Blocks(JsonObject o) => o["blocks"] is JsonArray { Count: > 0 } blocks ? (JsonArray)blocks.DeepClone() : null;

    private List<T> Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }

    private sealed record Reply(HttpStatusCode Status, JsonObject Body, int? RetryAfter = null)
    {
        public static Reply Ok(JsonObject fields)
        {
            var body = new JsonObject { ["ok"] = true };
            foreach (var (key, value) in fields.ToList())
            {
                fields.Remove(key);
                body[key] = value;
            }
            return new Reply(HttpStatusCode.OK, body);
        }

        public static Reply Error(string error) => new(HttpStatusCode.OK, new JsonObject { ["ok"] = false, ["error"] = error });
    }

    private sealed class ResponseUrlTarget(string channel, string user, string? messageTs, DateTimeOffset createdAt)
    {
        public string Channel { get; } = channel;

        public string User { get; } = user;

        public string? MessageTs { get; } = messageTs;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public int Uses { get; set; }
    }
}
