using System.Net;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Slack.Api;
using Bot.Slack.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Slack.Tests;

public sealed class SlackChatChannelTests : IDisposable
{
    private static readonly ChatDestination Payments = new(ChatPlatform.Slack, "C0PAY");

    private static readonly IncidentMessage Message = new(
        42, 1, "Checkout API availability", "#42 SLO breach · critical · open", IncidentState.Open, IncidentSeverity.Critical, "P1",
        [new("Service", "Checkout API")], [], [MessageAction.Acknowledge]);

    private static readonly ChatMessageRef Posted = new(MessageSubject.Incident(42), Payments.Key, "1700000000.000100", "1700000000.000100", 1, DateTimeOffset.UnixEpoch);

    private readonly StubSlackHandler _slack = new();

    public void Dispose() => _slack.Dispose();

    private SlackChatChannel Channel() => new(new SlackApiClient(new StubClients(_slack), TimeProvider.System, NullLogger<SlackApiClient>.Instance));

    [Fact]
    public async Task Post_SlackAnswersOk_IsDeliveredWithTsAsMessageAndThreadId()
    {
        _slack.EnqueueJson("/api/chat.postMessage", """{"ok":true,"channel":"C0PAY","ts":"1700000000.000100","message":{"type":"message"}}""");

        var result = await Channel().PostAsync(Payments, Message, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("1700000000.000100", "1700000000.000100"), result);
        var request = Assert.Single(_slack.Requests);
        Assert.Equal((HttpMethod.Post, "Bearer xoxb-test-token", "application/json; charset=utf-8"), (request.Method, request.Authorization, request.ContentType));
        Assert.Equal("C0PAY", (string?)request.Json["channel"]);
        Assert.Contains("Checkout API availability", (string?)request.Json["text"], StringComparison.Ordinal);
        Assert.Equal("header", (string?)request.Json["blocks"]![0]!["type"]);
    }

    [Fact]
    public async Task Post_RateLimitedWithRetryAfter_RetriesLaterAfterSlacksDelay()
    {
        _slack.Enqueue("/api/chat.postMessage", () => new HttpResponseMessage(HttpStatusCode.TooManyRequests)
        {
            Headers = { RetryAfter = new(TimeSpan.FromSeconds(30)) },
            Content = new StringContent("""{"ok":false,"error":"ratelimited"}"""),
        });

        var result = await Channel().PostAsync(Payments, Message, CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(30), Assert.IsType<DeliveryResult.RetryLater>(result).RetryAfter);
    }

    [Fact]
    public async Task Post_ServerError_RetriesLaterWithoutADelay()
    {
        _slack.EnqueueJson("/api/chat.postMessage", "<html>bad gateway</html>", HttpStatusCode.InternalServerError);

        var result = await Channel().PostAsync(Payments, Message, CancellationToken.None);

        var retry = Assert.IsType<DeliveryResult.RetryLater>(result);
        Assert.Null(retry.RetryAfter);
        Assert.Contains("http_500", retry.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("channel_not_found")]
    [InlineData("not_in_channel")]
    [InlineData("is_archived")]
    [InlineData("invalid_auth")]
    [InlineData("token_revoked")]
    [InlineData("missing_scope")]
    [InlineData("invalid_blocks")]
    [InlineData("some_code_slack_adds_tomorrow")]
    public async Task Post_PermanentSlackError_IsRejectedNamingTheCode(string error)
    {
        _slack.EnqueueJson("/api/chat.postMessage", $$"""{"ok":false,"error":"{{error}}"}""");

        var result = await Channel().PostAsync(Payments, Message, CancellationToken.None);

        var rejected = Assert.IsType<DeliveryResult.Rejected>(result);
        Assert.Contains(error, rejected.Error, StringComparison.Ordinal);
        Assert.Contains("C0PAY", rejected.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("internal_error")]
    [InlineData("fatal_error")]
    [InlineData("request_timeout")]
    [InlineData("ratelimited")]
    public async Task Post_PassingSlackError_RetriesLater(string error)
    {
        _slack.EnqueueJson("/api/chat.postMessage", $$"""{"ok":false,"error":"{{error}}"}""");

        Assert.IsType<DeliveryResult.RetryLater>(await Channel().PostAsync(Payments, Message, CancellationToken.None));
    }

    [Fact]
    public async Task Post_NetworkFailure_RetriesLater()
    {
        _slack.Enqueue("/api/chat.postMessage", () => throw new HttpRequestException("connection refused"));

        Assert.IsType<DeliveryResult.RetryLater>(await Channel().PostAsync(Payments, Message, CancellationToken.None));
    }

    [Fact]
    public async Task Update_EditsThePostedMessageByChannelAndTs()
    {
        var result = await Channel().UpdateAsync(Payments, Posted, Message with { Version = 2 }, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered(Posted.MessageId, Posted.ThreadId), result);
        var request = Assert.Single(_slack.To("/api/chat.update"));
        Assert.Equal(("C0PAY", "1700000000.000100"), ((string?)request.Json["channel"], (string?)request.Json["ts"]));
    }

    [Fact]
    public async Task Update_MessageDeleted_IsRejected()
    {
        _slack.EnqueueJson("/api/chat.update", """{"ok":false,"error":"message_not_found"}""");

        Assert.IsType<DeliveryResult.Rejected>(await Channel().UpdateAsync(Payments, Posted, Message, CancellationToken.None));
    }

    [Fact]
    public async Task Reply_PostsInTheIncidentsThreadWithEscapedText()
    {
        var result = await Channel().ReplyAsync(Payments, Posted, ChatText.Plain("Acknowledged by Ana <ana@example.com> & co"), CancellationToken.None);

        Assert.Equal("1700000000.000100", Assert.IsType<DeliveryResult.Delivered>(result).ThreadId);
        var request = Assert.Single(_slack.To("/api/chat.postMessage"));
        Assert.Equal("1700000000.000100", (string?)request.Json["thread_ts"]);
        Assert.Equal("Acknowledged by Ana &lt;ana@example.com&gt; &amp; co", (string?)request.Json["text"]);
    }

    [Fact]
    public async Task Post_AMessageSlackCannotRender_IsRejectedWithoutCallingSlack()
    {
        var result = await Channel().PostAsync(Payments, new UnknownMessage(), CancellationToken.None);

        Assert.Contains("UnknownMessage", Assert.IsType<DeliveryResult.Rejected>(result).Error, StringComparison.Ordinal);
        Assert.Empty(_slack.Requests);
    }

    [Fact]
    public async Task Post_ToATeamsDestination_IsRejectedWithoutCallingSlack()
    {
        var result = await Channel().PostAsync(new ChatDestination(ChatPlatform.MsTeams, "19:x@thread.tacv2"), Message, CancellationToken.None);

        Assert.IsType<DeliveryResult.Rejected>(result);
        Assert.Empty(_slack.Requests);
    }

    [Fact]
    public async Task ApiClient_UsersLookupByEmail_SendsAGetAndReadsTheUser()
    {
        _slack.EnqueueJson("/api/users.lookupByEmail",
            """{"ok":true,"user":{"id":"U456","name":"spengler","real_name":"Egon Spengler","tz":"America/Los_Angeles","profile":{"display_name":"spengler","email":"spengler@example.com"}}}""");
        var client = new SlackApiClient(new StubClients(_slack), TimeProvider.System, NullLogger<SlackApiClient>.Instance);

        var user = await client.LookupUserByEmailAsync("spengler+slo@example.com", CancellationToken.None);

        Assert.Equal(("U456", "spengler@example.com", "America/Los_Angeles"), (user.Id, user.Email, user.TimeZone));
        var request = Assert.Single(_slack.Requests);
        Assert.Equal((HttpMethod.Get, "?email=spengler%2Bslo%40example.com"), (request.Method, request.Query));
    }

    [Fact]
    public async Task ApiClient_ConversationsOpen_SendsAFormAndReturnsTheDmChannel()
    {
        _slack.EnqueueJson("/api/conversations.open", """{"ok":true,"channel":{"id":"D069C7QFK"}}""");
        var client = new SlackApiClient(new StubClients(_slack), TimeProvider.System, NullLogger<SlackApiClient>.Instance);

        Assert.Equal("D069C7QFK", await client.OpenConversationAsync(["U456"], CancellationToken.None));
        Assert.Equal("users=U456", Assert.Single(_slack.Requests).Body);
    }

    [Fact]
    public async Task ApiClient_MissingScope_ThrowsWithTheCodeAndTheNeededScope()
    {
        _slack.EnqueueJson("/api/users.info", """{"ok":false,"error":"missing_scope","needed":"users:read","provided":"chat:write"}""");
        var client = new SlackApiClient(new StubClients(_slack), TimeProvider.System, NullLogger<SlackApiClient>.Instance);

        var refusal = await Assert.ThrowsAsync<SlackApiException>(() => client.GetUserAsync("U456", CancellationToken.None));

        Assert.Equal(("users.info", "missing_scope", "users:read"), (refusal.Method, refusal.Error, refusal.Needed));
    }

    /// <summary>A kind of message added to the core after this adapter was written.</summary>
    private sealed record UnknownMessage : ChatMessage
    {
        public override MessageSubject Subject => MessageSubject.Incident(1);
    }

    /// <summary>The named Slack client as the host configures it, over the stub.</summary>
    private sealed class StubClients(StubSlackHandler handler) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false)
        {
            BaseAddress = new Uri("https://slack.test/api/"),
            DefaultRequestHeaders = { Authorization = new("Bearer", "xoxb-test-token") },
        };
    }
}
