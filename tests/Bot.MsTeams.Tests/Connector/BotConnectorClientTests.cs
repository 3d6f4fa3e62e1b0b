using System.Globalization;
using System.Net;
using Bot.MsTeams.Connector;
using Bot.MsTeams.Schema;

namespace Bot.MsTeams.Tests.Connector;

public sealed class BotConnectorClientTests : IAsyncLifetime
{
    private const string Thread = "19:6848757105754c8981c67612732d9aa7@thread.tacv2;messageid=1759881511856";
    private const string EscapedThread = "19%3A6848757105754c8981c67612732d9aa7%40thread.tacv2%3Bmessageid%3D1759881511856";

    private static readonly Activity Hello = new() { Type = ActivityTypes.Message, Text = "hello" };

    private ConnectorHarness _harness = null!;

    private LoopbackTeams Teams => _harness.Teams;

    public async Task InitializeAsync() => _harness = await ConnectorHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task SendToConversation_ChannelThread_PostsToTheEscapedIdWithBearerAndUtf8Json()
    {
        var sent = await _harness.Connector.SendToConversationAsync(_harness.ServiceUrl(), Thread, Hello, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(sent.Id));
        var request = Assert.Single(Teams.ConnectorRequests);
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/amer/tenant-1/v3/conversations/{EscapedThread}/activities", request.RawTarget);
        Assert.Equal("Bearer token-1", request.Authorization);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal("""{"type":"message","text":"hello"}""", request.Body);
    }

    [Theory]
    [InlineData("amer/tenant-1")]
    [InlineData("amer/tenant-1/")]
    [InlineData("amer/tenant-1/?ignored=1")]
    public async Task CreateConversation_ServiceUrlWithOrWithoutTrailingSlash_PostsUnderItsPath(string path)
    {
        var created = await _harness.Connector.CreateConversationAsync(
            new Uri(Teams.BaseUrl, path),
            new ConversationParameters { IsGroup = true, ChannelData = new TeamsChannelData { Channel = new TeamInfo("19:c@thread.tacv2") }, Activity = Hello },
            CancellationToken.None);

        Assert.StartsWith("19:c@thread.tacv2;messageid=", created.Id, StringComparison.Ordinal);
        Assert.Equal("/amer/tenant-1/v3/conversations", Assert.Single(Teams.ConnectorRequests).RawTarget);
    }

    [Fact]
    public async Task UpdateActivity_PutsTheWholeActivityAtBothEscapedIds()
    {
        var updated = await _harness.Connector.UpdateActivityAsync(
            _harness.ServiceUrl(), Thread, "1:1767765488332", Hello with { Id = "1:1767765488332" }, CancellationToken.None);

        Assert.Equal("1:1767765488332", updated.Id);
        var request = Assert.Single(Teams.ConnectorRequests);
        Assert.Equal(("PUT", $"/amer/tenant-1/v3/conversations/{EscapedThread}/activities/1%3A1767765488332"), (request.Method, request.RawTarget));
        Assert.Equal(("message", "1:1767765488332"), ((string?)request.Json["type"], (string?)request.Json["id"]));
    }

    [Fact]
    public async Task UpdateActivity_EmptyAnswer_KeepsTheActivityId()
    {
        Teams.EnqueueJson("PUT", $"/amer/tenant-1/v3/conversations/{EscapedThread}/activities/42", HttpStatusCode.OK, "");

        var updated = await _harness.Connector.UpdateActivityAsync(_harness.ServiceUrl(), Thread, "42", Hello, CancellationToken.None);

        Assert.Equal("42", updated.Id);
    }

    [Fact]
    public async Task ReplyToActivity_PostsUnderTheActivity()
    {
        await _harness.Connector.ReplyToActivityAsync(_harness.ServiceUrl(), Thread, "1759881511856", Hello, CancellationToken.None);

        var request = Assert.Single(Teams.ConnectorRequests);
        Assert.Equal(("POST", $"/amer/tenant-1/v3/conversations/{EscapedThread}/activities/1759881511856"), (request.Method, request.RawTarget));
    }

    [Fact]
    public async Task DeleteActivity_SendsDeleteWithoutABody()
    {
        await _harness.Connector.DeleteActivityAsync(_harness.ServiceUrl(), Thread, "1759881511856", CancellationToken.None);

        var request = Assert.Single(Teams.ConnectorRequests);
        Assert.Equal(("DELETE", $"/amer/tenant-1/v3/conversations/{EscapedThread}/activities/1759881511856", ""), (request.Method, request.RawTarget, request.Body));
        Assert.Equal("Bearer token-1", request.Authorization);
    }

    [Fact]
    public async Task ManyCalls_ShareOneToken()
    {
        for (var i = 0; i < 5; i++)
        {
            await _harness.Connector.SendToConversationAsync(_harness.ServiceUrl(), Thread, Hello, CancellationToken.None);
        }

        Assert.Single(Teams.TokenRequests);
        Assert.All(Teams.ConnectorRequests, request => Assert.Equal("Bearer token-1", request.Authorization));
    }

    [Fact]
    public async Task Unauthorized_RetriesOnceWithAFreshToken()
    {
        Teams.EnqueueJson("POST", $"/amer/tenant-1/v3/conversations/{EscapedThread}/activities", HttpStatusCode.Unauthorized,
            """{"message":"Authorization has been denied for this request."}""");

        var sent = await _harness.Connector.SendToConversationAsync(_harness.ServiceUrl(), Thread, Hello, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(sent.Id));
        Assert.Equal(["Bearer token-1", "Bearer token-2"], Teams.ConnectorRequests.Select(r => r.Authorization));
        Assert.Equal(Teams.ConnectorRequests[0].Body, Teams.ConnectorRequests[1].Body);
        Assert.Equal(2, Teams.TokenRequests.Count);
    }

    [Fact]
    public async Task Unauthorized_EvenWithAFreshToken_ThrowsWithoutAThirdTry()
    {
        var target = $"/amer/tenant-1/v3/conversations/{EscapedThread}/activities";
        Teams.EnqueueJson("POST", target, HttpStatusCode.Unauthorized, """{"message":"Authorization has been denied for this request."}""");
        Teams.EnqueueJson("POST", target, HttpStatusCode.Unauthorized, """{"message":"Authorization has been denied for this request."}""");

        var refused = await Assert.ThrowsAsync<ConnectorException>(() =>
            _harness.Connector.SendToConversationAsync(_harness.ServiceUrl(), Thread, Hello, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("Authorization has been denied for this request.", refused.ConnectorMessage);
        Assert.Equal(2, Teams.ConnectorRequests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"error":{"code":"BadArgument","message":"Unknown activity type"}}""", "BadArgument", "Unknown activity type")]
    [InlineData(HttpStatusCode.NotFound, """{"error":{"code":"ConversationNotFound","message":"Conversation not found."}}""", "ConversationNotFound", "Conversation not found.")]
    [InlineData(
        HttpStatusCode.Forbidden,
        """{"errorCode":209,"message":"{\r\n  \"subCode\": \"MessageWritesBlocked\",\r\n  \"details\": \"Thread is blocked from message writes.\",\r\n  \"errorCode\": null,\r\n  \"errorSubCode\": null\r\n}"}""",
        "MessageWritesBlocked",
        "Thread is blocked from message writes.")]
    [InlineData(HttpStatusCode.Forbidden, """{"errorCode":209,"message":"subCode MessageWritesBlocked"}""", "MessageWritesBlocked", "subCode MessageWritesBlocked")]
    [InlineData(HttpStatusCode.Forbidden, """{"errorCode":210,"message":"something else"}""", "210", "something else")]
    [InlineData(HttpStatusCode.BadGateway, "<html>Bad gateway</html>", null, "<html>Bad gateway</html>")]
    [InlineData(HttpStatusCode.GatewayTimeout, "", null, null)]
    public async Task ErrorAnswer_ThrowsWithTheConnectorsCodeAndMessage(HttpStatusCode status, string body, string? code, string? message)
    {
        Teams.EnqueueJson("POST", $"/amer/tenant-1/v3/conversations/{EscapedThread}/activities", status, body);

        var refused = await Assert.ThrowsAsync<ConnectorException>(() =>
            _harness.Connector.SendToConversationAsync(_harness.ServiceUrl(), Thread, Hello, CancellationToken.None));

        Assert.Equal((status, code, message), (refused.StatusCode, refused.ErrorCode, refused.ConnectorMessage));
        Assert.Equal("send to conversation", refused.Operation);
        Assert.Null(refused.RetryAfter);
    }

    [Fact]
    public async Task TooManyRequests_RetryAfterInSeconds_IsReadAsADelay()
    {
        Teams.EnqueueJson("POST", $"/amer/tenant-1/v3/conversations/{EscapedThread}/activities", HttpStatusCode.TooManyRequests, "", retryAfter: "3");

        var refused = await Assert.ThrowsAsync<ConnectorException>(() =>
            _harness.Connector.SendToConversationAsync(_harness.ServiceUrl(), Thread, Hello, CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(3), refused.RetryAfter);
    }

    [Theory]
    [InlineData(90, 90)]
    [InlineData(-30, 0)]
    public async Task TooManyRequests_RetryAfterAsHttpDate_IsTheDelayFromNow(int secondsFromNow, int expectedSeconds)
    {
        var date = _harness.Clock.Now.AddSeconds(secondsFromNow).ToString("r", CultureInfo.InvariantCulture);
        Teams.EnqueueJson("POST", $"/amer/tenant-1/v3/conversations/{EscapedThread}/activities", HttpStatusCode.TooManyRequests, "", retryAfter: date);

        var refused = await Assert.ThrowsAsync<ConnectorException>(() =>
            _harness.Connector.SendToConversationAsync(_harness.ServiceUrl(), Thread, Hello, CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), refused.RetryAfter);
    }

    [Fact]
    public async Task CreatedWithoutAnId_ThrowsInsteadOfReturningNothing()
    {
        Teams.EnqueueJson("POST", "/amer/tenant-1/v3/conversations", HttpStatusCode.Created, "{}");

        var refused = await Assert.ThrowsAsync<ConnectorException>(() =>
            _harness.Connector.CreateConversationAsync(_harness.ServiceUrl(), new ConversationParameters { IsGroup = true }, CancellationToken.None));

        Assert.Equal("InvalidResponse", refused.ErrorCode);
    }

    [Fact]
    public async Task PlainHttpServiceUrlOffLoopback_ThrowsBeforeTheTokenIsFetchedOrSent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            _harness.Connector.SendToConversationAsync(new Uri("http://smba.invalid/amer/"), Thread, Hello, CancellationToken.None));

        Assert.Empty(Teams.Requests);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/50612dbb-0237-4969-b378-8d42590f9c00/", "https://smba.trafficmanager.net/amer/50612dbb-0237-4969-b378-8d42590f9c00/")]
    [InlineData("https://smba.trafficmanager.net/amer", "https://smba.trafficmanager.net/amer/")]
    [InlineData("https://smba.infra.gcc.teams.microsoft.com/gcc", "https://smba.infra.gcc.teams.microsoft.com/gcc/")]
    [InlineData("http://127.0.0.1:5000/fake", "http://127.0.0.1:5000/fake/")]
    [InlineData("http://localhost:5000", "http://localhost:5000/")]
    [InlineData("http://[::1]:5000/", "http://[::1]:5000/")]
    public void BaseOf_HttpsOrLoopback_IsNormalisedToOneTrailingSlash(string serviceUrl, string expected) =>
        Assert.Equal(new Uri(expected), ConnectorUrls.BaseOf(new Uri(serviceUrl)));

    [Theory]
    [InlineData("http://smba.trafficmanager.net/amer/")]
    [InlineData("http://10.0.0.5/amer/")]
    [InlineData("ftp://127.0.0.1/amer/")]
    [InlineData("https://user:secret@smba.trafficmanager.net/amer/")]
    public void BaseOf_PlainHttpElsewhereOrOtherSchemes_IsRefused(string serviceUrl) =>
        Assert.Throws<ArgumentException>(() => ConnectorUrls.BaseOf(new Uri(serviceUrl)));
}
