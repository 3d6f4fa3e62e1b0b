using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Bot.Slack.Fake;

/// <summary>
/// Slack's side of the bot's three request URLs: signed slash commands (form, as in the slash-commands docs), button
/// clicks (<c>block_actions</c> in a <c>payload=</c> form field) and Events API callbacks (JSON, with Slack's retry
/// headers), each with <c>User-Agent: Slackbot</c> and Slack's 3 s deadline. Commands and clicks carry a
/// <c>response_url</c> served by <paramref name="slack"/>.
/// </summary>
public sealed class SlackDriver(FakeSlack slack, Uri botBaseAddress, string signingSecret, TimeProvider? clock = null) : IDisposable
{
    /// <summary>How long Slack waits for the bot's answer before it gives up (and, for events, retries).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    private readonly HttpClient _http = new() { BaseAddress = botBaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private int _triggers;

    public string CommandPath { get; set; } = "/slack/commands";

    public string InteractionPath { get; set; } = "/slack/interactions";

    public string EventPath { get; set; } = "/slack/events";

    /// <summary><c>/slo {text}</c> typed by <paramref name="user"/> in <paramref name="channel"/>. Slack never retries a command.</summary>
    public async Task<SlackInvocation> SlashCommandAsync(string user, string channel, string text, SignatureMode signature = SignatureMode.Valid, CancellationToken cancellationToken = default)
    {
        var responseUrl = slack.CreateResponseUrl("commands", channel, user);
        var body = Form(
            ("token", "legacyVerificationToken0"),
            ("team_id", slack.Options.TeamId),
            ("team_domain", slack.Options.TeamDomain),
            ("channel_id", channel),
            ("channel_name", ChannelName(channel)),
            ("user_id", user),
            ("user_name", UserName(user)),
            ("command", "/slo"),
            ("text", text),
            ("api_app_id", slack.Options.AppId),
            ("is_enterprise_install", "false"),
            ("response_url", responseUrl.ToString()),
            ("trigger_id", NextTriggerId()));
        var response = await SendAsync(CommandPath, body, "application/x-www-form-urlencoded", signature, [], cancellationToken);
        return new SlackInvocation(response, responseUrl, body);
    }

    /// <summary>A click by <paramref name="user"/> on the button <paramref name="actionId"/> of the message <paramref name="messageTs"/>.</summary>
    public async Task<SlackInvocation> ClickAsync(string user, string channel, string messageTs, string actionId, string value, SignatureMode signature = SignatureMode.Valid, CancellationToken cancellationToken = default)
    {
        var responseUrl = slack.CreateResponseUrl("actions", channel, user, messageTs);
        var message = slack.Messages(channel).FirstOrDefault(m => m.Ts == messageTs);
        var button = message?.Blocks?
            .Select(b => b as JsonObject)
            .SelectMany(b => b?["elements"] is JsonArray e ? e.Select(x => (Block: b, Element: x as JsonObject)) : [])
            .FirstOrDefault(x => x.Element?["action_id"]?.GetValue<string>() == actionId);
        var now = _clock.GetUtcNow();
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = new JsonObject { ["id"] = user, ["username"] = UserName(user), ["name"] = UserName(user), ["team_id"] = slack.Options.TeamId },
            ["api_app_id"] = slack.Options.AppId,
            ["token"] = "legacyVerificationToken0",
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = channel, ["is_ephemeral"] = false },
            ["trigger_id"] = NextTriggerId(),
            ["team"] = new JsonObject { ["id"] = slack.Options.TeamId, ["domain"] = slack.Options.TeamDomain },
            ["enterprise"] = null,
            ["is_enterprise_install"] = false,
            ["channel"] = new JsonObject { ["id"] = channel, ["name"] = ChannelName(channel) },
            ["message"] = new JsonObject
            {
                ["type"] = "message",
                ["ts"] = messageTs,
                ["bot_id"] = message?.BotId ?? slack.Options.BotId,
                ["text"] = message?.Text ?? "",
                ["blocks"] = message?.Blocks?.DeepClone() ?? new JsonArray(),
            },
            ["state"] = new JsonObject { ["values"] = new JsonObject() },
            ["response_url"] = responseUrl.ToString(),
            ["actions"] = new JsonArray(new JsonObject
            {
                ["type"] = "button",
                ["block_id"] = button?.Block?["block_id"]?.GetValue<string>() ?? "actions",
                ["action_id"] = actionId,
                ["text"] = button?.Element?["text"]?.DeepClone() ?? new JsonObject { ["type"] = "plain_text", ["text"] = actionId, ["emoji"] = true },
                ["value"] = value,
                ["action_ts"] = $"{now.ToUnixTimeSeconds()}.{now.Millisecond * 1000:D6}",
            }),
        };
        var body = Form(("payload", payload.ToJsonString()));
        var response = await SendAsync(InteractionPath, body, "application/x-www-form-urlencoded", signature, [], cancellationToken);
        return new SlackInvocation(response, responseUrl, body);
    }

    /// <summary>
    /// <c>@SLO Bot {text}</c> by <paramref name="user"/> in <paramref name="channel"/>, as an <c>app_mention</c> event
    /// delivered once and then <paramref name="retries"/> more times: the identical body, re-signed, with
    /// <c>X-Slack-Retry-Num</c> and <c>X-Slack-Retry-Reason: http_timeout</c>, each fired without waiting for the
    /// previous answer (what Slack does when it judged the previous one too late).
    /// </summary>
    public async Task<IReadOnlyList<SlackDelivery>> MentionAsync(string user, string channel, string text, string eventId, int retries = 0, string? threadTs = null, CancellationToken cancellationToken = default)
    {
        var now = _clock.GetUtcNow();
        var botUser = slack.Options.BotUserId;
        var ts = slack.AddUserMessage(channel, user, $"<@{botUser}> {text}", threadTs);
        var @event = new JsonObject
        {
            ["client_msg_id"] = Guid.NewGuid().ToString(),
            ["type"] = "app_mention",
            ["text"] = $"<@{botUser}> {text}",
            ["user"] = user,
            ["ts"] = ts,
            ["team"] = slack.Options.TeamId,
            ["channel"] = channel,
            ["event_ts"] = ts,
            ["blocks"] = new JsonArray(new JsonObject
            {
                ["type"] = "rich_text",
                ["block_id"] = "m0Nt",
                ["elements"] = new JsonArray(new JsonObject
                {
                    ["type"] = "rich_text_section",
                    ["elements"] = new JsonArray(
                        new JsonObject { ["type"] = "user", ["user_id"] = botUser },
                        new JsonObject { ["type"] = "text", ["text"] = " " + text }),
                }),
            }),
        };
        if (threadTs is not null)
        {
            @event["thread_ts"] = threadTs;
        }
        var envelope = new JsonObject
        {
            ["token"] = "legacyVerificationToken0",
            ["team_id"] = slack.Options.TeamId,
            ["api_app_id"] = slack.Options.AppId,
            ["event"] = @event,
            ["type"] = "event_callback",
            ["event_id"] = eventId,
            ["event_time"] = now.ToUnixTimeSeconds(),
            ["authorizations"] = new JsonArray(new JsonObject
            {
                ["enterprise_id"] = null,
                ["team_id"] = slack.Options.TeamId,
                ["user_id"] = botUser,
                ["is_bot"] = true,
                ["is_enterprise_install"] = false,
            }),
            ["is_ext_shared_channel"] = false,
            ["event_context"] = $"1-app_mention-{slack.Options.TeamId}-{channel}",
        };
        return await EventAsync(envelope.ToJsonString(), retries, cancellationToken);
    }

    /// <summary>Any Events API body, delivered once and then <paramref name="retries"/> more times as <see cref="MentionAsync"/> does.</summary>
    public async Task<IReadOnlyList<SlackDelivery>> EventAsync(string body, int retries = 0, CancellationToken cancellationToken = default)
    {
        var deliveries = new List<Task<SlackDelivery>> { SendAsync(EventPath, body, "application/json", SignatureMode.Valid, [], cancellationToken) };
        for (var retry = 1; retry <= retries; retry++)
        {
            deliveries.Add(SendAsync(EventPath, body, "application/json", SignatureMode.Valid,
                [("X-Slack-Retry-Num", retry.ToString(CultureInfo.InvariantCulture)), ("X-Slack-Retry-Reason", "http_timeout")], cancellationToken));
        }
        return await Task.WhenAll(deliveries);
    }

    /// <summary>The <c>url_verification</c> Slack sends when the event URL is saved in the app's settings.</summary>
    public Task<SlackDelivery> UrlVerificationAsync(string challenge, SignatureMode signature = SignatureMode.Valid, CancellationToken cancellationToken = default) =>
        SendAsync(EventPath, new JsonObject { ["token"] = "legacyVerificationToken0", ["challenge"] = challenge, ["type"] = "url_verification" }.ToJsonString(),
            "application/json", signature, [], cancellationToken);

    /// <summary>The unsigned <c>ssl_check=1</c> post Slack sends to a slash command's URL to check its certificate.</summary>
    public Task<SlackDelivery> SslCheckAsync(CancellationToken cancellationToken = default) =>
        SendAsync(CommandPath, Form(("ssl_check", "1"), ("token", "legacyVerificationToken0")), "application/x-www-form-urlencoded", SignatureMode.Missing, [], cancellationToken);

    /// <summary>Posts <paramref name="body"/> to <paramref name="path"/> signed as <paramref name="signature"/> says, within Slack's deadline.</summary>
    public async Task<SlackDelivery> SendAsync(string path, string body, string contentType, SignatureMode signature, IReadOnlyList<(string Name, string Value)> headers, CancellationToken cancellationToken = default)
    {
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds() - (signature == SignatureMode.Stale ? 301 : 0);
        var signed = SlackSignature.Sign(signature == SignatureMode.WrongSecret ? signingSecret + "-wrong" : signingSecret, timestamp, body);
        var sent = signature == SignatureMode.TamperedBody ? Tamper(body) : body;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = new StringContent(sent, Encoding.UTF8, contentType),
        };
        // Slack sends the bare media type, with no charset parameter.
        request.Content.Headers.ContentType = new(contentType);
        request.Headers.UserAgent.ParseAdd("Slackbot 1.0 (+https://api.slack.com/robots)");
        if (signature != SignatureMode.Missing)
        {
            request.Headers.Add("X-Slack-Request-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Signature", signed);
        }
        var retryNum = 0;
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
            if (name == "X-Slack-Retry-Num")
            {
                retryNum = int.Parse(value, CultureInfo.InvariantCulture);
            }
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, deadline.Token);
            var text = await response.Content.ReadAsStringAsync(deadline.Token);
            return new SlackDelivery(response.StatusCode, text, response.Content.Headers.ContentType?.MediaType, clock.Elapsed, retryNum);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SlackDelivery(null, "", null, clock.Elapsed, retryNum);
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>application/x-www-form-urlencoded the way Slack writes it: spaces as <c>+</c>, everything else percent-encoded.</summary>
    private static string Form(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => $"{Encode(f.Name)}={Encode(f.Value)}"));

    private static string Encode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    private static string Tamper(string body) => body.Length == 0 ? "x" : body[..^1] + (body[^1] == 'x' ? 'y' : 'x');

    private string ChannelName(string channel) => slack.Options.Channels.FirstOrDefault(c => c.Id == channel)?.Name ?? "directmessage";

    private string UserName(string user) => slack.Options.Users.FirstOrDefault(u => u.Id == user)?.Name ?? user.ToLowerInvariant();

    private string NextTriggerId() =>
        $"{Interlocked.Increment(ref _triggers)}{_clock.GetUtcNow().ToUnixTimeMilliseconds()}.{slack.Options.TeamId[1..]}.{Guid.NewGuid():N}";
}
