using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Bot.MsTeams.Fake;
using Bot.Testing;

namespace Bot.MsTeams.Tests.Fake;

/// <summary>The fake Connector is only worth testing against if it refuses what Teams refuses: these pin that down.</summary>
public sealed class FakeTeamsConnectorTests : IAsyncLifetime, IDisposable
{
    private const string Team = "19:3a8d1f0e5c2b4a6f9e7d0c1b2a3f4e5d@thread.tacv2";
    private const string Payments = "19:9c4e2b7a1d3f45e8b6a0c2d4e6f8a1b3@thread.tacv2";
    private const string Elsewhere = "19:5f1e3d7c9b2a4e6d8f0a1c3e5b7d9f2a@thread.tacv2";
    private static readonly TeamsUser Ana = new("29:1AnaKovacPaymentsOnCall", "Ana Kovač", "b15a9416-0ad3-4172-9210-7beb711d3f70", "ana.kovac@northwind.example");

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero));
    private FakeTeams _teams = null!;
    private TestConnector _connector = null!;

    public async Task InitializeAsync()
    {
        _teams = await FakeTeams.StartAsync(new FakeTeamsOptions { TimeProvider = _clock });
        _teams.AddChannel(Team, Team, name: "Payments");
        _teams.AddChannel(Team, Payments, name: "payments-slo");
        _teams.AddChannel("19:7e0d2c4b6a8f4e1d3c5b7a9e0f2d4c6b@thread.tacv2", Elsewhere, installed: false);
        _teams.AddUser(Ana);
        _connector = await new TestConnector(_teams).AuthenticateAsync();
    }

    public async Task DisposeAsync() => await _teams.DisposeAsync();

    public void Dispose() => _connector.Dispose();

    [Fact]
    public async Task Connector_WithoutABotFrameworkTokenFromEntra_Is401AndStoresNothing()
    {
        using var driver = new TeamsDriver(_teams, new Uri("http://127.0.0.1:9/"));
        var attempts = new AuthenticationHeaderValue?[]
        {
            null,
            new("Basic", await _connector.TokenAsync()),
            new("Bearer", "not-a-jwt"),
            // Signed, but by Bot Framework's key for the bot: the inbound kind of token, not one Entra issued.
            new("Bearer", driver.MintToken(_teams.ServiceUrl.ToString())),
        };

        foreach (var header in attempts)
        {
            _connector.Authorize(header);
            var answer = await _connector.CreateInChannelAsync(Payments, TestConnector.Message("hi"));
            Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        }

        Assert.Empty(_teams.Posts(Payments));
        Assert.Equal(
            ["Unauthorized: no Authorization header", "Unauthorized: not a Bearer token", "Unauthorized: not a JWT", "Unauthorized: not signed by the fake Entra"],
            _teams.RequestsOf(TeamsOperation.CreateConversation).Select(r => r.Error));
    }

    [Fact]
    public async Task Connector_CreateReplyUpdateDelete_RoundTripsWithEscapedIds()
    {
        var created = await _connector.CreateInChannelAsync(Payments, TestConnector.CardMessage(TestConnector.IncidentCard()));
        var rootId = created.Json!["activityId"]!.GetValue<string>();
        var thread = created.Id!;
        var reply = await _connector.PostAsync(thread, TestConnector.Message("Acknowledged by **Ana**"));
        var replyToActivity = await _connector.PostAsync(Payments, TestConnector.Message("Still burning"), replyToId: rootId);
        var updated = await _connector.PutAsync(thread, rootId, TestConnector.CardMessage(TestConnector.IncidentCard("payments-availability: acknowledged")));
        var deleted = await _connector.DeleteAsync(thread, replyToActivity.Id!);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal($"{Payments};messageid={rootId}", thread);
        Assert.Matches("^[0-9]{13}$", rootId);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal(HttpStatusCode.Created, replyToActivity.Status);
        Assert.True(Number(rootId) < Number(reply.Id!) && Number(reply.Id!) < Number(replyToActivity.Id!));
        Assert.Equal(HttpStatusCode.OK, updated.Status);
        Assert.Equal(rootId, updated.Id);
        Assert.Equal(HttpStatusCode.OK, deleted.Status);

        var post = Assert.Single(_teams.Posts(Payments));
        Assert.Equal(rootId, post.Id);
        Assert.Equal(thread, post.ConversationId);
        Assert.True(post.FromBot);
        Assert.Equal(_teams.BotId, post.FromId);
        Assert.Equal(1, post.EditCount);
        Assert.Contains("payments-availability: acknowledged", post.AllText, StringComparison.Ordinal);
        Assert.Equal("payments-availability is burning its error budget", post.History[0]["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal(["acknowledge", "resolve"], post.Verbs);
        var only = Assert.Single(post.Replies);
        Assert.Equal("Acknowledged by **Ana**", only.Text);
        Assert.Equal(rootId, only.RootId);
        Assert.True(_teams.Activity(replyToActivity.Id!)!.Deleted);
        Assert.Equal(rootId, _teams.Activity(replyToActivity.Id!)!.ReplyToId);

        // The bot escaped the ids; the fake saw them escaped on the wire and decoded them for routing.
        var send = _teams.RequestsOf(TeamsOperation.SendToConversation)[0];
        Assert.Contains("19%3A9c4e2b7a1d3f45e8b6a0c2d4e6f8a1b3%40thread.tacv2%3Bmessageid%3D", send.RawTarget, StringComparison.Ordinal);
        Assert.Equal(thread, send.ConversationId);
    }

    [Fact]
    public async Task Connector_ChannelWithoutTheApp_Is403MessageWritesBlockedUntilInstalled()
    {
        var create = await _connector.CreateInChannelAsync(Elsewhere, TestConnector.Message("hi"));
        var send = await _connector.PostAsync(Elsewhere, TestConnector.Message("hi"));
        _teams.SetInstalled(Elsewhere, true);
        var afterInstall = await _connector.PostAsync(Elsewhere, TestConnector.Message("hi"));

        foreach (var refused in new[] { create, send })
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
            Assert.Equal(209, refused.Json!["errorCode"]!.GetValue<int>());
            Assert.Equal("MessageWritesBlocked", JsonNode.Parse(refused.Json["message"]!.GetValue<string>())!["subCode"]!.GetValue<string>());
        }
        Assert.Equal(HttpStatusCode.Created, afterInstall.Status);
        Assert.Single(_teams.Posts(Elsewhere));
    }

    [Fact]
    public async Task Connector_UnknownConversationOrActivity_Is404()
    {
        var root = (await _connector.CreateInChannelAsync(Payments, TestConnector.Message("root"))).Json!["activityId"]!.GetValue<string>();

        var unknownChannel = await _connector.CreateInChannelAsync("19:nosuchchannel@thread.tacv2", TestConnector.Message("hi"));
        var otherTenant = await _connector.CreateInChannelAsync(Payments, TestConnector.Message("hi"), tenantId: "0c0ffee0-0000-4000-8000-000000000000");
        var unknownThread = await _connector.PostAsync($"{Payments};messageid=1700000000000", TestConnector.Message("hi"));
        var unknownChat = await _connector.PostAsync("a:1NoSuchChat", TestConnector.Message("hi"));
        var unknownActivity = await _connector.PutAsync($"{Payments};messageid={root}", "1700000000000", TestConnector.Message("edit"));
        var unknownReplyTarget = await _connector.PostAsync(Payments, TestConnector.Message("hi"), replyToId: "1700000000000");

        Assert.All(new[] { unknownChannel, otherTenant, unknownThread, unknownChat }, a =>
        {
            Assert.Equal(HttpStatusCode.NotFound, a.Status);
            Assert.Equal("ConversationNotFound", a.ErrorCode);
        });
        Assert.All(new[] { unknownActivity, unknownReplyTarget }, a =>
        {
            Assert.Equal(HttpStatusCode.NotFound, a.Status);
            Assert.Equal("ActivityNotFoundInConversation", a.ErrorCode);
        });
        Assert.Equal(0, Assert.Single(_teams.Posts(Payments)).EditCount);
    }

    [Fact]
    public async Task Connector_PersonalChat_IsOnePerUserAndRefusedWithoutThePersonalApp()
    {
        var kwame = new TeamsUser("29:1KwameMensahSre", "Kwame Mensah", "0e3f5a7c-9b1d-4e2f-8a6c-4d2b0f8e6a1c");
        _teams.AddUser(kwame, installed: false);
        JsonObject Parameters(string member) => new()
        {
            ["isGroup"] = false,
            ["bot"] = new JsonObject { ["id"] = _teams.BotId },
            ["members"] = new JsonArray(new JsonObject { ["id"] = member }),
            ["tenantId"] = _teams.Options.TenantId,
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = _teams.Options.TenantId } },
        };

        var first = await _connector.SendAsync(HttpMethod.Post, "v3/conversations", Parameters(Ana.Id));
        var again = await _connector.SendAsync(HttpMethod.Post, "v3/conversations", Parameters(Ana.AadObjectId));
        var message = await _connector.PostAsync(first.Id!, TestConnector.Message("You are on call for payments from 10:00."));
        var notInstalled = await _connector.SendAsync(HttpMethod.Post, "v3/conversations", Parameters(kwame.Id));
        var unknown = await _connector.SendAsync(HttpMethod.Post, "v3/conversations", Parameters("29:1Nobody"));
        var groupChat = await _connector.SendAsync(HttpMethod.Post, "v3/conversations", new JsonObject
        {
            ["isGroup"] = true,
            ["members"] = new JsonArray(new JsonObject { ["id"] = Ana.Id }, new JsonObject { ["id"] = kwame.Id }),
            ["tenantId"] = _teams.Options.TenantId,
        });
        _teams.SetUserInstalled(Ana.Id, false);
        var blocked = await _connector.PostAsync(first.Id!, TestConnector.Message("again"));

        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.StartsWith("a:", first.Id, StringComparison.Ordinal);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Id, _teams.PersonalConversationId(Ana.Id));
        Assert.Equal(HttpStatusCode.Created, message.Status);
        Assert.Equal("You are on call for payments from 10:00.", Assert.Single(_teams.ChatMessages(Ana.Id)).Text);
        Assert.Equal((HttpStatusCode.Forbidden, "ForbiddenOperationException"), (notInstalled.Status, notInstalled.ErrorCode));
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "BadArgument"), (groupChat.Status, groupChat.ErrorCode));
        Assert.Equal(HttpStatusCode.Forbidden, blocked.Status);
        Assert.Equal(209, blocked.Json!["errorCode"]!.GetValue<int>());
    }

    [Fact]
    public async Task Connector_PersonalChat_NeedsTheTenant_AndKeepsEditsAndRepliesLikeAChannel()
    {
        JsonObject Parameters(string? tenant)
        {
            var parameters = new JsonObject
            {
                ["isGroup"] = false,
                ["bot"] = new JsonObject { ["id"] = _teams.BotId },
                ["members"] = new JsonArray(new JsonObject { ["id"] = Ana.Id }),
            };
            if (tenant is not null)
            {
                parameters["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenant } };
            }
            return parameters;
        }

        var withoutTenant = await _connector.SendAsync(HttpMethod.Post, "v3/conversations", Parameters(null));
        var otherTenant = await _connector.SendAsync(HttpMethod.Post, "v3/conversations", Parameters("9e8d7c6b-5a49-4382-9170-6f5e4d3c2b1a"));
        var chat = (await _connector.SendAsync(HttpMethod.Post, "v3/conversations", Parameters(_teams.Options.TenantId))).Id!;
        var card = await _connector.PostAsync(chat, TestConnector.CardMessage(TestConnector.IncidentCard()));
        var edited = await _connector.PutAsync(chat, card.Id!, TestConnector.CardMessage(TestConnector.IncidentCard("payments-availability: acknowledged")));
        var reply = await _connector.PostAsync(chat, TestConnector.Message("Acknowledged by Ana"), replyToId: card.Id);
        var elsewhere = await _connector.PutAsync($"{Payments};messageid={card.Id}", card.Id!, TestConnector.Message("moved"));

        Assert.Equal((HttpStatusCode.BadRequest, "BadArgument"), (withoutTenant.Status, withoutTenant.ErrorCode));
        Assert.Contains("tenant", withoutTenant.Json!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, otherTenant.Status);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Created), (edited.Status, reply.Status));
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.Status);
        var messages = _teams.ChatMessages(Ana.Id);
        Assert.Equal([card.Id, reply.Id], messages.Select(m => m.Id));
        Assert.All(messages, m => Assert.Equal((chat, (string?)null, (string?)null), (m.ConversationId, m.ChannelId, m.RootId)));
        Assert.Equal(1, messages[0].EditCount);
        Assert.Contains("acknowledged", messages[0].AllText, StringComparison.Ordinal);
        Assert.Equal(card.Id, messages[1].ReplyToId);
        Assert.Equal(chat, _teams.Activity(reply.Id!)!.ConversationId);
        Assert.Equal(
            [TeamsOperation.CreateConversation, TeamsOperation.CreateConversation, TeamsOperation.CreateConversation, TeamsOperation.SendToConversation,
             TeamsOperation.UpdateActivity, TeamsOperation.ReplyToActivity, TeamsOperation.UpdateActivity],
            _teams.Requests.Where(r => r.Operation != TeamsOperation.Token).Select(r => r.Operation));
    }

    [Fact]
    public async Task Message_Mentions_AreTheEntitiesWhoseTextIsInTheMessage()
    {
        var text = TestConnector.Message("<at>Ana Kovač</at>, please accept the handoff.");
        text["entities"] = new JsonArray(
            new JsonObject { ["type"] = "mention", ["text"] = "<at>Ana Kovač</at>", ["mentioned"] = new JsonObject { ["id"] = Ana.Id, ["name"] = "Ana Kovač" } },
            // Not in the text, so Teams shows nobody mentioned for it.
            new JsonObject { ["type"] = "mention", ["text"] = "<at>Kwame</at>", ["mentioned"] = new JsonObject { ["id"] = "29:1Kwame", ["name"] = "Kwame" } },
            new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US" });
        var card = TestConnector.IncidentCard("<at>Ana Kovač</at> hands over to <at>Kwame</at>");
        card["msteams"] = new JsonObject
        {
            ["entities"] = new JsonArray(
                new JsonObject { ["type"] = "mention", ["text"] = "<at>Kwame</at>", ["mentioned"] = new JsonObject { ["id"] = "29:1Kwame", ["name"] = "Kwame" } },
                // No id: not a mention Teams can resolve.
                new JsonObject { ["type"] = "mention", ["text"] = "<at>Ana Kovač</at>", ["mentioned"] = new JsonObject { ["name"] = "Ana Kovač" } }),
        };

        var sent = await _connector.CreateInChannelAsync(Payments, text);
        var carded = await _connector.CreateInChannelAsync(Payments, TestConnector.CardMessage(card));

        Assert.Equal([(Ana.Id, "Ana Kovač", "<at>Ana Kovač</at>")], _teams.Activity(sent.Json!["activityId"]!.GetValue<string>())!.Mentions.Select(m => (m.Id, m.Name, m.Text)));
        Assert.Equal(["29:1Kwame"], _teams.Activity(carded.Json!["activityId"]!.GetValue<string>())!.Mentions.Select(m => m.Id));
    }

    [Fact]
    public async Task Connector_MemberAndTeamChannels_AnswerTeamsShapes()
    {
        var byId = await _connector.GetAsync($"v3/conversations/{Uri.EscapeDataString(Payments)}/members/{Uri.EscapeDataString(Ana.Id)}");
        var byObjectId = await _connector.GetAsync($"v3/conversations/{Uri.EscapeDataString(Payments)}/members/{Ana.AadObjectId}");
        var stranger = await _connector.GetAsync($"v3/conversations/{Uri.EscapeDataString(Payments)}/members/{Uri.EscapeDataString("29:1Nobody")}");
        var channels = await _connector.GetAsync($"v3/teams/{Uri.EscapeDataString(Team)}/conversations");
        var notInstalled = await _connector.GetAsync($"v3/conversations/{Uri.EscapeDataString(Elsewhere)}/members/{Uri.EscapeDataString(Ana.Id)}");

        Assert.Equal(HttpStatusCode.OK, byId.Status);
        Assert.Equal(Ana.Id, byId.Id);
        Assert.Equal("Ana Kovač", byId.Json!["name"]!.GetValue<string>());
        Assert.Equal(Ana.AadObjectId, byId.Json["aadObjectId"]!.GetValue<string>());
        Assert.Equal("ana.kovac@northwind.example", byId.Json["userPrincipalName"]!.GetValue<string>());
        Assert.Equal(_teams.Options.TenantId, byId.Json["tenantId"]!.GetValue<string>());
        Assert.Equal(Ana.Id, byObjectId.Id);
        Assert.Equal(HttpStatusCode.NotFound, stranger.Status);
        Assert.Equal(
            [(Team, "Payments"), (Payments, "payments-slo")],
            channels.Json!["conversations"]!.AsArray().Select(c => (c!["id"]!.GetValue<string>(), c["name"]!.GetValue<string>())));
        Assert.Equal((HttpStatusCode.Forbidden, "BotNotInConversationRoster"), (notInstalled.Status, notInstalled.ErrorCode));
    }

    [Fact]
    public async Task Connector_EighthSendWithinOneSecond_Is429WithRetryAfterAndStoresNothing()
    {
        var thread = (await _connector.CreateInChannelAsync(Payments, TestConnector.Message("root"))).Id!;
        var answers = new List<Answer>();
        for (var i = 0; i < 8; i++)
        {
            answers.Add(await _connector.PostAsync(thread, TestConnector.Message($"update {i}")));
        }
        var otherThread = await _connector.PostAsync(Team, TestConnector.Message("another channel is another thread"));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var afterASecond = await _connector.PostAsync(thread, TestConnector.Message("update 7 again"));
        var ninthInTwoSeconds = await _connector.PostAsync(thread, TestConnector.Message("update 8"));

        Assert.All(answers.Take(7), a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.Equal((HttpStatusCode.TooManyRequests, "Throttled"), (answers[7].Status, answers[7].ErrorCode));
        Assert.Equal(TimeSpan.FromSeconds(1), answers[7].RetryAfter);
        Assert.Equal(HttpStatusCode.Created, otherThread.Status);
        Assert.Equal(HttpStatusCode.Created, afterASecond.Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, ninthInTwoSeconds.Status);
        Assert.Equal(TimeSpan.FromSeconds(1), ninthInTwoSeconds.RetryAfter);
        Assert.Equal(8, Assert.Single(_teams.Posts(Payments)).Replies.Count);
        Assert.Equal(2, _teams.RateLimited.Count);
    }

    [Fact]
    public async Task Connector_SixtyFirstSendWithinThirtySeconds_IsToldToWaitUntilTheFirstAgesOut()
    {
        var answers = new List<Answer>();
        for (var i = 0; i < 61; i++)
        {
            answers.Add(await _connector.PostAsync(Payments, TestConnector.Message($"incident {i}")));
            _clock.Advance(TimeSpan.FromMilliseconds(300));
        }

        Assert.All(answers.Take(60), a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[60].Status);
        // The first send was at 0 s, the 61st at 18 s: the 30-second window frees up at 30 s.
        Assert.Equal(TimeSpan.FromSeconds(12), answers[60].RetryAfter);
    }

    [Fact]
    public async Task Connector_RateLimitsOffOrWithoutRetryAfter_BehavesAsConfigured()
    {
        _teams.Options.EnforceRateLimits = false;
        var burst = new List<Answer>();
        for (var i = 0; i < 20; i++)
        {
            burst.Add(await _connector.PostAsync(Payments, TestConnector.Message($"incident {i}")));
        }
        _teams.Options.EnforceRateLimits = true;
        _teams.Options.RetryAfterOnRateLimit = false;
        _clock.Advance(TimeSpan.FromSeconds(31));
        var limited = new List<Answer>();
        for (var i = 0; i < 8; i++)
        {
            limited.Add(await _connector.PostAsync(Payments, TestConnector.Message($"incident {i}")));
        }

        Assert.All(burst, a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited[7].Status);
        Assert.Null(limited[7].RetryAfter);
    }

    public static TheoryData<string, JsonObject, HttpStatusCode> RefusedActivities => new()
    {
        { "no type", new JsonObject { ["text"] = "hi" }, HttpStatusCode.BadRequest },
        { "nothing to show", new JsonObject { ["type"] = "message", ["text"] = " " }, HttpStatusCode.BadRequest },
        { "unknown textFormat", new JsonObject { ["type"] = "message", ["text"] = "hi", ["textFormat"] = "html" }, HttpStatusCode.BadRequest },
        { "attachment without contentType", Card(_ => { }, a => a.Remove("contentType")), HttpStatusCode.BadRequest },
        { "card content as a string", Card(_ => { }, a => a["content"] = a["content"]!.ToJsonString()), HttpStatusCode.BadRequest },
        { "content.type not AdaptiveCard", Card(c => c["type"] = "HeroCard"), HttpStatusCode.BadRequest },
        { "version 1.6", Card(c => c["version"] = "1.6"), HttpStatusCode.BadRequest },
        { "no version", Card(c => c.Remove("version")), HttpStatusCode.BadRequest },
        { "element without type", Card(c => c["body"]!.AsArray().Add(new JsonObject { ["text"] = "?" })), HttpStatusCode.BadRequest },
        { "action not an Action.*", Card(c => c["actions"]!.AsArray().Add(new JsonObject { ["type"] = "TextBlock" })), HttpStatusCode.BadRequest },
        { "over 28 KB", Card(c => c["body"]!.AsArray().Add(new JsonObject { ["type"] = "TextBlock", ["text"] = new string('x', 28 * 1024) })), HttpStatusCode.RequestEntityTooLarge },
    };

    [Theory]
    [MemberData(nameof(RefusedActivities))]
    public async Task Connector_InvalidActivityOrCard_IsRefusedAndNotStored(string why, JsonObject activity, HttpStatusCode status)
    {
        var thread = (await _connector.CreateInChannelAsync(Payments, TestConnector.Message("root"))).Id!;

        var sent = await _connector.PostAsync(thread, activity);
        var created = await _connector.CreateInChannelAsync(Payments, activity);

        Assert.True(status == sent.Status, why);
        Assert.Equal(status == HttpStatusCode.BadRequest ? "BadArgument" : "MessageSizeTooBig", sent.ErrorCode);
        Assert.Equal(status, created.Status);
        Assert.Empty(Assert.Single(_teams.Posts(Payments)).Replies);
    }

    [Fact]
    public async Task Connector_NonJsonBody_IsRefused()
    {
        var form = await _connector.SendRawAsync(HttpMethod.Post, TestConnector.Activities(Payments), "type=message&text=hi", "application/x-www-form-urlencoded");
        var broken = await _connector.SendRawAsync(HttpMethod.Post, TestConnector.Activities(Payments), "{\"type\":\"message\",");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "BadArgument"), (broken.Status, broken.ErrorCode));
        Assert.Empty(_teams.Posts(Payments));
    }

    public static TheoryData<string, FakeTeamsFailure> Failures => new()
    {
        { "429 with Retry-After", FakeTeamsFailure.Throttled(TimeSpan.FromSeconds(3)) },
        { "429 without Retry-After", FakeTeamsFailure.Throttled() },
        { "412", FakeTeamsFailure.PreconditionFailed },
        { "500", FakeTeamsFailure.ServerError },
        { "502", FakeTeamsFailure.BadGateway },
        { "504", FakeTeamsFailure.GatewayTimeout },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Connector_FailNext_AnswersTheFailureThenWorksAgain(string why, FakeTeamsFailure failure)
    {
        _teams.FailNext(TeamsOperation.SendToConversation, 2, failure);

        var first = await _connector.PostAsync(Payments, TestConnector.Message("one"));
        var second = await _connector.PostAsync(Payments, TestConnector.Message("one, again"));
        var third = await _connector.PostAsync(Payments, TestConnector.Message("one, at last"));
        var otherOperation = await _connector.CreateInChannelAsync(Payments, TestConnector.Message("two"));

        foreach (var failed in new[] { first, second })
        {
            Assert.True((int)failed.Status == failure.Status, why);
            Assert.Equal(failure.Code, failed.ErrorCode);
            Assert.Equal(failure.RetryAfter, failed.RetryAfter);
        }
        Assert.Equal(HttpStatusCode.Created, third.Status);
        Assert.Equal(HttpStatusCode.Created, otherOperation.Status);
        Assert.Equal(["one, at last", "two"], _teams.Posts(Payments).Select(p => p.Text));
        Assert.Equal([true, true, false], _teams.RequestsOf(TeamsOperation.SendToConversation).Select(r => r.Injected));
        Assert.Empty(_teams.RateLimited);
    }

    [Fact]
    public async Task Connector_UnservedPath_Is404AndLogged()
    {
        var answer = await _connector.GetAsync("v3/conversations/x/pagedmembers");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("/teams/v3/conversations/x/pagedmembers", Assert.Single(_teams.RequestsOf(TeamsOperation.Unknown)).Path);
    }

    private static long Number(string id) => long.Parse(id, CultureInfo.InvariantCulture);

    private static JsonObject Card(Action<JsonObject> changeCard, Action<JsonObject>? changeAttachment = null)
    {
        var activity = TestConnector.CardMessage(TestConnector.IncidentCard());
        var attachment = activity["attachments"]![0]!.AsObject();
        changeCard(attachment["content"]!.AsObject());
        changeAttachment?.Invoke(attachment);
        return activity;
    }
}
