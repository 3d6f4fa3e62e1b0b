using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Bot.Slack.Fake;
using Bot.Testing;

namespace Bot.Host.Tests.Slack;

/// <summary>The fake is only worth testing against if it refuses what Slack refuses: these pin that down.</summary>
public sealed class FakeSlackTests : IAsyncLifetime, IDisposable
{
    private const string Channel = "C05PAYSLO01";
    private FakeSlack _slack = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        var options = new FakeSlackOptions { ChatWritePublic = false };
        options.Channels.Add(new FakeSlackChannel(Channel, "payments-slo-breaches", Members: ["U05A1PAY01"]));
        options.Channels.Add(new FakeSlackChannel("C05UNINVITE", "elsewhere", BotIsMember: false));
        options.Users.Add(new FakeSlackUser("U05A1PAY01", "ana.kovac", "Ana Kovač", "ana.kovac@northwind.example"));
        options.Users.Add(new FakeSlackUser("U05A1PAY02", "kwame.mensah", "Kwame Mensah", "kwame.mensah@northwind.example"));
        _slack = await FakeSlack.StartAsync(options);
        _http = new HttpClient { BaseAddress = _slack.ApiBaseUrl };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _slack.BotToken);
    }

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task PostMessage_WithoutOrWithAWrongToken_IsRefused()
    {
        using var anonymous = new HttpClient { BaseAddress = _slack.ApiBaseUrl };
        Assert.Equal("not_authed", Error(await CallAsync(anonymous, "chat.postMessage", new { channel = Channel, text = "hi" })));

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "xoxb-not-the-token");
        Assert.Equal("invalid_auth", Error(await CallAsync(anonymous, "chat.postMessage", new { channel = Channel, text = "hi" })));

        Assert.Empty(_slack.Messages(Channel));
    }

    [Fact]
    public async Task PostMessage_ChecksChannelTextAndBlocks_AsSlackDoes()
    {
        Assert.Equal("channel_not_found", Error(await PostAsync(new { channel = "C0NOSUCH", text = "hi" })));
        Assert.Equal("not_in_channel", Error(await PostAsync(new { channel = "C05UNINVITE", text = "hi" })));
        Assert.Equal("no_text", Error(await PostAsync(new { channel = Channel })));
        Assert.Equal("msg_too_long", Error(await PostAsync(new { channel = Channel, text = new string('x', 40_001) })));
        Assert.Equal("invalid_blocks", Error(await PostAsync(new { channel = Channel, text = "t", blocks = new[] { new { type = "banner" } } })));
        Assert.Equal("invalid_blocks", Error(await PostAsync(new { channel = Channel, text = "t", blocks = Enumerable.Repeat(new { type = "divider" }, 51) })));
        Assert.Equal("invalid_blocks", Error(await PostAsync(new
        {
            channel = Channel,
            text = "t",
            blocks = new object[] { new { type = "header", text = new { type = "mrkdwn", text = "*not plain*" } } },
        })));
        Assert.Equal("invalid_blocks", Error(await PostAsync(new
        {
            channel = Channel,
            text = "t",
            blocks = new object[]
            {
                new
                {
                    type = "actions",
                    elements = new object[]
                    {
                        new { type = "button", action_id = "a", text = new { type = "plain_text", text = "A" }, style = "green" },
                    },
                },
            },
        })));
        Assert.Empty(_slack.Messages(Channel));
    }

    [Fact]
    public async Task PostMessage_ThenUpdateAndReply_KeepsOneMessageWithItsThread()
    {
        var posted = await PostAsync(new { channel = Channel, text = "first", blocks = new[] { new { type = "section", text = new { type = "mrkdwn", text = "*first*" } } } });
        var ts = posted.GetProperty("ts").GetString()!;
        Assert.Matches(@"^\d{10}\.\d{6}$", ts);

        var updated = await CallAsync(_http, "chat.update", new { channel = Channel, ts, text = "second" });
        var replied = await PostAsync(new { channel = Channel, text = "in thread", thread_ts = ts });

        Assert.True(updated.GetProperty("ok").GetBoolean());
        Assert.True(string.CompareOrdinal(replied.GetProperty("ts").GetString(), ts) > 0);
        var message = Assert.Single(_slack.Messages(Channel));
        Assert.Equal(("second", 1), (message.Text, message.EditCount));
        Assert.Equal("in thread", Assert.Single(message.Replies).Text);
        Assert.Equal("message_not_found", Error(await CallAsync(_http, "chat.update", new { channel = Channel, ts = "1700000000.000001", text = "x" })));
    }

    [Fact]
    public async Task PostMessage_AsAForm_WithBlocksAsAJsonString_IsAccepted()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["channel"] = Channel,
            ["text"] = "from a form",
            ["blocks"] = """[{"type":"divider"}]""",
        });

        using var response = await _http.PostAsync(new Uri("chat.postMessage", UriKind.Relative), form);

        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(["divider"], Assert.Single(_slack.Messages(Channel)).BlockTypes);
    }

    [Fact]
    public async Task PostMessage_FasterThanThePerChannelRate_Is429WithRetryAfter_UntilTheBucketRefills()
    {
        // A clock that stands still, so a slow machine cannot refill the bucket between two posts.
        var clock = new ManualClock(DateTimeOffset.Parse("2026-11-21T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var options = new FakeSlackOptions { TimeProvider = clock, MessagesPerSecondPerChannel = 1, BurstPerChannel = 3 };
        options.Channels.Add(new FakeSlackChannel(Channel, "payments-slo-breaches"));
        await using var slack = await FakeSlack.StartAsync(options);
        using var http = new HttpClient { BaseAddress = slack.ApiBaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", slack.BotToken);
        async Task<(HttpStatusCode Status, TimeSpan? RetryAfter)> PostAsync(int i)
        {
            using var content = JsonContent(new { channel = Channel, text = $"message {i}" });
            using var response = await http.PostAsync(new Uri("chat.postMessage", UriKind.Relative), content);
            return (response.StatusCode, response.Headers.RetryAfter?.Delta);
        }

        var burst = new List<(HttpStatusCode Status, TimeSpan? RetryAfter)>();
        for (var i = 0; i < 5; i++)
        {
            burst.Add(await PostAsync(i));
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        var afterASecond = await PostAsync(5);
        var tooSoonAgain = await PostAsync(6);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], burst.Select(b => b.Status));
        Assert.Equal(TimeSpan.FromSeconds(1), burst[3].RetryAfter);
        Assert.Equal(HttpStatusCode.OK, afterASecond.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoonAgain.Status);
        Assert.Equal(4, slack.Messages(Channel).Count);
        Assert.Equal(3, slack.RateLimits.Count(l => !l.Injected && l.Channel == Channel));
    }

    [Fact]
    public async Task FailNext_AnswersTheInjectedFailures_ThenWorksAgain()
    {
        _slack.FailNext("chat.postMessage", 1, FakeSlackFailure.ServerError);
        _slack.FailNext("chat.postMessage", 1, FakeSlackFailure.NotOk("internal_error"));

        using var first = JsonContent(new { channel = Channel, text = "x" });
        using var failed = await _http.PostAsync(new Uri("chat.postMessage", UriKind.Relative), first);
        var notOk = await PostAsync(new { channel = Channel, text = "x" });
        var ok = await PostAsync(new { channel = Channel, text = "x" });

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal("internal_error", Error(notOk));
        Assert.True(ok.GetProperty("ok").GetBoolean());
        Assert.Single(_slack.Messages(Channel));
    }

    [Fact]
    public async Task EphemeralsUsersAndDirectMessages_FollowTheWebApi()
    {
        var ephemeral = await CallAsync(_http, "chat.postEphemeral", new { channel = Channel, user = "U05A1PAY01", text = "only you" });
        var outsider = await CallAsync(_http, "chat.postEphemeral", new { channel = Channel, user = "U05A1PAY02", text = "only you" });
        var opened = await CallAsync(_http, "conversations.open", new { users = "U05A1PAY02" });
        using var byEmail = await _http.GetAsync(new Uri("users.lookupByEmail?email=ana.kovac%40northwind.example", UriKind.Relative));
        using var unknown = await _http.GetAsync(new Uri("users.info?user=U0NOBODY", UriKind.Relative));

        Assert.True(ephemeral.TryGetProperty("message_ts", out _));
        Assert.Equal("only you", Assert.Single(_slack.Ephemerals(Channel, "U05A1PAY01")).Text);
        Assert.Equal("user_not_in_channel", Error(outsider));
        Assert.StartsWith("D", opened.GetProperty("channel").GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("Ana Kovač", JsonDocument.Parse(await byEmail.Content.ReadAsStringAsync()).RootElement.GetProperty("user").GetProperty("real_name").GetString());
        Assert.Equal("user_not_found", JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ResponseUrl_RecordsEphemeralAnswers_AndStopsAfterFiveUses()
    {
        var url = _slack.CreateResponseUrl("commands", Channel, "U05A1PAY01");
        using var plain = new HttpClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var content = JsonContent(new { text = $"answer {i}" });
            using var response = await plain.PostAsync(url, content);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.OK, 5), HttpStatusCode.NotFound], statuses);
        Assert.Equal(5, _slack.Ephemerals(Channel, "U05A1PAY01").Count);
        Assert.Equal(6, _slack.ResponsesTo(url).Count);
    }

    [Fact]
    public void Signature_MatchesSlacksPublishedExample()
    {
        const string body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";

        Assert.Equal("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", SlackSignature.Sign("8f742231b10e8888abcd99yyyzzz85a5", 1531420618, body));
    }

    private Task<JsonElement> PostAsync(object body) => CallAsync(_http, "chat.postMessage", body);

    private static async Task<JsonElement> CallAsync(HttpClient http, string method, object body)
    {
        using var content = JsonContent(body);
        using var response = await http.PostAsync(new Uri(method, UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" });

    private static string? Error(JsonElement answer) =>
        answer.GetProperty("ok").GetBoolean() ? null : answer.GetProperty("error").GetString();
}
