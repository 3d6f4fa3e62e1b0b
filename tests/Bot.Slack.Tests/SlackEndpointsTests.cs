using System.Net;
using System.Text.Json.Nodes;
using Bot.Core.Delivery;
using Bot.Slack.Tests.Support;
using Bot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Slack.Tests;

public sealed class SlackEndpointsTests
{
    private static string StatusForm => Fixture.Text("slash-command-status.form");

    private static string AckClickForm => "payload=" + Uri.EscapeDataString(Fixture.Text("block-actions-acknowledge.json"));

    private static async Task<JsonObject> JsonOf(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>The text every status of Team Payments starts with, at the host's clock (its SLO has nothing pushed unless a test pushes).</summary>
    private const string PaymentsStatus = "Team Payments · 1 SLO: 1 healthy · 2026-03-01 14:05 UTC";

    [Fact]
    public async Task Commands_SignedStatusInATeamsChannel_RepliesEphemeralWithThatTeamsSloStatus()
    {
        await using var host = await SlackTestHost.StartAsync();
        host.Sli.Counts[TestCatalog.SloId] = StubSliStore.Of(999_400, 1_000_000, 0.002, 0.003, 0.002, 0.0015, 0.001);

        using var response = await host.PostFormAsync("/slack/commands", StatusForm);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        var reply = await JsonOf(response);
        Assert.Equal("ephemeral", (string?)reply["response_type"]);
        Assert.StartsWith("Team Payments · 1 SLO: 1 burning, 0 healthy · 2026-03-01 14:05 UTC", (string?)reply["text"], StringComparison.Ordinal);
        var blocks = reply["blocks"]!.AsArray();
        Assert.Equal(("header", "SLO status · Team Payments"), ((string?)blocks[0]!["type"], (string?)blocks[0]!["text"]!["text"]));
        Assert.Equal(
            ":large_orange_circle: *Checkout API / availability* · 99.9% · 28d rolling\n" +
            "Budget left *40.0%* · SLI 99.940% · burn 1h *3×* / 24h 1.5×\n" +
            "Exhaustion: in about 3.7 days at the 1h rate · no open incidents",
            (string?)blocks[2]!["text"]!["text"]);
    }

    [Fact]
    public async Task Commands_AckOfAnUnknownIncident_RepliesWithTheRefusalEphemerally()
    {
        await using var host = await SlackTestHost.StartAsync();

        using var response = await host.PostFormAsync("/slack/commands", "command=%2Fslo&text=ack+%2342&user_id=U0ANA&channel_id=C0PAY&response_url=https%3A%2F%2Fhooks.slack.test%2Fc%2F1");

        var reply = await JsonOf(response);
        Assert.Equal(("ephemeral", "There is no incident #42."), ((string?)reply["response_type"], (string?)reply["text"]));
        Assert.StartsWith(":warning:", (string?)reply["blocks"]![0]!["text"]!["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_SlowCommand_AnswersWorkingOnItThenPostsTheReplyToResponseUrl()
    {
        var store = new EmptyIncidentStore { Blocking = true };
        var clock = new ManualClock(new DateTimeOffset(2026, 3, 1, 14, 5, 0, TimeSpan.Zero)) { ImmediateTimers = true };
        await using var host = await SlackTestHost.StartAsync(clock: clock, store: store);

        using var response = await host.PostFormAsync("/slack/commands", StatusForm);
        var immediate = await JsonOf(response);
        store.Gate.SetResult();
        var later = Assert.Single(await host.Slack.WaitForAsync("/commands/T111/111/xxx"));

        Assert.Equal(("ephemeral", "Working on it… the answer will follow here."), ((string?)immediate["response_type"], (string?)immediate["text"]));
        Assert.Equal("ephemeral", (string?)later.Json["response_type"]);
        Assert.StartsWith(PaymentsStatus, (string?)later.Json["text"], StringComparison.Ordinal);
        Assert.Null(later.Authorization);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task Commands_TimestampMoreThanFiveMinutesOff_Is401AndNothingRuns(int skewSeconds)
    {
        var store = new EmptyIncidentStore { Blocking = true };
        await using var host = await SlackTestHost.StartAsync(store: store);

        using var response = await host.PostFormAsync("/slack/commands", StatusForm, TimeSpan.FromSeconds(skewSeconds));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(host.Slack.Requests);
    }

    [Fact]
    public async Task Commands_SignedWithAnotherSecret_Is401()
    {
        await using var host = await SlackTestHost.StartAsync();

        using var response = await host.PostSignedAsync("/slack/commands", StatusForm, "application/x-www-form-urlencoded", secret: "not-the-signing-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Commands_WithoutSlackHeaders_Is401()
    {
        await using var host = await SlackTestHost.StartAsync();

        using var content = new StringContent(StatusForm, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await host.Client.PostAsync(new Uri("/slack/commands", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Commands_SslCheck_Is200WithAnEmptyBody()
    {
        await using var host = await SlackTestHost.StartAsync();

        using var content = new StringContent("ssl_check=1&token=legacy", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await host.Client.PostAsync(new Uri("/slack/commands", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Commands_BodyOverOneMebibyte_Is413()
    {
        await using var host = await SlackTestHost.StartAsync();

        using var response = await host.PostFormAsync("/slack/commands", StatusForm + "&padding=" + new string('x', 1024 * 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Interactions_AcknowledgeClick_Answers200EmptyThenTellsTheClickerEphemerally()
    {
        await using var host = await SlackTestHost.StartAsync();

        using var response = await host.PostFormAsync("/slack/interactions", AckClickForm);
        var told = Assert.Single(await host.Slack.WaitForAsync("/api/chat.postEphemeral"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Equal(("C0PAY", "U0ANA", "There is no incident #42."), ((string?)told.Json["channel"], (string?)told.Json["user"], (string?)told.Json["text"]));
        Assert.Equal("Bearer xoxb-test-token", told.Authorization);
    }

    [Fact]
    public async Task Interactions_PostmortemClick_SaysNotAvailableYet()
    {
        await using var host = await SlackTestHost.StartAsync();

        using var response = await host.PostFormAsync("/slack/interactions", AckClickForm.Replace("incident.acknowledge", "incident.postmortem", StringComparison.Ordinal));
        var told = Assert.Single(await host.Slack.WaitForAsync("/api/chat.postEphemeral"));

        Assert.Contains("not available yet", (string?)told.Json["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Interactions_EphemeralRefused_AnswersThroughResponseUrl()
    {
        await using var host = await SlackTestHost.StartAsync();
        host.Slack.EnqueueJson("/api/chat.postEphemeral", """{"ok":false,"error":"user_not_in_channel"}""");

        using var response = await host.PostFormAsync("/slack/interactions", AckClickForm);
        var told = Assert.Single(await host.Slack.WaitForAsync("/actions/T111/123456/AbCd"));

        Assert.Equal(("ephemeral", false, "There is no incident #42."), ((string?)told.Json["response_type"], (bool?)told.Json["replace_original"], (string?)told.Json["text"]));
    }

    [Fact]
    public async Task Interactions_UnknownActionId_Is200AndDoesNothing()
    {
        await using var host = await SlackTestHost.StartAsync();

        using var response = await host.PostFormAsync("/slack/interactions", AckClickForm.Replace("incident.acknowledge", "deploy.approve", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(host.Slack.Requests);
    }

    [Fact]
    public async Task Events_UrlVerification_EchoesTheChallengeAsJson()
    {
        await using var host = await SlackTestHost.StartAsync();

        using var response = await host.PostJsonAsync("/slack/events", Fixture.Text("url-verification.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", (string?)(await JsonOf(response))["challenge"]);
    }

    [Fact]
    public async Task Events_AppMention_RepliesInTheMentionsThread()
    {
        await using var host = await SlackTestHost.StartAsync();

        using var response = await host.PostJsonAsync("/slack/events", Fixture.Text("event-app-mention.json"));
        var reply = Assert.Single(await host.Slack.WaitForAsync("/api/chat.postMessage"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("C0PAY", "1700000020.000200"), ((string?)reply.Json["channel"], (string?)reply.Json["thread_ts"]));
        Assert.StartsWith(PaymentsStatus, (string?)reply.Json["text"], StringComparison.Ordinal);
        Assert.Equal("SLO status · Team Payments", (string?)reply.Json["blocks"]![0]!["text"]!["text"]);
    }

    [Fact]
    public async Task Events_MentionDeletedBeforeTheReply_RepliesInTheChannelInstead()
    {
        await using var host = await SlackTestHost.StartAsync();
        host.Slack.EnqueueJson("/api/chat.postMessage", """{"ok":false,"error":"thread_not_found"}""");

        using var response = await host.PostJsonAsync("/slack/events", Fixture.Text("event-app-mention.json"));
        var posts = await host.Slack.WaitForAsync("/api/chat.postMessage", 2);

        Assert.Equal("1700000020.000200", (string?)posts[0].Json["thread_ts"]);
        Assert.Null(posts[1].Json["thread_ts"]);
        Assert.StartsWith(PaymentsStatus, (string?)posts[1].Json["text"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Events_RetriedDeliveryOnAnotherReplica_RepliesOnlyOnce()
    {
        var claims = new CountingIdempotencyStore(new MemoryIdempotencyStore());
        await using var first = await SlackTestHost.StartAsync(claims: claims);
        await using var second = await SlackTestHost.StartAsync(claims: claims);
        var mention = Fixture.Text("event-app-mention.json");

        using var original = await first.PostJsonAsync("/slack/events", mention);
        using var retry = await second.PostJsonAsync("/slack/events", mention, new Dictionary<string, string> { ["X-Slack-Retry-Num"] = "1", ["X-Slack-Retry-Reason"] = "http_timeout" });
        await claims.WaitForAttemptsAsync(2);
        await first.Slack.WaitForAsync("/api/chat.postMessage");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (original.StatusCode, retry.StatusCode));
        Assert.Single(first.Slack.To("/api/chat.postMessage"));
        Assert.Empty(second.Slack.To("/api/chat.postMessage"));
    }

    [Fact]
    public async Task Events_MentionPostedByABot_IsIgnored()
    {
        var claims = new CountingIdempotencyStore(new MemoryIdempotencyStore());
        await using var host = await SlackTestHost.StartAsync(claims: claims);
        var botMessage = Fixture.Text("event-app-mention.json").Replace("\"user\": \"U0ANA\"", "\"user\": \"U0BOT\"", StringComparison.Ordinal);

        using var response = await host.PostJsonAsync("/slack/events", botMessage);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, claims.Attempts);
    }

    [Fact]
    public async Task SlackOff_NoSecrets_EndpointsAnswer404NamingTheKeysAndNoChannelIsRegistered()
    {
        await using var host = await SlackTestHost.StartAsync(settings: new Dictionary<string, string?>());

        using var response = await host.Client.PostAsync(new Uri("/slack/commands", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Slack is not configured (Slack:SigningSecret, Slack:BotToken)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(host.Services.GetServices<IChatChannel>());
    }

    [Theory]
    [InlineData("Slack:SigningSecret", "Slack:BotToken")]
    [InlineData("Slack:BotToken", "Slack:SigningSecret")]
    public async Task SlackHalfConfigured_StartFailsNamingTheMissingKey(string present, string missing)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            SlackTestHost.StartAsync(settings: new Dictionary<string, string?> { [present] = "set" }));

        Assert.StartsWith($"{missing} is not set", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlackOn_RegistersSlackAsAChatChannelPacedAtOnePerSecond()
    {
        await using var host = await SlackTestHost.StartAsync();

        var channel = Assert.Single(host.Services.GetServices<IChatChannel>());

        Assert.Equal((Core.Catalog.ChatPlatform.Slack, 1.0), (channel.Platform, channel.MessagesPerSecond));
    }
}
