using System.Text.Json;
using System.Text.RegularExpressions;
using Bot.Host.Tests.EndToEnd;
using Bot.Host.Tests.Infrastructure;
using Bot.Slack.Fake;

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

    private SlackBot(FakeSlack slack, KestrelBot bot)
    {
        Slack = slack;
        Bot = bot;
        Driver = new SlackDriver(slack, bot.Api.BaseAddress!, SigningSecret);
    }

    public FakeSlack Slack { get; }

    public KestrelBot Bot { get; }

    public SlackDriver Driver { get; }

    public static async Task<SlackBot> StartAsync(Action<FakeSlackOptions>? configure = null)
    {
        var options = ExampleWorkspace();
        configure?.Invoke(options);
        var slack = await FakeSlack.StartAsync(options);
        var bot = new KestrelBot(settings: new Dictionary<string, string>
        {
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:BotToken"] = slack.BotToken,
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
            ["Delivery:InitialBackoff"] = "00:00:00.100",
        });
        return new SlackBot(slack, bot);
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
