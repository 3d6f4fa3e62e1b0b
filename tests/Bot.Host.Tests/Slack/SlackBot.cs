using System.Text.Json;
using System.Text.RegularExpressions;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.OnCall;
using Bot.Host.Tests.EndToEnd;
using Bot.Host.Tests.Infrastructure;
using Bot.Slack.Fake;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Slack;

/// <summary>
/// A fake Slack workspace shaped like the example catalog (each team's channel, each member by their Slack id), the
/// real host on loopback Kestrel pointed at it, and a driver that signs what Slack sends with the host's secret.
/// </summary>
internal sealed partial class SlackBot : IAsyncDisposable
{
    public const string SigningSecret = "e2e0slack0signing0secret0f00d5a1";
    public const string PaymentsChannel = "C05PAYSLO01";
    public const string Ana = "U05A1PAY01";
    public const string Kwame = "U05A1PAY02";
    public const string Mei = "U05A1PAY03";

    /// <summary>Lena Fischer, the payments team's admin (not in its rotation).</summary>
    public const string Lena = "U05A1PAY04";

    /// <summary>The example catalog's rotation of team payments.</summary>
    public const string PaymentsRotationId = "payments-primary";

    private SlackBot(FakeSlack slack, KestrelBot bot, TimeProvider clock)
    {
        Slack = slack;
        Bot = bot;
        Clock = clock;
        Driver = new SlackDriver(slack, bot.Api.BaseAddress!, SigningSecret, clock);
    }

    public FakeSlack Slack { get; }

    public KestrelBot Bot { get; }

    public SlackDriver Driver { get; }

    /// <summary>The one clock of the bot, the fake and the driver (the system's unless the test brought a <see cref="RunningClock"/>).</summary>
    public TimeProvider Clock { get; }

    /// <summary>The catalog the bot runs with (the example catalog).</summary>
    public ServiceCatalog Catalog => Bot.Services.GetRequiredService<CatalogHolder>().Current;

    public Rotation PaymentsRotation => Catalog.FindRotation(PaymentsRotationId) ?? throw new InvalidOperationException($"The example catalog has no rotation {PaymentsRotationId}.");

    /// <param name="clock">
    /// A clock the test can move forward, shared by the bot, the fake and the driver (signatures, <c>ts</c> values and
    /// rate limits all agree); the system's when null.
    /// </param>
    /// <param name="settings">Further host settings.</param>
    /// <param name="configureServices">Replaces or adds host services.</param>
    public static async Task<SlackBot> StartAsync(
        Action<FakeSlackOptions>? configure = null,
        RunningClock? clock = null,
        IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var options = ExampleWorkspace();
        if (clock is not null)
        {
            options.TimeProvider = clock;
        }
        configure?.Invoke(options);
        var slack = await FakeSlack.StartAsync(options);
        var all = new Dictionary<string, string>
        {
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:BotToken"] = slack.BotToken,
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
            ["Delivery:InitialBackoff"] = "00:00:00.100",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        var bot = new KestrelBot(
            configureServices: services =>
            {
                if (clock is not null)
                {
                    services.AddSingleton<TimeProvider>(clock);
                }
                configureServices?.Invoke(services);
            },
            settings: all);
        return new SlackBot(slack, bot, clock ?? TimeProvider.System);
    }

    /// <summary>Who is on call for payments-primary now by the rotation alone (the tests that use it set no override before).</summary>
    public OnCallNow ScheduledOnCall() => OnCallSchedule.At(PaymentsRotation, [], Clock.GetUtcNow());

    /// <summary>A payments member by catalog id.</summary>
    public Member Member(string memberId) =>
        Catalog.FindTeam("payments")?.FindMember(memberId) ?? throw new InvalidOperationException($"'{memberId}' is not in team payments.");

    /// <summary>A payments member's Slack user id, from the catalog.</summary>
    public string SlackIdOf(string memberId) => Member(memberId).SlackUserId ?? throw new InvalidOperationException($"'{memberId}' has no slackUserId.");

    /// <summary>Waits for a top-level message in <paramref name="channel"/> that <paramref name="match"/>es and returns it as it then stands.</summary>
    public async Task<SlackMessage> MessageAsync(string channel, Func<SlackMessage, bool> match, string what)
    {
        SlackMessage? found = null;
        await KestrelBot.Until(() => Task.FromResult((found = Slack.Messages(channel).FirstOrDefault(match)) is not null), $"{what} in {channel}");
        return found!;
    }

    /// <summary>
    /// Waits until the bot has opened a direct message with <paramref name="user"/> (<c>conversations.open</c>, a
    /// <c>D…</c> channel) and a message there <paramref name="match"/>es; returns the channel and the message.
    /// </summary>
    public async Task<(string Channel, SlackMessage Message)> DirectMessageAsync(string user, Func<SlackMessage, bool> match, string what)
    {
        string? channel = null;
        SlackMessage? found = null;
        await KestrelBot.Until(
            () => Task.FromResult((channel = Slack.DirectMessageChannel(user)) is not null && (found = Slack.Messages(channel).FirstOrDefault(match)) is not null),
            $"{what} in the direct messages with {user}");
        Assert.StartsWith("D", channel, StringComparison.Ordinal);
        return (channel!, found!);
    }

    /// <summary>
    /// Step 0 of a new payments incident's escalation, as Slack shows it: the incident message in the team's channel
    /// (found by <paramref name="title"/>), the reply in its thread that pages the main on call now with a Slack
    /// mention, and the incident in the main's direct messages with its Acknowledge button.
    /// </summary>
    public async Task<(SlackMessage Incident, SlackMessage Page, string DirectChannel, SlackMessage Direct)> PagedAsync(string title)
    {
        var main = SlackIdOf(ScheduledOnCall().Main);
        var incident = await MessageAsync(
            PaymentsChannel,
            m => m.AllText.Contains(title, StringComparison.Ordinal) && m.Replies.Any(r => IsPageOf(r, main)),
            $"the incident '{title}' with the page of <@{main}> in its thread");
        var page = Assert.Single(incident.Replies, r => IsPageOf(r, main));
        var (directChannel, direct) = await DirectMessageAsync(
            main, m => m.AllText.Contains(title, StringComparison.Ordinal) && m.ActionIds.Contains("incident.acknowledge"), $"the incident '{title}'");
        return (incident, page, directChannel, direct);
    }

    /// <summary>The <c>value</c> of the message's button <paramref name="actionId"/> (what a click on it sends), failing when it has none.</summary>
    public static string ButtonValue(SlackMessage message, string actionId)
    {
        var button = message.Blocks?
            .SelectMany(b => b?["elements"] is System.Text.Json.Nodes.JsonArray elements ? elements : [])
            .FirstOrDefault(e => e?["action_id"]?.GetValue<string>() == actionId);
        Assert.True(button is not null, $"The message has no button {actionId}; it has [{string.Join(", ", message.ActionIds)}].");
        return button["value"]?.GetValue<string>() ?? throw new InvalidOperationException($"The button {actionId} carries no value.");
    }

    /// <summary>A thread reply that pages <paramref name="user"/>: "Paging &lt;@U…&gt; (main, step 1 of 12)" and the like.</summary>
    public static bool IsPageOf(SlackMessage reply, string user) =>
        reply.AllText.Contains($"paging <@{user}>", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Waits until the bot's outbox has nothing left to deliver: everything queued so far has reached the fake Slack.
    /// The settle point before asserting that something was not sent.
    /// </summary>
    public async Task DeliveredAsync()
    {
        var outbox = Bot.Services.GetRequiredService<IOutbox>();
        await KestrelBot.Until(async () => await outbox.PendingCountAsync(CancellationToken.None) == 0, "the outbox to drain");
    }

    /// <summary>Posts an Alertmanager webhook with one firing alert per <paramref name="alerts"/> (sloth id, region, summary).</summary>
    public async Task PostAlertsAsync(params (string SlothId, string Region, string Summary)[] alerts)
    {
        var body = JsonSerializer.Serialize(new
        {
            version = "4",
            status = "firing",
            receiver = "slo-bot",
            alerts = alerts.Select(a => new
            {
                status = "firing",
                startsAt = "2026-11-21T10:00:00Z",
                endsAt = "0001-01-01T00:00:00Z",
                labels = new Dictionary<string, string>
                {
                    ["alertname"] = "ErrorBudgetBurn",
                    ["sloth_id"] = a.SlothId,
                    ["sloth_severity"] = "page",
                    ["environment"] = "production",
                    ["region"] = a.Region,
                },
                annotations = new Dictionary<string, string> { ["summary"] = a.Summary },
            }),
        });
        using var response = await Bot.PostAlertmanagerAsync(body);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Waits for exactly one top-level message in <paramref name="channel"/> and returns it.</summary>
    public async Task<SlackMessage> SingleMessageAsync(string channel, Func<SlackMessage, bool>? until = null)
    {
        await KestrelBot.Until(() => Task.FromResult(Slack.Messages(channel) is [var m] && (until?.Invoke(m) ?? true)), $"one message in {channel}");
        return Assert.Single(Slack.Messages(channel));
    }

    /// <summary>
    /// Everything the user was shown in answer to a command or click: the HTTP answer's text, what was posted to its
    /// <c>response_url</c>, and ephemerals sent to them in <paramref name="channel"/>. Waits until there is something.
    /// </summary>
    public async Task<string> AnswerAsync(SlackInvocation invocation, string user, string channel, int ephemeralsBefore = 0)
    {
        string Collect()
        {
            var parts = new List<string>();
            if (invocation.Response.ContentType == "application/json" && invocation.Response.Body.Length > 0)
            {
                parts.Add(TextsOf(JsonDocument.Parse(invocation.Response.Body).RootElement));
            }
            parts.AddRange(Slack.ResponsesTo(invocation.ResponseUrl).Select(p => TextsOf(JsonDocument.Parse(p.Body.ToJsonString()).RootElement)));
            parts.AddRange(Slack.Ephemerals(channel, user).Skip(ephemeralsBefore).Where(e => e.Via == "chat.postEphemeral").Select(e => string.Join('\n', e.Text, e.Blocks?.ToJsonString())));
            return string.Join('\n', parts.Where(p => p.Length > 0));
        }
        await KestrelBot.Until(() => Task.FromResult(Collect().Length > 0), "an answer to the user");
        return Collect();
    }

    public async ValueTask DisposeAsync()
    {
        Driver.Dispose();
        Bot.Dispose();
        await Slack.DisposeAsync();
    }

    /// <summary>Every <c>text</c> value anywhere in a Slack answer (its text and its blocks), one per line.</summary>
    private static string TextsOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => string.Join('\n', element.EnumerateObject().Select(p => p.Name == "text" && p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : TextsOf(p.Value)).Where(t => t.Length > 0)),
        JsonValueKind.Array => string.Join('\n', element.EnumerateArray().Select(TextsOf).Where(t => t.Length > 0)),
        _ => "",
    };

    /// <summary>The example catalog's Slack side: each team's <c>destinations.slack</c> channel and each member with a <c>slackUserId</c>.</summary>
    private static FakeSlackOptions ExampleWorkspace()
    {
        var options = new FakeSlackOptions();
        string? team = null, name = null, email = null;
        foreach (var line in File.ReadLines(Path.Combine(RepositoryPaths.ExampleCatalog, "teams.yaml")))
        {
            if (TeamId().Match(line) is { Success: true } t)
            {
                team = t.Groups[1].Value;
            }
            else if (Field().Match(line) is { Success: true } f)
            {
                var value = f.Groups[2].Value.Trim('"');
                switch (f.Groups[1].Value)
                {
                    case "name":
                        name = value;
                        break;
                    case "email":
                        email = value;
                        break;
                    case "slackUserId":
                        options.Users.Add(new FakeSlackUser(value, email!.Split('@')[0], name!, email));
                        break;
                    case "slack":
                        options.Channels.Add(new FakeSlackChannel(value, $"{team}-slo-breaches"));
                        break;
                    default:
                        break;
                }
            }
        }
        return options;
    }

    [GeneratedRegex(@"^  - id: (\S+)$")]
    private static partial Regex TeamId();

    [GeneratedRegex(@"^\s+-?\s*(name|email|slackUserId|slack):\s*(\S.*)$")]
    private static partial Regex Field();
}
