using System.Buffers.Text;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.MsTeams.Fake;

/// <summary>
/// Microsoft Teams as a bot meets it, on one loopback port: Entra's token endpoint (<c>/{tenant}/oauth2/v2.0/token</c>),
/// Bot Framework's OpenID metadata and JWKS with endorsements (<c>/v1/.well-known/…</c>), and the Bot Connector v3
/// under <see cref="ServiceUrl"/>. The Connector is strict the way Teams is: a Bearer token from the fake Entra for
/// <c>https://api.botframework.com</c>, known conversations, an installed app, renderable cards, 28 KB, per-thread
/// rate limits. Tests register teams, channels and people first, read back every message with its edits, and can
/// make any operation fail. Every request is recorded. <see cref="TeamsDriver"/> plays Teams calling the bot.
/// </summary>
public sealed partial class FakeTeams : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly FakeTeamsOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ChannelState> _channels = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UserState> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredActivity> _activities = new(StringComparer.Ordinal);
    private readonly List<TeamsRequest> _requests = [];
    private readonly Dictionary<TeamsOperation, Queue<FakeTeamsFailure>> _failures = [];
    private readonly ThreadRateLimiter _limiter = new();
    private long _lastActivityId;

    private FakeTeams(WebApplication app, FakeTeamsOptions options)
    {
        _app = app;
        _options = options;
        _entraKey = SigningKey.Shared(0, []);
        _currentKey = SigningKey.Shared(1, ["msteams"]);
        _unendorsedKey = SigningKey.Shared(2, ["skype", "webchat"]);
        _rogueKey = SigningKey.Shared(3, ["msteams"]);
        _publishedKeys.AddRange([_currentKey, _unendorsedKey]);
        _allKeys.AddRange([_entraKey, _currentKey, _unendorsedKey, _rogueKey]);
        MapEntra(app);
        MapOpenId(app);
        MapConnector(app);
        app.MapFallback(HandleUnknownAsync);
    }

    /// <summary>The root of the fake: <c>http://127.0.0.1:port/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The Connector's service URL, with its trailing slash, as activities carry it and the <c>serviceurl</c> claim names it.</summary>
    public Uri ServiceUrl { get; private set; } = null!;

    /// <summary>Where the bot's token endpoint setting points: the token endpoint of <see cref="FakeTeamsOptions.TenantId"/>.</summary>
    public Uri TokenEndpoint => TokenEndpointFor(_options.TenantId);

    /// <summary>Where the bot's OpenID metadata setting points.</summary>
    public Uri OpenIdMetadataUrl => new(BaseAddress, "v1/.well-known/openidconfiguration");

    public Uri JwksUrl => new(BaseAddress, "v1/.well-known/keys");

    public FakeTeamsOptions Options => _options;

    /// <summary>The bot's id in conversations, <c>28:{appId}</c>.</summary>
    public string BotId => "28:" + _options.AppId;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<TeamsRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Every 429 the rate limiter (not <see cref="FailNext"/>) answered, in order.</summary>
    public IReadOnlyList<TeamsRequest> RateLimited => [.. Requests.Where(r => r.Status == 429 && !r.Injected)];

    public static async Task<FakeTeams> StartAsync(FakeTeamsOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new FakeTeamsOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var teams = new FakeTeams(builder.Build(), options);
        await teams._app.StartAsync(cancellationToken);
        var address = teams._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        teams.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        teams.ServiceUrl = new Uri(teams.BaseAddress, options.ServiceUrlPath.Trim('/') + "/");
        return teams;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        foreach (var key in _allKeys)
        {
            key.Dispose();
        }
    }

    /// <summary>The token endpoint of any tenant (or <c>botframework.com</c>), to test what Entra answers there.</summary>
    public Uri TokenEndpointFor(string tenant) => new(BaseAddress, $"{Uri.EscapeDataString(tenant)}/oauth2/v2.0/token");

    /// <summary>
    /// Registers a channel of a team (and the team's General channel, whose id is the team's, if not yet known).
    /// <paramref name="installed"/> false is a team without the app, or one that removed or blocked it.
    /// </summary>
    public void AddChannel(string teamId, string channelId, string? tenantId = null, bool installed = true, string? name = null)
    {
        lock (_gate)
        {
            var tenant = tenantId ?? _options.TenantId;
            if (!_channels.ContainsKey(teamId))
            {
                _channels[teamId] = new ChannelState(teamId, teamId, tenant, teamId == channelId ? name : null, installed);
            }
            if (teamId != channelId)
            {
                _channels[channelId] = new ChannelState(teamId, channelId, tenant, name, installed);
            }
        }
    }

    /// <summary>Installs or removes (blocks) the app in one channel.</summary>
    public void SetInstalled(string channelId, bool installed)
    {
        lock (_gate)
        {
            FindChannel(channelId).Installed = installed;
        }
    }

    /// <summary>Installs or removes the app in every channel of a team, as installing an app in a team does.</summary>
    public void SetTeamInstalled(string teamId, bool installed)
    {
        lock (_gate)
        {
            var channels = _channels.Values.Where(c => c.TeamId == teamId).ToList();
            if (channels.Count == 0)
            {
                throw new ArgumentException($"No team {teamId} in the fake tenant.", nameof(teamId));
            }
            channels.ForEach(c => c.Installed = installed);
        }
    }

    /// <summary>
    /// Registers a person. <paramref name="installed"/> false means the app is not installed in their personal scope:
    /// the bot cannot start a chat with them (403 <c>ForbiddenOperationException</c>) nor write in one (403 <c>MessageWritesBlocked</c>).
    /// </summary>
    public void AddUser(TeamsUser user, bool installed = true)
    {
        lock (_gate)
        {
            _users[user.Id] = new UserState(user, user.TenantId ?? _options.TenantId, installed);
        }
    }

    /// <summary>Installs the app for a person, or removes or blocks it.</summary>
    public void SetUserInstalled(string userId, bool installed)
    {
        lock (_gate)
        {
            (_users.GetValueOrDefault(userId) ?? throw new ArgumentException($"No user {userId} in the fake tenant.", nameof(userId))).Installed = installed;
        }
    }

    public TeamsChannel? Channel(string channelId)
    {
        lock (_gate)
        {
            return _channels.GetValueOrDefault(channelId)?.Snapshot();
        }
    }

    public IReadOnlyList<TeamsChannel> Channels
    {
        get
        {
            lock (_gate)
            {
                return [.. _channels.Values.Select(c => c.Snapshot())];
            }
        }
    }

    /// <summary>The channel's root posts, oldest first, each with its replies; deleted ones left out.</summary>
    public IReadOnlyList<TeamsMessage> Posts(string channelId)
    {
        lock (_gate)
        {
            return _channels.TryGetValue(channelId, out var channel) ? [.. channel.Roots.Where(r => !r.Deleted).Select(r => r.Snapshot())] : [];
        }
    }

    /// <summary>The personal chat with a person, oldest first, deleted messages left out; empty if there is none.</summary>
    public IReadOnlyList<TeamsMessage> ChatMessages(string userId)
    {
        lock (_gate)
        {
            return _users.TryGetValue(userId, out var user) ? [.. user.Messages.Where(m => !m.Deleted).Select(m => m.Snapshot())] : [];
        }
    }

    /// <summary>The <c>a:…</c> id of the personal chat with a person, once it exists.</summary>
    public string? PersonalConversationId(string userId)
    {
        lock (_gate)
        {
            return _users.GetValueOrDefault(userId)?.ChatId;
        }
    }

    /// <summary>Any message by id, deleted or not (see <see cref="TeamsMessage.Deleted"/>), or null.</summary>
    public TeamsMessage? Activity(string activityId)
    {
        lock (_gate)
        {
            return _activities.GetValueOrDefault(activityId)?.Snapshot();
        }
    }

    /// <summary>The requests of one operation, in order.</summary>
    public IReadOnlyList<TeamsRequest> RequestsOf(TeamsOperation operation) => [.. Requests.Where(r => r.Operation == operation)];

    /// <summary>
    /// The next <paramref name="count"/> requests of <paramref name="operation"/> answer <paramref name="failure"/>
    /// instead (after the Connector's token check, so a bot without a token still sees 401).
    /// </summary>
    public void FailNext(TeamsOperation operation, int count, FakeTeamsFailure failure)
    {
        lock (_gate)
        {
            if (!_failures.TryGetValue(operation, out var queue))
            {
                _failures[operation] = queue = new Queue<FakeTeamsFailure>();
            }
            for (var i = 0; i < count; i++)
            {
                queue.Enqueue(failure);
            }
        }
    }

    /// <summary>A message a person wrote, stored as Teams would before telling the bot: a root post or a thread reply in a channel.</summary>
    internal string AddChannelMessage(TeamsUser user, string channelId, string? rootId, Func<string, string, JsonObject> activity)
    {
        lock (_gate)
        {
            var channel = FindChannel(channelId);
            var root = rootId is null ? null : channel.Roots.FirstOrDefault(r => r.Id == rootId) ?? throw new ArgumentException($"No root post {rootId} in {channelId}.", nameof(rootId));
            var id = NextActivityId();
            var conversationId = $"{channelId};messageid={root?.Id ?? id}";
            var stored = new StoredActivity(id, conversationId, channelId, root?.Id ?? id, null, user.Id, user.Name, false, activity(id, conversationId), Now);
            (root?.Replies ?? channel.Roots).Add(stored);
            _activities[id] = stored;
            return id;
        }
    }

    /// <summary>A message a person wrote in their personal chat with the bot, which is opened if need be.</summary>
    internal string AddChatMessage(TeamsUser user, Func<string, string, JsonObject> activity)
    {
        lock (_gate)
        {
            var state = EnsureUser(user);
            var chatId = state.ChatId ??= ChatIdFor(user.Id);
            var id = NextActivityId();
            var stored = new StoredActivity(id, chatId, null, null, null, user.Id, user.Name, false, activity(id, chatId), Now);
            state.Messages.Add(stored);
            _activities[id] = stored;
            return id;
        }
    }

    /// <summary>The personal chat's id, opening it (as a user writing to the bot does) if need be.</summary>
    internal string EnsureChat(TeamsUser user)
    {
        lock (_gate)
        {
            var state = EnsureUser(user);
            return state.ChatId ??= ChatIdFor(user.Id);
        }
    }

    /// <summary>A person known to the fake: registered (installed) on first sight.</summary>
    internal void Know(TeamsUser user)
    {
        lock (_gate)
        {
            EnsureUser(user);
        }
    }

    private UserState EnsureUser(TeamsUser user)
    {
        if (!_users.TryGetValue(user.Id, out var state))
        {
            _users[user.Id] = state = new UserState(user, user.TenantId ?? _options.TenantId, installed: true);
        }
        return state;
    }

    private ChannelState FindChannel(string channelId) =>
        _channels.GetValueOrDefault(channelId) ?? throw new ArgumentException($"No channel {channelId} in the fake tenant; AddChannel it first.", nameof(channelId));

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    /// <summary>Teams' message ids: milliseconds since the epoch (13 digits), strictly increasing even within one millisecond.</summary>
    private string NextActivityId()
    {
        _lastActivityId = Math.Max(_lastActivityId + 1, Now.ToUnixTimeMilliseconds());
        return _lastActivityId.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A personal chat id shaped like Teams' (<c>a:1</c> and a long opaque string), the same for the same person every time.</summary>
    private string ChatIdFor(string userId) =>
        "a:1" + Base64Url.EncodeToString(SHA512.HashData(Encoding.UTF8.GetBytes($"{_options.AppId}|{userId}")));

    private FakeTeamsFailure? TakeFailure(TeamsOperation operation) =>
        _failures.TryGetValue(operation, out var queue) && queue.TryDequeue(out var failure) ? failure : null;

    private void Record(HttpContext context, TeamsOperation operation, string body, Reply reply, DateTimeOffset at, string? conversationId = null, string? activityId = null)
    {
        var request = context.Request;
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "";
        lock (_gate)
        {
            _requests.Add(new TeamsRequest(operation, request.Method, request.Path.Value ?? "", raw, conversationId, activityId, headers, body,
                reply.Status, reply.Error, reply.RetryAfter, reply.Injected, at));
        }
    }

    private static async Task WriteAsync(HttpContext context, Reply reply)
    {
        var response = context.Response;
        response.StatusCode = reply.Status;
        if (reply.RetryAfter is { } retryAfter)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }
        if (reply.Body is not null)
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(reply.Body.ToJsonString(), Encoding.UTF8, context.RequestAborted);
        }
    }

    private static async Task<string> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private async Task HandleUnknownAsync(HttpContext context)
    {
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        var reply = Reply.ConnectorError(404, "NotFound", $"The fake serves no {context.Request.Method} {context.Request.Path}.");
        Record(context, TeamsOperation.Unknown, body, reply, Now);
        await WriteAsync(context, reply);
    }

    private static string? Str(JsonNode? node, params string[] path)
    {
        foreach (var name in path)
        {
            node = node is JsonObject o ? o[name] : null;
        }
        return node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
    }

    /// <summary>An answer: status, JSON body (or none), <c>Retry-After</c>, and what the log says went wrong.</summary>
    private sealed record Reply(int Status, JsonNode? Body, string? Error = null, TimeSpan? RetryAfter = null, bool Injected = false)
    {
        public static Reply Json(int status, JsonNode body) => new(status, body);

        /// <summary>The Connector's ErrorResponse: <c>{"error":{"code","message"}}</c>.</summary>
        public static Reply ConnectorError(int status, string code, string message, TimeSpan? retryAfter = null) =>
            new(status, new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, code, retryAfter);
    }
}
