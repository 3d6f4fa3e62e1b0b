using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.MsTeams.Cards;
using Bot.MsTeams.Connector;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http;

namespace Bot.MsTeams.Tests.Connector;

public sealed class MsTeamsChatChannelTests : IAsyncLifetime
{
    private const string Channel = "19:6848757105754c8981c67612732d9aa7@thread.tacv2";
    private const string Team = "19:66P469zibfbsGI-_a0aN_toLTZpyzS6u7CT3TsXdgPw1@thread.tacv2";
    private const string Thread = Channel + ";messageid=1767765488001";
    private const string EscapedThread = "19%3A6848757105754c8981c67612732d9aa7%40thread.tacv2%3Bmessageid%3D1767765488001";

    private static readonly ChatDestination Payments = new(ChatPlatform.MsTeams, Channel, Team, "tenant-1");

    private static readonly IncidentMessage Message = new(
        42, 1, "Checkout API availability", "#42 SLO breach · critical · open", IncidentState.Open, IncidentSeverity.Critical, "P1",
        [new("Service", "Checkout API")], [], [MessageAction.Acknowledge]);

    private static readonly ChatMessageRef Posted = new(MessageSubject.Incident(42), Payments.Key, "1767765488001", Thread, 1, DateTimeOffset.UnixEpoch);

    private ConnectorHarness _harness = null!;

    private LoopbackTeams Teams => _harness.Teams;

    public async Task InitializeAsync()
    {
        _harness = await ConnectorHarness.StartAsync();
        _harness.Conversations.Seen("tenant-1", _harness.ServiceUrl("tenant-1").ToString(), _harness.Clock.Now);
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Post_NewIncident_CreatesAChannelPostWithTheCardAndASummary()
    {
        var result = await _harness.Channel.PostAsync(Payments, Message, CancellationToken.None);

        var delivered = Assert.IsType<DeliveryResult.Delivered>(result);
        var request = Assert.Single(Teams.ConnectorRequests);
        Assert.Equal(("POST", "/amer/tenant-1/v3/conversations"), (request.Method, request.RawTarget));
        Assert.Equal(("Bearer token-1", "application/json; charset=utf-8"), (request.Authorization, request.ContentType));
        var body = request.Json;
        Assert.Equal(["activity", "channelData", "isGroup", "tenantId"], body.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True((bool)body["isGroup"]!);
        Assert.Equal("tenant-1", (string?)body["tenantId"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$$"""{"channel":{"id":"{{{Channel}}}"},"tenant":{"id":"tenant-1"}}"""), body["channelData"]));
        var activity = body["activity"]!.AsObject();
        Assert.Equal("message", (string?)activity["type"]);
        Assert.Equal("#42 SLO breach · critical · open: Checkout API availability", (string?)activity["summary"]);
        Assert.Null(activity["text"]);
        var attachment = Assert.Single(activity["attachments"]!.AsArray())!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", (string?)attachment["contentType"]);
        Assert.True(JsonNode.DeepEquals(IncidentCard.Render(Message), attachment["content"]));

        // The stub answers {"id":"<channel>;messageid=<n>","activityId":"<n>"}, numbering from 1767765488001.
        Assert.Equal(new DeliveryResult.Delivered("1767765488001", Thread), delivered);
    }

    [Fact]
    public async Task Post_AnswerWithoutActivityId_TakesItFromTheThreadId()
    {
        Teams.EnqueueJson("POST", "/amer/tenant-1/v3/conversations", HttpStatusCode.Created, $$"""{"id":"{{Thread}}"}""");

        var result = await _harness.Channel.PostAsync(Payments, Message, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("1767765488001", Thread), result);
    }

    [Fact]
    public async Task Post_DestinationWithoutTenant_UsesMsTeamsTenantId()
    {
        var result = await _harness.Channel.PostAsync(Payments with { MsTeamsTenantId = null }, Message, CancellationToken.None);

        Assert.IsType<DeliveryResult.Delivered>(result);
        var body = Assert.Single(Teams.ConnectorRequests).Json;
        Assert.Equal(("tenant-1", "tenant-1"), ((string?)body["tenantId"], (string?)body["channelData"]!["tenant"]!["id"]));
    }

    [Fact]
    public async Task Post_TenantSeenAtTwoServiceUrls_UsesTheLatest()
    {
        _harness.Conversations.Seen("tenant-2", _harness.ServiceUrl("old").ToString(), _harness.Clock.Now);
        await _harness.Conversations.SaveAsync(
            new Bot.Core.Storage.MsTeamsConversation("19:other@thread.tacv2", _harness.ServiceUrl("new").ToString(), "tenant-2", "channel", null, null, null, _harness.Clock.Now.AddMinutes(1)),
            CancellationToken.None);
        _harness.Options.ServiceUrl = _harness.ServiceUrl("configured");

        await _harness.Channel.PostAsync(Payments with { MsTeamsTenantId = "tenant-2" }, Message, CancellationToken.None);

        Assert.Equal("/amer/new/v3/conversations", Assert.Single(Teams.ConnectorRequests).RawTarget);
    }

    [Fact]
    public async Task Post_TenantNeverSeen_UsesMsTeamsServiceUrl()
    {
        _harness.Options.ServiceUrl = _harness.ServiceUrl("configured");

        var result = await _harness.Channel.PostAsync(Payments with { MsTeamsTenantId = "tenant-9" }, Message, CancellationToken.None);

        Assert.IsType<DeliveryResult.Delivered>(result);
        var request = Assert.Single(Teams.ConnectorRequests);
        Assert.Equal("/amer/configured/v3/conversations", request.RawTarget);
        Assert.Equal("tenant-9", (string?)request.Json["tenantId"]);
    }

    [Fact]
    public async Task Post_NoServiceUrlForTheTenant_RetriesLaterSayingHowToFixIt()
    {
        var result = await _harness.Channel.PostAsync(Payments with { MsTeamsTenantId = "tenant-9" }, Message, CancellationToken.None);

        var later = Assert.IsType<DeliveryResult.RetryLater>(result);
        Assert.Null(later.RetryAfter);
        foreach (var expected in new[] { "tenant-9", "add the bot to the team", "MsTeams:ServiceUrl", Payments.Key })
        {
            Assert.Contains(expected, later.Error, StringComparison.Ordinal);
        }
        Assert.Empty(Teams.Requests);
    }

    [Theory]
    [InlineData("http://smba.invalid/amer/tenant-1/")]
    [InlineData("not a url")]
    public async Task Post_StoredServiceUrlNotHttps_IsRejectedWithoutSendingTheToken(string stored)
    {
        _harness.Conversations.Seen("tenant-1", stored, _harness.Clock.Now.AddMinutes(1));

        var result = await _harness.Channel.PostAsync(Payments, Message, CancellationToken.None);

        Assert.Contains("https", Assert.IsType<DeliveryResult.Rejected>(result).Error, StringComparison.Ordinal);
        Assert.Empty(Teams.Requests);
    }

    [Fact]
    public async Task Update_PostedIncident_PutsTheWholeReRenderedActivityToItsThread()
    {
        var newer = Message with { Version = 2, Headline = "#42 SLO breach · critical · acknowledged" };

        var result = await _harness.Channel.UpdateAsync(Payments, Posted, newer, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("1767765488001", Thread), result);
        var request = Assert.Single(Teams.ConnectorRequests);
        Assert.Equal(("PUT", $"/amer/tenant-1/v3/conversations/{EscapedThread}/activities/1767765488001"), (request.Method, request.RawTarget));
        var activity = request.Json;
        Assert.Equal(("message", "1767765488001", Thread), ((string?)activity["type"], (string?)activity["id"], (string?)activity["conversation"]!["id"]));
        Assert.Equal($"28:{_harness.Options.AppId}", (string?)activity["from"]!["id"]);
        Assert.True(JsonNode.DeepEquals(IncidentCard.Render(newer), activity["attachments"]![0]!["content"]));
    }

    [Fact]
    public async Task Update_ReferenceWithoutThreadId_RebuildsItFromTheChannelAndMessageId()
    {
        var result = await _harness.Channel.UpdateAsync(Payments, Posted with { ThreadId = null }, Message, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("1767765488001", Thread), result);
        Assert.Equal($"/amer/tenant-1/v3/conversations/{EscapedThread}/activities/1767765488001", Assert.Single(Teams.ConnectorRequests).RawTarget);
    }

    [Fact]
    public async Task Reply_PostsEscapedMarkdownIntoTheIncidentsThread()
    {
        var result = await _harness.Channel.ReplyAsync(Payments, Posted, ChatText.Plain("Acknowledged by *Ana* <ana@example.com> & co"), CancellationToken.None);

        var delivered = Assert.IsType<DeliveryResult.Delivered>(result);
        Assert.Equal(Thread, delivered.ThreadId);
        var request = Assert.Single(Teams.ConnectorRequests);
        Assert.Equal(("POST", $"/amer/tenant-1/v3/conversations/{EscapedThread}/activities"), (request.Method, request.RawTarget));
        var activity = request.Json;
        Assert.Equal(("message", "markdown"), ((string?)activity["type"], (string?)activity["textFormat"]));
        Assert.Equal(@"Acknowledged by \*Ana\* &lt;ana@example.com&gt; &amp; co", (string?)activity["text"]);
        Assert.Equal(Thread, (string?)activity["conversation"]!["id"]);
        Assert.Equal("1767765488001", delivered.MessageId);
    }

    [Theory]
    [InlineData("plain words, 2026-05-04 10:15 UTC", "plain words, 2026-05-04 10:15 UTC")]
    [InlineData("snake_case `code` ~strike~ [link](x)", @"snake\_case \`code\` \~strike\~ \[link\](x)")]
    [InlineData(@"back\slash", @"back\\slash")]
    [InlineData("# not a heading\n- not a list\n  + nor this\na - b # c", "\\# not a heading\n\\- not a list\n  \\+ nor this\na - b # c")]
    [InlineData("<at>Ana</at> & <b>bold</b>", "&lt;at&gt;Ana&lt;/at&gt; &amp; &lt;b&gt;bold&lt;/b&gt;")]
    public void EscapeMarkdown_UserText_StaysText(string text, string expected) =>
        Assert.Equal(expected, MsTeamsChatChannel.EscapeMarkdown(text));

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, "", "2", true, "429")]
    [InlineData(HttpStatusCode.PreconditionFailed, "", null, true, "412")]
    [InlineData(HttpStatusCode.InternalServerError, "", null, true, "500")]
    [InlineData(HttpStatusCode.BadGateway, "<html>Bad gateway</html>", null, true, "502")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "", "5", true, "503")]
    [InlineData(HttpStatusCode.GatewayTimeout, "", null, true, "504")]
    [InlineData(HttpStatusCode.Forbidden, """{"errorCode":209,"message":"{\"subCode\":\"MessageWritesBlocked\",\"details\":\"Thread is blocked from message writes.\"}"}""", null, false,
        "not installed in team " + Team)]
    [InlineData(HttpStatusCode.Forbidden, """{"error":{"code":"BotNotInConversationRoster","message":"The bot is not part of the conversation roster."}}""", null, false,
        "not a member of channel " + Channel)]
    [InlineData(HttpStatusCode.Forbidden, """{"error":{"code":"Forbidden","message":"nope"}}""", null, false, "is SLO Bot installed in team " + Team)]
    [InlineData(HttpStatusCode.NotFound, """{"error":{"code":"ConversationNotFound","message":"Conversation not found."}}""", null, false, "was not found in team " + Team)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, """{"error":{"code":"MessageSizeTooBig","message":"Message size too big"}}""", null, false, "28 KB")]
    [InlineData(HttpStatusCode.BadRequest, """{"error":{"code":"BadArgument","message":"Unknown attachment type"}}""", null, false, "BadArgument: Unknown attachment type")]
    public async Task Post_ConnectorRefuses_IsClassifiedForTheDispatcher(HttpStatusCode status, string body, string? retryAfter, bool retried, string expected)
    {
        Teams.EnqueueJson("POST", "/amer/tenant-1/v3/conversations", status, body, retryAfter);

        var result = await _harness.Channel.PostAsync(Payments, Message, CancellationToken.None);

        var error = result switch
        {
            DeliveryResult.RetryLater later when retried => later.Error,
            DeliveryResult.Rejected rejected when !retried => rejected.Error,
            _ => throw new Xunit.Sdk.XunitException($"Expected {(retried ? "RetryLater" : "Rejected")}, got {result}"),
        };
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains(Payments.Key, error, StringComparison.Ordinal);
        if (result is DeliveryResult.RetryLater { RetryAfter: var delay })
        {
            Assert.Equal(retryAfter is null ? null : TimeSpan.FromSeconds(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture)), delay);
        }
    }

    [Theory]
    [InlineData(403, "ForbiddenOperationException", "SLO Bot is not installed for 29:1Kwame or they blocked it")]
    [InlineData(403, "MessageWritesBlocked", "SLO Bot is not installed for 29:1Kwame or they blocked it")]
    [InlineData(404, "NotFound", "user 29:1Kwame was not found in tenant tenant-1: check their msTeamsUserId")]
    [InlineData(404, "ConversationNotFound", "the personal chat with 29:1Kwame is gone")]
    [InlineData(404, "ActivityNotFoundInConversation", "the message was deleted")]
    public void Classify_DirectMessageRefused_NamesThePersonNotAChannel(int status, string code, string expected)
    {
        var destination = ChatDestination.Direct(ChatPlatform.MsTeams, "29:1Kwame", "tenant-1");

        var result = MsTeamsChatChannel.Classify(new ConnectorException("create conversation", (HttpStatusCode)status, code, "refused", null), destination);

        var error = Assert.IsType<DeliveryResult.Rejected>(result).Error;
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Contains("msteams:dm:29:1Kwame", error, StringComparison.Ordinal);
        Assert.DoesNotContain("channel", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_MessageDeleted_IsRejectedSayingSo()
    {
        Teams.EnqueueJson("PUT", $"/amer/tenant-1/v3/conversations/{EscapedThread}/activities/1767765488001", HttpStatusCode.NotFound,
            """{"error":{"code":"ActivityNotFound","message":"Activity not found"}}""");

        var result = await _harness.Channel.UpdateAsync(Payments, Posted, Message, CancellationToken.None);

        Assert.Contains("the message was deleted", Assert.IsType<DeliveryResult.Rejected>(result).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ConnectorRefusesEvenAFreshToken_RetriesLaterNamingTheKeys()
    {
        Teams.EnqueueJson("POST", "/amer/tenant-1/v3/conversations", HttpStatusCode.Unauthorized, """{"message":"Authorization has been denied for this request."}""");
        Teams.EnqueueJson("POST", "/amer/tenant-1/v3/conversations", HttpStatusCode.Unauthorized, """{"message":"Authorization has been denied for this request."}""");

        var result = await _harness.Channel.PostAsync(Payments, Message, CancellationToken.None);

        var later = Assert.IsType<DeliveryResult.RetryLater>(result);
        Assert.Contains("MsTeams:AppPassword", later.Error, StringComparison.Ordinal);
        Assert.Equal(2, Teams.ConnectorRequests.Count);
        Assert.Equal(2, Teams.TokenRequests.Count);
    }

    [Fact]
    public async Task Post_TokenEndpointRefusesTheCredentials_RetriesLaterWithoutCallingTheConnector()
    {
        Teams.EnqueueJson("POST", LoopbackTeams.TokenPath, HttpStatusCode.Unauthorized, """{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}""");

        var result = await _harness.Channel.PostAsync(Payments, Message, CancellationToken.None);

        var later = Assert.IsType<DeliveryResult.RetryLater>(result);
        foreach (var expected in new[] { "MsTeams:AppId", "MsTeams:AppPassword", "MsTeams:TenantId", "AADSTS7000215", Payments.Key })
        {
            Assert.Contains(expected, later.Error, StringComparison.Ordinal);
        }
        Assert.DoesNotContain(ConnectorHarness.Secret, later.Error, StringComparison.Ordinal);
        Assert.Empty(Teams.ConnectorRequests);
    }

    [Fact]
    public async Task Post_ConnectorUnreachable_RetriesLater()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        _harness.Conversations.Seen("tenant-1", $"http://127.0.0.1:{port}/amer/tenant-1/", _harness.Clock.Now.AddMinutes(1));

        var result = await _harness.Channel.PostAsync(Payments, Message, CancellationToken.None);

        Assert.Contains("unreachable", Assert.IsType<DeliveryResult.RetryLater>(result).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ConnectorTooSlow_RetriesLater()
    {
        _harness.Configure = services => services.Configure<HttpClientFactoryOptions>(
            BotConnectorClient.HttpClientName, options => options.HttpClientActions.Add(client => client.Timeout = TimeSpan.FromMilliseconds(200)));
        Teams.Enqueue("POST", "/amer/tenant-1/v3/conversations", LoopbackTeams.HangAsync);

        var result = await _harness.Channel.PostAsync(Payments, Message, CancellationToken.None);

        Assert.Contains("did not answer in time", Assert.IsType<DeliveryResult.RetryLater>(result).Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_CallerCancels_Throws()
    {
        using var cancel = new CancellationTokenSource();
        Teams.Enqueue("POST", "/amer/tenant-1/v3/conversations", async context =>
        {
            await cancel.CancelAsync();
            await LoopbackTeams.HangAsync(context);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _harness.Channel.PostAsync(Payments, Message, cancel.Token));
    }

    [Fact]
    public async Task Post_ToASlackDestination_IsRejectedWithoutCallingTeams()
    {
        var result = await _harness.Channel.PostAsync(new ChatDestination(ChatPlatform.Slack, "C0PAY"), Message, CancellationToken.None);

        Assert.IsType<DeliveryResult.Rejected>(result);
        Assert.Empty(Teams.Requests);
    }

    [Fact]
    public void Registration_AddMsTeamsConnector_MakesTeamsAChatChannelWithTenSecondCalls()
    {
        var channel = Assert.Single(_harness.Get<IEnumerable<IChatChannel>>());

        Assert.Same(_harness.Channel, channel);
        Assert.Equal(ChatPlatform.MsTeams, channel.Platform);
        // Even spacing faster than 2 per second breaks Teams' 60 per 30 s per conversation.
        Assert.InRange(channel.MessagesPerSecond, 0.5, 2);
        var clients = _harness.Get<IHttpClientFactory>();
        Assert.Equal(TimeSpan.FromSeconds(10), clients.CreateClient(BotConnectorClient.HttpClientName).Timeout);
        Assert.Equal(TimeSpan.FromSeconds(10), clients.CreateClient(BotTokenProvider.HttpClientName).Timeout);
    }
}
