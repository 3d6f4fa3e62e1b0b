using System.Net;
using Bot.MsTeams.Fake;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Bot.MsTeams.Tests.Fake;

/// <summary>
/// The driver must send what Teams sends, signed so that a correct bot accepts it, and each spoiled token must break
/// the one rule it is named for, or the bot's negative tests prove nothing.
/// </summary>
public sealed class TeamsDriverTests : IAsyncLifetime, IDisposable
{
    private const string Team = "19:3a8d1f0e5c2b4a6f9e7d0c1b2a3f4e5d@thread.tacv2";
    private const string Payments = "19:9c4e2b7a1d3f45e8b6a0c2d4e6f8a1b3@thread.tacv2";
    private static readonly TeamsUser Ana = new("29:1AnaKovacPaymentsOnCall", "Ana Kovač", "b15a9416-0ad3-4172-9210-7beb711d3f70", "ana.kovac@northwind.example");

    private FakeTeams _teams = null!;
    private StubBot _bot = null!;
    private TeamsDriver _driver = null!;
    private TestConnector _connector = null!;

    public async Task InitializeAsync()
    {
        // The reference check reads the wall clock (Microsoft.IdentityModel does), so the tokens are minted on it too.
        _teams = await FakeTeams.StartAsync();
        _teams.AddChannel(Team, Team, name: "Payments");
        _teams.AddChannel(Team, Payments, name: "payments-slo");
        _bot = await StubBot.StartAsync();
        _driver = new TeamsDriver(_teams, _bot.BaseAddress);
        _connector = await new TestConnector(_teams).AuthenticateAsync();
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _teams.DisposeAsync();
    }

    public void Dispose()
    {
        _driver.Dispose();
        _connector.Dispose();
    }

    [Fact]
    public async Task Driver_Mention_SendsAChannelMessageTheBotCanReplyToInItsThread()
    {
        var delivery = await _driver.MentionAsync(Ana, Payments, "status payments");

        Assert.Equal(HttpStatusCode.OK, delivery.Status);
        var (authorization, activity) = Assert.Single(_bot.Received);
        Assert.Null(await BotFrameworkTokenCheck.FirstBrokenRuleAsync(_teams.OpenIdMetadataUrl, _teams.Options.AppId, authorization, activity));
        var id = activity["id"]!.GetValue<string>();
        Assert.Equal("message", activity["type"]!.GetValue<string>());
        Assert.Equal("msteams", activity["channelId"]!.GetValue<string>());
        Assert.Equal(_teams.ServiceUrl.ToString(), activity["serviceUrl"]!.GetValue<string>());
        Assert.Equal("<at>SLO Bot</at> status payments", activity["text"]!.GetValue<string>());
        Assert.Equal(Ana.Id, activity["from"]!["id"]!.GetValue<string>());
        Assert.Equal(Ana.AadObjectId, activity["from"]!["aadObjectId"]!.GetValue<string>());
        Assert.Equal(_teams.BotId, activity["recipient"]!["id"]!.GetValue<string>());
        Assert.Equal($"{Payments};messageid={id}", activity["conversation"]!["id"]!.GetValue<string>());
        Assert.Equal("channel", activity["conversation"]!["conversationType"]!.GetValue<string>());
        Assert.Equal(Team, activity["channelData"]!["team"]!["id"]!.GetValue<string>());
        Assert.Equal(Payments, activity["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal(_teams.Options.TenantId, activity["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        var mention = activity["entities"]!.AsArray().Single(e => e!["type"]!.GetValue<string>() == "mention")!;
        Assert.Equal(_teams.BotId, mention["mentioned"]!["id"]!.GetValue<string>());
        Assert.Equal("<at>SLO Bot</at>", mention["text"]!.GetValue<string>());

        // Teams keeps the post, so the bot's reply lands in its thread; the bot cannot edit a person's message.
        var reply = await _connector.PostAsync(activity["conversation"]!["id"]!.GetValue<string>(), TestConnector.Message("payments: 99.93% over 30 days"));
        var edit = await _connector.PutAsync(activity["conversation"]!["id"]!.GetValue<string>(), id, TestConnector.Message("hijacked"));
        var post = Assert.Single(_teams.Posts(Payments));
        Assert.Equal(id, post.Id);
        Assert.False(post.FromBot);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("payments: 99.93% over 30 days", Assert.Single(post.Replies).Text);
        Assert.Equal((HttpStatusCode.Forbidden, "NotEnoughPermissions"), (edit.Status, edit.ErrorCode));
    }

    [Fact]
    public async Task Driver_MentionInAThread_NamesTheRootInTheConversationId()
    {
        await _driver.MentionAsync(Ana, Payments, "status payments");
        var root = _teams.Posts(Payments)[0].Id;

        await _driver.MentionAsync(Ana, Payments, "ack", threadRootId: root);

        var activity = _bot.Received[1].Activity;
        Assert.Equal($"{Payments};messageid={root}", activity["conversation"]!["id"]!.GetValue<string>());
        Assert.NotEqual(root, activity["id"]!.GetValue<string>());
        Assert.Equal(activity["id"]!.GetValue<string>(), Assert.Single(_teams.Posts(Payments)[0].Replies).Id);
    }

    [Fact]
    public async Task Driver_PersonalMessage_IsInThePersonalChatWithoutAMention()
    {
        await _driver.PersonalMessageAsync(Ana, "my incidents");

        var (authorization, activity) = Assert.Single(_bot.Received);
        Assert.Null(await BotFrameworkTokenCheck.FirstBrokenRuleAsync(_teams.OpenIdMetadataUrl, _teams.Options.AppId, authorization, activity));
        Assert.Equal("my incidents", activity["text"]!.GetValue<string>());
        Assert.Equal("personal", activity["conversation"]!["conversationType"]!.GetValue<string>());
        Assert.Equal(_teams.PersonalConversationId(Ana.Id), activity["conversation"]!["id"]!.GetValue<string>());
        Assert.DoesNotContain(activity["entities"]!.AsArray(), e => e!["type"]!.GetValue<string>() == "mention");
        Assert.Equal("my incidents", Assert.Single(_teams.ChatMessages(Ana.Id)).Text);
    }

    [Fact]
    public async Task Driver_InstallEvents_HaveTeamsShapesAndChangeWhereTheBotMayWrite()
    {
        await _driver.BotAddedToTeamAsync(Ana, Team);
        await _driver.InstallationUpdateAsync(Ana, Team, added: false);
        var afterRemoval = await _connector.PostAsync(Payments, TestConnector.Message("hi"));
        await _driver.PersonalInstallationUpdateAsync(Ana, added: true);

        var added = _bot.Received[0].Activity;
        Assert.Equal("conversationUpdate", added["type"]!.GetValue<string>());
        Assert.Equal(_teams.BotId, added["membersAdded"]![0]!["id"]!.GetValue<string>());
        Assert.Equal("teamMemberAdded", added["channelData"]!["eventType"]!.GetValue<string>());
        Assert.Equal(Team, added["channelData"]!["team"]!["id"]!.GetValue<string>());
        Assert.Equal("Payments", added["channelData"]!["team"]!["name"]!.GetValue<string>());
        Assert.Equal(Team, added["conversation"]!["id"]!.GetValue<string>());
        var removed = _bot.Received[1].Activity;
        Assert.Equal(("installationUpdate", "remove"), (removed["type"]!.GetValue<string>(), removed["action"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, afterRemoval.Status);
        Assert.False(_teams.Channel(Payments)!.Installed);
        var personal = _bot.Received[2].Activity;
        Assert.Equal(("installationUpdate", "add", "personal"),
            (personal["type"]!.GetValue<string>(), personal["action"]!.GetValue<string>(), personal["conversation"]!["conversationType"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Driver_ExecuteAction_InvokesWithTheButtonsVerbAndDataAndParsesTheAnswer()
    {
        var created = await _connector.CreateInChannelAsync(Payments, TestConnector.CardMessage(TestConnector.IncidentCard()));
        var cardId = created.Json!["activityId"]!.GetValue<string>();

        var delivery = await _driver.ExecuteActionAsync(Ana, cardId, "acknowledge", inputs: new Dictionary<string, string> { ["note"] = "on it" });

        var (authorization, invoke) = Assert.Single(_bot.Received);
        Assert.Null(await BotFrameworkTokenCheck.FirstBrokenRuleAsync(_teams.OpenIdMetadataUrl, _teams.Options.AppId, authorization, invoke));
        Assert.Equal(("invoke", "adaptiveCard/action"), (invoke["type"]!.GetValue<string>(), invoke["name"]!.GetValue<string>()));
        Assert.Equal(cardId, invoke["replyToId"]!.GetValue<string>());
        Assert.Equal(created.Id, invoke["conversation"]!["id"]!.GetValue<string>());
        var action = invoke["value"]!["action"]!;
        Assert.Equal("Action.Execute", action["type"]!.GetValue<string>());
        Assert.Equal("Acknowledge", action["title"]!.GetValue<string>());
        Assert.Equal("acknowledge", action["verb"]!.GetValue<string>());
        Assert.Equal("""{"incidentId":"inc-42","note":"on it"}""", action["data"]!.ToJsonString());
        Assert.Equal("message", invoke["channelData"]!["source"]!["name"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, delivery.Status);
        Assert.Equal(200, delivery.InvokeStatusCode);
        Assert.Equal("application/vnd.microsoft.activity.message", delivery.InvokeType);
        Assert.Equal("Acknowledged by Ana", delivery.InvokeValue!.GetValue<string>());
        await Assert.ThrowsAsync<InvalidOperationException>(() => _driver.ExecuteActionAsync(Ana, cardId, "escalate"));
    }

    [Fact]
    public async Task Driver_AfterKeyRotation_SignsWithTheNewKey()
    {
        var rotated = _teams.RotateSigningKey(keepPrevious: false);

        await _driver.PersonalMessageAsync(Ana, "help");

        var (authorization, activity) = Assert.Single(_bot.Received);
        Assert.Equal(rotated, new JsonWebToken(authorization!["Bearer ".Length..]).Kid);
        Assert.Null(await BotFrameworkTokenCheck.FirstBrokenRuleAsync(_teams.OpenIdMetadataUrl, _teams.Options.AppId, authorization, activity));
    }

    [Theory]
    [InlineData(TokenFault.WrongAudience, "audience")]
    [InlineData(TokenFault.WrongIssuer, "issuer")]
    [InlineData(TokenFault.Expired, "lifetime")]
    [InlineData(TokenFault.NotYetValid, "lifetime")]
    [InlineData(TokenFault.BadSignature, "signature")]
    [InlineData(TokenFault.UnknownKeyId, "signature")]
    [InlineData(TokenFault.UnendorsedKey, "endorsement")]
    [InlineData(TokenFault.ServiceUrlMismatch, "serviceurl")]
    [InlineData(TokenFault.ServiceUrlMissing, "serviceurl")]
    [InlineData(TokenFault.MissingAuthorization, "scheme")]
    [InlineData(TokenFault.NonBearerScheme, "scheme")]
    [InlineData(TokenFault.AlgNone, "algorithm")]
    [InlineData(TokenFault.Hs256, "algorithm")]
    public async Task Driver_TokenFault_BreaksExactlyTheRuleItIsNamedFor(TokenFault fault, string rule)
    {
        await _driver.PersonalMessageAsync(Ana, "help", fault);

        var (authorization, activity) = Assert.Single(_bot.Received);
        Assert.Equal(rule, await BotFrameworkTokenCheck.FirstBrokenRuleAsync(_teams.OpenIdMetadataUrl, _teams.Options.AppId, authorization, activity));
        if (fault is TokenFault.BadSignature or TokenFault.UnknownKeyId)
        {
            var published = _teams.SigningKeys.Select(k => k.KeyId);
            Assert.Equal(fault == TokenFault.BadSignature, published.Contains(new JsonWebToken(authorization!["Bearer ".Length..]).Kid));
        }
    }
}
