using System.Net;
using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Notifications;
using Bot.MsTeams.Fake;
using Bot.MsTeams.Tests.Cards;

namespace Bot.MsTeams.Tests.Notices;

/// <summary>
/// A click on a notice card's button, as Teams delivers it to <c>/api/messages</c> (signed by the fake Bot Framework):
/// the <c>adaptiveCard/action</c> invoke runs the notice's action as the clicker and answers with the refreshed card or
/// the refusal; the <c>Action.Submit</c> fallback runs it too and answers in the conversation.
/// </summary>
public sealed class NoticeActionTests : IAsyncLifetime
{
    private const string Accept = "handoff.accept";

    private TeamsNoticeRig _rig = null!;

    public async Task InitializeAsync() => _rig = await TeamsNoticeRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task ExecuteAccept_ByTheIncomingInTheChannel_RunsTheActionAsHimAndAnswersWithTheRefreshedCard()
    {
        var card = await PostHandoffAsync(_rig.PaymentsChannel);

        var click = await _rig.Driver.ExecuteActionAsync(TeamsNoticeRig.Kwame, card.Id, Accept);

        Assert.Equal(HttpStatusCode.OK, click.Status);
        Assert.Equal((200, "application/vnd.microsoft.card.adaptive"), (click.InvokeStatusCode, click.InvokeType));
        var refreshed = click.InvokeValue!.AsObject();
        Assert.Equal("good", (string?)refreshed["body"]![0]!["style"]);
        Assert.Null(refreshed["actions"]);
        Assert.Equal("Accepted by <at>Kwame Mensah</at>.", (string?)refreshed["body"]!.AsArray().Last()!["text"]);
        Assert.Contains(refreshed["msteams"]!["entities"]!.AsArray(), e => (string?)e!["mentioned"]!["id"] == TeamsNoticeRig.Kwame.Id);

        var (noticeId, context) = Assert.Single(_rig.Accept.Clicks);
        Assert.Equal(7, noticeId);
        Assert.Equal(("kwame", "Kwame Mensah", "payments"), (context.By.Id, context.By.Name, context.ChannelTeamId));
        Assert.Equal(Bot.Core.Incidents.ActionSource.MsTeams, context.By.Source);
    }

    [Fact]
    public async Task ExecuteAccept_BySomeoneElse_IsAnsweredWithTheRefusalAsAMessage()
    {
        var card = await PostHandoffAsync(_rig.PaymentsChannel);

        var click = await _rig.Driver.ExecuteActionAsync(TeamsNoticeRig.Ana, card.Id, Accept);

        Assert.Equal((200, "application/vnd.microsoft.activity.message"), (click.InvokeStatusCode, click.InvokeType));
        Assert.Equal("Only Kwame Mensah, the incoming main, can accept this handoff; Ana Kovač is not.", click.InvokeValue!.GetValue<string>());
        Assert.Equal(NoticeTone.Attention, (await _rig.Notices.FindAsync(7, CancellationToken.None))!.Message.Tone);
    }

    [Fact]
    public async Task ExecuteAccept_InAPersonalChat_KnowsAMemberTheCatalogNamesByEntraObjectId()
    {
        var card = await PostHandoffAsync(_rig.Direct(TeamsNoticeRig.Lena.Id));

        var click = await _rig.Driver.ExecuteActionAsync(TeamsNoticeRig.Lena, card.Id, Accept);

        Assert.Equal("application/vnd.microsoft.activity.message", click.InvokeType);
        var (_, context) = Assert.Single(_rig.Accept.Clicks);
        Assert.Equal(("lena", "Lena Fischer", null), (context.By.Id, context.By.Name, context.ChannelTeamId));
    }

    [Theory]
    [InlineData("\"seven\"")]
    [InlineData("-7")]
    [InlineData("null")]
    public async Task ExecuteAccept_DataWithoutAValidNoticeId_Is400NamingTheField(string noticeId)
    {
        var card = await PostHandoffAsync(_rig.PaymentsChannel);

        var click = await _rig.Driver.ExecuteActionAsync(TeamsNoticeRig.Kwame, card.Id, Accept, data: new JsonObject { ["noticeId"] = JsonNode.Parse(noticeId) });

        Assert.Equal((400, "application/vnd.microsoft.error"), (click.InvokeStatusCode, click.InvokeType));
        Assert.Equal("BadRequest", (string?)click.InvokeValue!["code"]);
        Assert.Contains("data.noticeId", (string?)click.InvokeValue["message"], StringComparison.Ordinal);
        Assert.Empty(_rig.Accept.Clicks);
    }

    [Fact]
    public async Task ExecuteAccept_NoticeTheBotDoesNotHave_IsAnsweredWithAMessage()
    {
        var card = await PostHandoffAsync(_rig.PaymentsChannel);

        var click = await _rig.Driver.ExecuteActionAsync(TeamsNoticeRig.Kwame, card.Id, Accept, data: new JsonObject { ["noticeId"] = "404" });

        Assert.Equal("application/vnd.microsoft.activity.message", click.InvokeType);
        Assert.Contains("There is no notice 404", click.InvokeValue!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_rig.Accept.Clicks);
    }

    [Fact]
    public async Task ExecuteANoticeVerbNoActionServes_IsNotSupported()
    {
        // The card offers "I'll cover" too, but this bot registers no use case for it.
        var card = await PostHandoffAsync(_rig.PaymentsChannel);

        var click = await _rig.Driver.ExecuteActionAsync(TeamsNoticeRig.Kwame, card.Id, MessageAction.TakeCover.Id);

        Assert.Equal((400, "NotSupported"), (click.InvokeStatusCode, (string?)click.InvokeValue!["code"]));
    }

    [Fact]
    public async Task SubmitFallback_Accept_RunsTheActionAndAnswersInTheCardsThread()
    {
        var card = await PostHandoffAsync(_rig.PaymentsChannel);

        var submit = await _rig.Driver.SubmitActionAsync(TeamsNoticeRig.Kwame, card.Id, new JsonObject { ["action"] = Accept, ["noticeId"] = 7 });

        Assert.Equal((HttpStatusCode.OK, ""), (submit.Status, submit.Body));
        Assert.Equal(("kwame", 7L), (Assert.Single(_rig.Accept.Clicks).Context.By.Id, _rig.Accept.Clicks[0].NoticeId));
        var answer = Assert.Single(Assert.Single(_rig.Teams.Posts(TeamsNoticeRig.ChannelId)).Replies);
        Assert.Contains("You accepted the handoff of Payments primary.", answer.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitFallback_WithoutANoticeId_AnswersWhatIsMissingAndRunsNothing()
    {
        var card = await PostHandoffAsync(_rig.Direct(TeamsNoticeRig.Kwame.Id));

        var submit = await _rig.Driver.SubmitActionAsync(TeamsNoticeRig.Kwame, card.Id, new JsonObject { ["action"] = Accept });

        Assert.Equal(HttpStatusCode.OK, submit.Status);
        Assert.Empty(_rig.Accept.Clicks);
        var answer = _rig.Teams.ChatMessages(TeamsNoticeRig.Kwame.Id)[^1];
        Assert.Contains("names no notice (noticeId)", answer.AllText, StringComparison.Ordinal);
    }

    /// <summary>The handoff prompt (notice 7) stored and posted to <paramref name="destination"/> by the bot; its message in the fake.</summary>
    private async Task<TeamsMessage> PostHandoffAsync(ChatDestination destination)
    {
        var message = NoticeFixtures.Handoff().WithPeople(TeamsNoticeRig.Catalog);
        _rig.Notices.Add(message);
        var delivered = Assert.IsType<DeliveryResult.Delivered>(await _rig.Channel.PostAsync(destination, message, CancellationToken.None));
        return _rig.Teams.Activity(delivered.MessageId)!;
    }
}
