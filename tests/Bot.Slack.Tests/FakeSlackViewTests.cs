using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Slack.Api;
using Bot.Slack.BlockKit;
using Bot.Slack.Fake;
using Bot.Slack.Tests.Support;
using Bot.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Slack.Tests;

/// <summary>
/// The fake Slack's <c>views.open</c> and menu rules, as Slack enforces them: a trigger id it handed out, within 3 s,
/// once; a modal's title, blocks and fields within their limits; a menu's options and initial option. The bot's own
/// modal and menus pass them.
/// </summary>
public sealed class FakeSlackViewTests : IAsyncLifetime, IDisposable
{
    private const string Ana = TestCatalog.AnaSlackId;

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 1, 16, 0, 0, TimeSpan.Zero));
    private readonly HttpClient _http = new();
    private FakeSlack _slack = null!;

    public async Task InitializeAsync()
    {
        var options = new FakeSlackOptions { TimeProvider = _clock, MessagesPerSecondPerChannel = 0 };
        options.Channels.Add(new FakeSlackChannel(TestCatalog.PaymentsChannel, "payments-slo-breaches"));
        options.Users.Add(new FakeSlackUser(Ana, "ana.kovac", "Ana Kovač", "ana@example.com"));
        _slack = await FakeSlack.StartAsync(options);
    }

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private async Task<JsonObject> CallAsync(string method, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_slack.ApiBaseUrl, method))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", _slack.BotToken);
        using var response = await _http.SendAsync(request);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static JsonObject Modal(string title = "Edit PM-7", int inputs = 1, int maxLength = 3000) => new()
    {
        ["type"] = "modal",
        ["callback_id"] = "postmortem.edit",
        ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = title },
        ["submit"] = new JsonObject { ["type"] = "plain_text", ["text"] = "Save" },
        ["blocks"] = new JsonArray([.. Enumerable.Range(1, inputs).Select(i => (JsonNode)new JsonObject
        {
            ["type"] = "input",
            ["block_id"] = $"section-{i}",
            ["label"] = new JsonObject { ["type"] = "plain_text", ["text"] = $"Section {i}" },
            ["element"] = new JsonObject { ["type"] = "plain_text_input", ["action_id"] = "body", ["multiline"] = true, ["max_length"] = maxLength },
        })]),
    };

    private Task<JsonObject> OpenAsync(string trigger, JsonObject view) => CallAsync("views.open", new JsonObject { ["trigger_id"] = trigger, ["view"] = view });

    [Fact]
    public async Task ViewsOpen_BotsPostmortemModal_IsOpenedAndStoredForTheTriggersUser()
    {
        var trigger = _slack.IssueTriggerId(Ana);
        var api = new SlackApiClient(new Clients(_slack), _clock, NullLogger<SlackApiClient>.Instance);

        var viewId = await api.OpenViewAsync(new ViewsOpen(trigger, PostmortemModal.Render(FakePostmortemEditor.Sample())), CancellationToken.None);

        var view = Assert.Single(_slack.Views);
        Assert.Equal((viewId, Ana, "postmortem.edit", "7:3", "Edit PM-7"), (view.Id, view.User, view.CallbackId, view.PrivateMetadata, view.Title));
        Assert.Equal(["summary", "one-time-quick-fix", "detection"], view.Inputs.Select(i => i.BlockId));
        Assert.Null(_slack.CallsOf("views.open").Single().Error);
    }

    [Fact]
    public async Task ViewsOpen_TriggerUsedTwice_IsExchanged()
    {
        var trigger = _slack.IssueTriggerId(Ana);

        var first = await OpenAsync(trigger, Modal());
        var second = await OpenAsync(trigger, Modal());

        Assert.True((bool?)first["ok"]);
        Assert.Equal((false, "exchanged_trigger_id"), ((bool?)second["ok"], (string?)second["error"]));
        Assert.Single(_slack.Views);
    }

    [Fact]
    public async Task ViewsOpen_TriggerOlderThanThreeSeconds_IsExpired()
    {
        var trigger = _slack.IssueTriggerId(Ana);
        _clock.Advance(TimeSpan.FromSeconds(3.5));

        var answer = await OpenAsync(trigger, Modal());

        Assert.Equal((false, "expired_trigger_id"), ((bool?)answer["ok"], (string?)answer["error"]));
        Assert.Empty(_slack.Views);
    }

    [Fact]
    public async Task ViewsOpen_TriggerTheFakeNeverIssued_IsInvalid()
    {
        var answer = await OpenAsync("123.456.made-up", Modal());

        Assert.Equal("invalid_trigger_id", (string?)answer["error"]);
    }

    [Theory]
    [InlineData("A title that is far too long for Slack", 1, 3000, "/view/title/text")]
    [InlineData("Edit PM-7", 101, 3000, "no more than 100 items")]
    [InlineData("Edit PM-7", 1, 3001, "max_length must be 1 to 3000")]
    public async Task ViewsOpen_ViewBeyondSlacksLimits_IsInvalidArguments_AndKeepsTheTrigger(string title, int inputs, int maxLength, string problem)
    {
        var trigger = _slack.IssueTriggerId(Ana);

        var answer = await OpenAsync(trigger, Modal(title, inputs, maxLength));

        Assert.Equal("invalid_arguments", (string?)answer["error"]);
        Assert.Contains(answer["response_metadata"]!["messages"]!.AsArray(), m => ((string?)m)!.Contains(problem, StringComparison.Ordinal));
        Assert.True((bool?)(await OpenAsync(trigger, Modal()))["ok"]);
    }

    [Fact]
    public async Task ViewsOpen_InputWithoutElementOrLabel_IsInvalidArguments()
    {
        var view = Modal();
        view["blocks"]![0]!.AsObject().Remove("element");
        view["blocks"]![0]!.AsObject().Remove("label");

        var answer = await OpenAsync(_slack.IssueTriggerId(Ana), view);

        var messages = answer["response_metadata"]!["messages"]!.AsArray().Select(m => (string?)m).ToList();
        Assert.Contains(messages, m => m!.Contains("missing required field: element", StringComparison.Ordinal));
        Assert.Contains(messages, m => m!.Contains("/view/blocks/0/label", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PostMessage_BotsIncidentWithMenus_IsAccepted()
    {
        var message = new Core.Notifications.IncidentMessage(42, 1, "Checkout", "#42 SLO breach · critical · open", Core.Incidents.IncidentState.Open,
            Core.Incidents.IncidentSeverity.Critical, "P1", [], [], [Core.Notifications.MessageAction.Acknowledge, Core.Notifications.MessageAction.StartPostmortem]);
        var rendered = IncidentBlocks.Render(message, BlockKitTests.Priorities);

        var answer = await CallAsync("chat.postMessage", JsonNode.Parse(JsonSerializer.Serialize(new ChatPostMessage(TestCatalog.PaymentsChannel, rendered.Text, rendered.Blocks), SlackJson.Options))!.AsObject());

        Assert.True((bool?)answer["ok"], answer.ToJsonString());
        Assert.Equal(["incident.acknowledge", "incident.postmortem", "incident.priority", "incident.severity"], Assert.Single(_slack.Messages(TestCatalog.PaymentsChannel)).ActionIds);
    }

    [Theory]
    [InlineData(0, null, "static_select needs 1 to 100 options")]
    [InlineData(101, null, "static_select needs 1 to 100 options")]
    [InlineData(3, "42:P9", "initial_option must match one of the options")]
    public async Task PostMessage_MenuBeyondSlacksRules_IsInvalidBlocks(int options, string? initial, string problem)
    {
        var menu = new JsonObject
        {
            ["type"] = "static_select",
            ["action_id"] = "incident.priority",
            ["options"] = new JsonArray([.. Enumerable.Range(1, options).Select(i => (JsonNode)Option($"P{i}", $"42:P{i}"))]),
        };
        if (initial is not null)
        {
            menu["initial_option"] = Option("P9", initial);
        }
        var body = new JsonObject
        {
            ["channel"] = TestCatalog.PaymentsChannel,
            ["text"] = "incident",
            ["blocks"] = new JsonArray(new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray(menu) }),
        };

        var answer = await CallAsync("chat.postMessage", body);

        Assert.Equal("invalid_blocks", (string?)answer["error"]);
        Assert.Contains(answer["errors"]!.AsArray(), e => ((string?)e)!.Contains(problem, StringComparison.Ordinal));

        static JsonObject Option(string text, string value) => new() { ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = text }, ["value"] = value };
    }

    [Fact]
    public async Task PostMessage_OptionTextOver75OrValueOver150_IsInvalidBlocks()
    {
        var menu = new JsonObject
        {
            ["type"] = "static_select",
            ["action_id"] = "incident.severity",
            ["options"] = new JsonArray(new JsonObject { ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = new string('x', 76) }, ["value"] = new string('v', 151) }),
        };
        var answer = await CallAsync("chat.postMessage", new JsonObject
        {
            ["channel"] = TestCatalog.PaymentsChannel,
            ["text"] = "incident",
            ["blocks"] = new JsonArray(new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray(menu) }),
        });

        var errors = answer["errors"]!.AsArray().Select(e => (string?)e).ToList();
        Assert.Contains(errors, e => e!.Contains("must be at most 75 characters", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!.Contains("value must be 1 to 150 characters", StringComparison.Ordinal));
    }

    private sealed class Clients(FakeSlack slack) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new()
        {
            BaseAddress = slack.ApiBaseUrl,
            DefaultRequestHeaders = { Authorization = new("Bearer", slack.BotToken) },
        };
    }
}
