using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Bot.Slack.Fake;

/// <summary>
/// Slack's side of the bot's three request URLs: signed slash commands (form, as in the slash-commands docs), button
/// clicks and menu choices (<c>block_actions</c> in a <c>payload=</c> form field), modal submissions
/// (<c>view_submission</c>, likewise) and Events API callbacks (JSON, with Slack's retry
/// headers), each with <c>User-Agent: Slackbot</c> and Slack's 3 s deadline. Commands and clicks carry a
/// <c>response_url</c> served by <paramref name="slack"/>.
/// </summary>
public sealed class SlackDriver(FakeSlack slack, Uri botBaseAddress, string signingSecret, TimeProvider? clock = null) : IDisposable
{
    /// <summary>How long Slack waits for the bot's answer before it gives up (and, for events, retries).</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    private readonly HttpClient _http = new() { BaseAddress = botBaseAddress, Timeout = Timeout.InfiniteTimeSpan };
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

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
            ("trigger_id", slack.IssueTriggerId(user)));
        var response = await SendAsync(CommandPath, body, "application/x-www-form-urlencoded", signature, [], cancellationToken);
        return new SlackInvocation(response, responseUrl, body);
    }

    /// <summary>A click by <paramref name="user"/> on the button <paramref name="actionId"/> of the message <paramref name="messageTs"/>.</summary>
    public async Task<SlackInvocation> ClickAsync(string user, string channel, string messageTs, string actionId, string value, SignatureMode signature = SignatureMode.Valid, CancellationToken cancellationToken = default)
    {
        var element = ElementOf(channel, messageTs, actionId);
        var action = new JsonObject
        {
            ["type"] = "button",
            ["block_id"] = element?.Block?["block_id"]?.GetValue<string>() ?? "actions",
            ["action_id"] = actionId,
            ["text"] = element?.Element?["text"]?.DeepClone() ?? new JsonObject { ["type"] = "plain_text", ["text"] = actionId, ["emoji"] = true },
            ["value"] = value,
            ["action_ts"] = ActionTs(),
        };
        return await BlockActionAsync(user, channel, messageTs, action, signature, cancellationToken);
    }

    /// <summary>
    /// <paramref name="user"/> choosing the option whose value is <paramref name="optionValue"/> in the menu
    /// (<c>static_select</c>) <paramref name="actionId"/> of the message <paramref name="messageTs"/>: a <c>block_actions</c>
    /// whose action carries <c>selected_option</c> (the option as the menu holds it) and the menu's <c>initial_option</c>.
    /// The menu and the option must be on the message, as in Slack's client.
    /// </summary>
    public async Task<SlackInvocation> SelectAsync(string user, string channel, string messageTs, string actionId, string optionValue, SignatureMode signature = SignatureMode.Valid, CancellationToken cancellationToken = default)
    {
        var element = ElementOf(channel, messageTs, actionId);
        if (element?.Element is not { } menu || menu["type"]?.GetValue<string>() != "static_select")
        {
            throw new InvalidOperationException($"Message {messageTs} in {channel} has no static_select {actionId}.");
        }
        var options = (menu["options"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var option = options.FirstOrDefault(o => o["value"]?.GetValue<string>() == optionValue)
            ?? throw new InvalidOperationException($"The menu {actionId} has no option {optionValue}; it has [{string.Join(", ", options.Select(o => o["value"]?.GetValue<string>()))}].");
        var action = new JsonObject
        {
            ["type"] = "static_select",
            ["block_id"] = element.Value.Block?["block_id"]?.GetValue<string>() ?? "actions",
            ["action_id"] = actionId,
            ["selected_option"] = option.DeepClone(),
            ["placeholder"] = menu["placeholder"]?.DeepClone(),
            ["action_ts"] = ActionTs(),
        };
        if (menu["initial_option"] is { } initial)
        {
            action["initial_option"] = initial.DeepClone();
        }
        return await BlockActionAsync(user, channel, messageTs, action, signature, cancellationToken);
    }

    /// <summary>
    /// The person the modal <paramref name="viewId"/> was opened for pressing its submit button: a signed
    /// <c>view_submission</c> (a <c>payload=</c> form field, as clicks are) whose <c>view</c> carries the view as opened
    /// (id, callback_id, private_metadata, blocks, hash) and, in <c>state.values[block_id][action_id]</c>, every input's
    /// value: <paramref name="values"/> by block id where given, else the field's initial value (null when empty, as Slack sends it).
    /// Returns the bot's HTTP answer: an empty 200 closes the modal; a <c>response_action</c> body keeps it open.
    /// </summary>
    public async Task<SlackDelivery> SubmitViewAsync(string viewId, IReadOnlyDictionary<string, string>? values = null, SignatureMode signature = SignatureMode.Valid, CancellationToken cancellationToken = default)
    {
        var view = slack.View(viewId) ?? throw new InvalidOperationException($"The bot opened no view {viewId}.");
        var state = new JsonObject();
        foreach (var block in view.Blocks.OfType<JsonObject>().Where(b => b["type"]?.GetValue<string>() == "input"))
        {
            var blockId = block["block_id"]?.GetValue<string>() ?? throw new InvalidOperationException("An input block without block_id cannot be read back.");
            var element = block["element"] as JsonObject;
            var typed = values is not null && values.TryGetValue(blockId, out var given) ? given : element?["initial_value"]?.GetValue<string>();
            state[blockId] = new JsonObject
            {
                [element?["action_id"]?.GetValue<string>() ?? "input"] = new JsonObject
                {
                    ["type"] = element?["type"]?.DeepClone(),
                    ["value"] = string.IsNullOrEmpty(typed) ? null : typed,
                },
            };
        }
        var unknown = (values?.Keys ?? []).Where(k => !state.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"The view {viewId} has no input block {string.Join(", ", unknown)}.");
        }
        var submitted = (JsonObject)view.View.DeepClone();
        submitted["id"] = view.Id;
        submitted["team_id"] = slack.Options.TeamId;
        submitted["hash"] = view.Hash;
        submitted["app_id"] = slack.Options.AppId;
        submitted["bot_id"] = slack.Options.BotId;
        submitted["state"] = new JsonObject { ["values"] = state };
        var payload = new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = slack.Options.TeamId, ["domain"] = slack.Options.TeamDomain },
            ["user"] = UserJson(view.User),
            ["api_app_id"] = slack.Options.AppId,
            ["token"] = "legacyVerificationToken0",
            ["trigger_id"] = slack.IssueTriggerId(view.User),
            ["view"] = submitted,
            ["response_urls"] = new JsonArray(),
            ["is_enterprise_install"] = false,
            ["enterprise"] = null,
        };
        return await SendAsync(InteractionPath, Form(("payload", payload.ToJsonString())), "application/x-www-form-urlencoded", signature, [], cancellationToken);
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

    /// <summary>A <c>block_actions</c> on the message <paramref name="messageTs"/>, as Slack sends it for any interactive element.</summary>
    private async Task<SlackInvocation> BlockActionAsync(string user, string channel, string messageTs, JsonObject action, SignatureMode signature, CancellationToken cancellationToken)
    {
        var responseUrl = slack.CreateResponseUrl("actions", channel, user, messageTs);
        var message = slack.Messages(channel).FirstOrDefault(m => m.Ts == messageTs);
        var payload = new JsonObject
        {
            ["type"] = "block_actions",
            ["user"] = UserJson(user),
            ["api_app_id"] = slack.Options.AppId,
            ["token"] = "legacyVerificationToken0",
            ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = channel, ["is_ephemeral"] = false },
            ["trigger_id"] = slack.IssueTriggerId(user),
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
            ["actions"] = new JsonArray(action),
        };
        var body = Form(("payload", payload.ToJsonString()));
        var response = await SendAsync(InteractionPath, body, "application/x-www-form-urlencoded", signature, [], cancellationToken);
        return new SlackInvocation(response, responseUrl, body);
    }

    /// <summary>The interactive element <paramref name="actionId"/> of a message in the fake, with its block.</summary>
    private (JsonObject? Block, JsonObject? Element)? ElementOf(string channel, string messageTs, string actionId) =>
        slack.Messages(channel).FirstOrDefault(m => m.Ts == messageTs)?.Blocks?
            .Select(b => b as JsonObject)
            .SelectMany(b => b?["elements"] is JsonArray e ? e.Select(x => (Block: b, Element: x as JsonObject)) : [])
            .Where(x => x.Element?["action_id"]?.GetValue<string>() == actionId)
            .Select(x => ((JsonObject?, JsonObject?)?)x)
            .FirstOrDefault();

    private JsonObject UserJson(string user) =>
        new() { ["id"] = user, ["username"] = UserName(user), ["name"] = UserName(user), ["team_id"] = slack.Options.TeamId };

    private string ActionTs()
    {
        var now = _clock.GetUtcNow();
        return $"{now.ToUnixTimeSeconds()}.{now.Millisecond * 1000:D6}";
    }

    /// <summary>application/x-www-form-urlencoded the way Slack writes it: spaces as <c>+</c>, everything else percent-encoded.</summary>
    private static string Form(params (string Name, string Value)[] fields) =>
        string.Join('&', fields.Select(f => $"{Encode(f.Name)}={Encode(f.Value)}"));

    private static string Encode(string value) => Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal);

    private static string Tamper(string body) => body.Length == 0 ? "x" : body[..^1] + (body[^1] == 'x' ? 'y' : 'x');

    private string ChannelName(string channel) => slack.Options.Channels.FirstOrDefault(c => c.Id == channel)?.Name ?? "directmessage";

    private string UserName(string user) => slack.Options.Users.FirstOrDefault(u => u.Id == user)?.Name ?? user.ToLowerInvariant();

}
