using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Notifications;
using Bot.MsTeams.Fake;
using Bot.MsTeams.Tests.Cards;

namespace Bot.MsTeams.Tests.Notices;

/// <summary>
/// Notices and direct messages through <see cref="MsTeamsChatChannel"/> to the fake Teams over real HTTP: a person's
/// personal chat is opened once and reused by every later post, edit and reply; mentions reach Teams as mentions.
/// </summary>
public sealed class NoticeDeliveryTests : IAsyncLifetime
{
    private TeamsNoticeRig _rig = null!;

    private static NoticeMessage Handoff => NoticeFixtures.Handoff().WithPeople(TeamsNoticeRig.Catalog);

    private FakeTeams Teams => _rig.Teams;

    public async Task InitializeAsync() => _rig = await TeamsNoticeRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task DirectPost_Notice_OpensThePersonalChatAndPostsTheCardIntoIt()
    {
        var result = await _rig.Channel.PostAsync(_rig.Direct(TeamsNoticeRig.Kwame.Id), Handoff, CancellationToken.None);

        var delivered = Assert.IsType<DeliveryResult.Delivered>(result);
        var chat = Teams.PersonalConversationId(TeamsNoticeRig.Kwame.Id);
        Assert.StartsWith("a:", chat, StringComparison.Ordinal);
        Assert.Equal(chat, delivered.ConversationId);
        var message = Assert.Single(Teams.ChatMessages(TeamsNoticeRig.Kwame.Id));
        Assert.Equal(delivered.MessageId, message.Id);
        Assert.Equal(["handoff.accept", "cover.accept"], message.Verbs);
        Assert.StartsWith("On-call handoff · Payments primary: @Ana Kovač hands Payments primary over to @Kwame Mensah", (string?)message.Activity["summary"], StringComparison.Ordinal);

        var create = Assert.Single(Teams.RequestsOf(TeamsOperation.CreateConversation)).Body;
        var expected = JsonNode.Parse($$$"""
            {"isGroup":false,"bot":{"id":"{{{Teams.BotId}}}","name":"SLO Bot"},"members":[{"id":"{{{TeamsNoticeRig.Kwame.Id}}}"}],
             "channelData":{"tenant":{"id":"{{{_rig.Tenant}}}"}},"tenantId":"{{{_rig.Tenant}}}"}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(create)), create);
    }

    [Fact]
    public async Task DirectPost_ByEntraObjectId_ReachesThePersonsOneChat()
    {
        var first = await _rig.Channel.PostAsync(_rig.Direct(TeamsNoticeRig.Lena.Id), Handoff, CancellationToken.None);
        var second = await _rig.Channel.PostAsync(_rig.Direct(TeamsNoticeRig.Lena.AadObjectId), Handoff with { NoticeId = 8 }, CancellationToken.None);

        Assert.Equal(
            Assert.IsType<DeliveryResult.Delivered>(first).ConversationId,
            Assert.IsType<DeliveryResult.Delivered>(second).ConversationId);
        Assert.Equal(2, Teams.ChatMessages(TeamsNoticeRig.Lena.Id).Count);
    }

    [Fact]
    public async Task DirectPost_Card_MentionsEveryoneWithATeamsId()
    {
        await _rig.Channel.PostAsync(_rig.Direct(TeamsNoticeRig.Kwame.Id), Handoff, CancellationToken.None);

        var message = Assert.Single(Teams.ChatMessages(TeamsNoticeRig.Kwame.Id));
        // Lena is in the catalog by her Entra object id, which Teams takes for a card mention as well.
        Assert.Equal(
            [(TeamsNoticeRig.Ana.Id, "Ana Kovač"), (TeamsNoticeRig.Kwame.Id, "Kwame Mensah"), (TeamsNoticeRig.Lena.AadObjectId, "Lena Fischer")],
            message.Mentions.Select(m => (m.Id, m.Name)));
    }

    [Fact]
    public async Task DirectUpdateAndReply_UseThePostsConversation_WithoutOpeningItAgain()
    {
        var destination = _rig.Direct(TeamsNoticeRig.Kwame.Id);
        var delivered = Assert.IsType<DeliveryResult.Delivered>(await _rig.Channel.PostAsync(destination, Handoff, CancellationToken.None));
        var posted = new ChatMessageRef(MessageSubject.Notice(7), destination.Key, delivered.MessageId, delivered.ThreadId, 1, _rig.Clock.Now, delivered.ConversationId);

        var updated = await _rig.Channel.UpdateAsync(destination, posted, NoticeFixtures.Taken().WithPeople(TeamsNoticeRig.Catalog), CancellationToken.None);
        var replied = await _rig.Channel.ReplyAsync(
            destination, posted, ChatText.Of($"{ChatText.Mention("kwame")}, the handoff is *still* waiting for you.", TeamsNoticeRig.Catalog), CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered(delivered.MessageId, delivered.ConversationId, delivered.ConversationId), updated);
        Assert.Equal(delivered.ConversationId, Assert.IsType<DeliveryResult.Delivered>(replied).ConversationId);
        Assert.Single(Teams.RequestsOf(TeamsOperation.CreateConversation));
        var messages = Teams.ChatMessages(TeamsNoticeRig.Kwame.Id);
        Assert.Equal(2, messages.Count);
        Assert.Equal(1, messages[0].EditCount);
        Assert.Empty(messages[0].Verbs);
        Assert.Contains("Accepted by", messages[0].AllText, StringComparison.Ordinal);
        Assert.Equal(@"<at>Kwame Mensah</at>, the handoff is \*still\* waiting for you.", messages[1].Text);
        Assert.Equal([(TeamsNoticeRig.Kwame.Id, "Kwame Mensah", "<at>Kwame Mensah</at>")], messages[1].Mentions.Select(m => (m.Id, m.Name, m.Text)));
    }

    [Fact]
    public async Task DirectUpdate_CopyRecordedWithoutItsConversation_FindsThePersonalChatAgain()
    {
        var destination = _rig.Direct(TeamsNoticeRig.Kwame.Id);
        var delivered = Assert.IsType<DeliveryResult.Delivered>(await _rig.Channel.PostAsync(destination, Handoff, CancellationToken.None));
        var posted = new ChatMessageRef(MessageSubject.Notice(7), destination.Key, delivered.MessageId, null, 1, _rig.Clock.Now);

        var updated = await _rig.Channel.UpdateAsync(destination, posted, NoticeFixtures.Taken().WithPeople(TeamsNoticeRig.Catalog), CancellationToken.None);

        Assert.Equal(delivered.ConversationId, Assert.IsType<DeliveryResult.Delivered>(updated).ConversationId);
        Assert.Equal(1, Assert.Single(Teams.ChatMessages(TeamsNoticeRig.Kwame.Id)).EditCount);
    }

    [Fact]
    public async Task DirectPost_PersonWithoutTheApp_IsRejectedSayingToInstallIt()
    {
        var result = await _rig.Channel.PostAsync(_rig.Direct(TeamsNoticeRig.Sam.Id), Handoff, CancellationToken.None);

        var rejected = Assert.IsType<DeliveryResult.Rejected>(result);
        Assert.Contains("HTTP 403", rejected.Error, StringComparison.Ordinal);
        Assert.Contains($"SLO Bot is not installed for {TeamsNoticeRig.Sam.Id}", rejected.Error, StringComparison.Ordinal);
        Assert.Empty(Teams.ChatMessages(TeamsNoticeRig.Sam.Id));
    }

    [Fact]
    public async Task DirectPost_UnknownPerson_IsRejectedPointingAtTheCatalog()
    {
        var result = await _rig.Channel.PostAsync(_rig.Direct("29:1NobodyByThatId"), Handoff, CancellationToken.None);

        var rejected = Assert.IsType<DeliveryResult.Rejected>(result);
        Assert.Contains("HTTP 404", rejected.Error, StringComparison.Ordinal);
        Assert.Contains("user 29:1NobodyByThatId was not found", rejected.Error, StringComparison.Ordinal);
        Assert.Contains("msTeamsUserId", rejected.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DirectPost_AppRemovedAfterTheChatWasOpened_IsRejectedSayingToInstallIt()
    {
        var destination = _rig.Direct(TeamsNoticeRig.Kwame.Id);
        await _rig.Channel.PostAsync(destination, Handoff, CancellationToken.None);
        Teams.SetUserInstalled(TeamsNoticeRig.Kwame.Id, false);

        var result = await _rig.Channel.PostAsync(destination, Handoff with { NoticeId = 8 }, CancellationToken.None);

        Assert.Contains("not installed for", Assert.IsType<DeliveryResult.Rejected>(result).Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TeamsOperation.CreateConversation, 429)]
    [InlineData(TeamsOperation.SendToConversation, 429)]
    [InlineData(TeamsOperation.CreateConversation, 502)]
    [InlineData(TeamsOperation.SendToConversation, 503)]
    public async Task DirectPost_TeamsThrottlesOrFailsForAMoment_RetriesLater(TeamsOperation operation, int status)
    {
        Teams.FailNext(operation, 1, status switch
        {
            429 => FakeTeamsFailure.Throttled(TimeSpan.FromSeconds(3)),
            502 => FakeTeamsFailure.BadGateway,
            _ => FakeTeamsFailure.ServiceUnavailable,
        });

        var result = await _rig.Channel.PostAsync(_rig.Direct(TeamsNoticeRig.Kwame.Id), Handoff, CancellationToken.None);

        var later = Assert.IsType<DeliveryResult.RetryLater>(result);
        Assert.Equal(status == 429 ? TimeSpan.FromSeconds(3) : null, later.RetryAfter);
        Assert.Contains($"HTTP {status}", later.Error, StringComparison.Ordinal);
        Assert.Empty(Teams.ChatMessages(TeamsNoticeRig.Kwame.Id));
    }

    [Fact]
    public async Task DirectPost_NoTenantAnywhere_IsRejectedWithoutCallingTeams()
    {
        await using var rig = await TeamsNoticeRig.StartAsync(botTenantId: null);

        var result = await rig.Channel.PostAsync(ChatDestination.Direct(ChatPlatform.MsTeams, TeamsNoticeRig.Kwame.Id), Handoff, CancellationToken.None);

        Assert.Contains("MsTeams:TenantId", Assert.IsType<DeliveryResult.Rejected>(result).Error, StringComparison.Ordinal);
        Assert.DoesNotContain(rig.Teams.Requests, r => r.Operation == TeamsOperation.CreateConversation);
    }

    [Fact]
    public async Task DirectPost_DestinationWithoutTenant_UsesMsTeamsTenantId()
    {
        var result = await _rig.Channel.PostAsync(ChatDestination.Direct(ChatPlatform.MsTeams, TeamsNoticeRig.Kwame.Id), Handoff, CancellationToken.None);

        Assert.IsType<DeliveryResult.Delivered>(result);
        var create = JsonNode.Parse(Assert.Single(Teams.RequestsOf(TeamsOperation.CreateConversation)).Body)!;
        Assert.Equal((_rig.Tenant, _rig.Tenant), ((string?)create["tenantId"], (string?)create["channelData"]!["tenant"]!["id"]));
    }

    [Fact]
    public async Task ChannelPost_Notice_IsANewThreadWithTheCardAndItsMentions_AndRepliesMentionInThatThread()
    {
        var delivered = Assert.IsType<DeliveryResult.Delivered>(await _rig.Channel.PostAsync(_rig.PaymentsChannel, Handoff, CancellationToken.None));
        var posted = new ChatMessageRef(MessageSubject.Notice(7), _rig.PaymentsChannel.Key, delivered.MessageId, delivered.ThreadId, 1, _rig.Clock.Now, delivered.ConversationId);

        await _rig.Channel.ReplyAsync(_rig.PaymentsChannel, posted, ChatText.Of($"Reminder: {ChatText.Mention("kwame")} has not accepted yet.", TeamsNoticeRig.Catalog), CancellationToken.None);

        Assert.Null(delivered.ConversationId);
        Assert.Equal($"{TeamsNoticeRig.ChannelId};messageid={delivered.MessageId}", delivered.ThreadId);
        var post = Assert.Single(Teams.Posts(TeamsNoticeRig.ChannelId));
        Assert.Equal(["handoff.accept", "cover.accept"], post.Verbs);
        Assert.Equal(3, post.Mentions.Count);
        var reply = Assert.Single(post.Replies);
        Assert.Equal("Reminder: <at>Kwame Mensah</at> has not accepted yet.", reply.Text);
        Assert.Equal([TeamsNoticeRig.Kwame.Id], reply.Mentions.Select(m => m.Id));
    }

    [Fact]
    public async Task Reply_SomeoneWithoutATeamsIdOrUnknown_IsNamedWithoutAMention()
    {
        var catalog = new ServiceCatalog(
            TeamsNoticeRig.Catalog.OrgUnits,
            [TeamsNoticeRig.Catalog.Teams[0] with { Members = [.. TeamsNoticeRig.Catalog.Teams[0].Members, new Member("mei", "Mei <Tan>", null, "U05MEI", null, "Asia/Singapore")] }],
            [], [], [], [], [], [], [], []);
        var delivered = Assert.IsType<DeliveryResult.Delivered>(await _rig.Channel.PostAsync(_rig.PaymentsChannel, Handoff, CancellationToken.None));
        var posted = new ChatMessageRef(MessageSubject.Notice(7), _rig.PaymentsChannel.Key, delivered.MessageId, delivered.ThreadId, 1, _rig.Clock.Now);

        await _rig.Channel.ReplyAsync(_rig.PaymentsChannel, posted, ChatText.Of($"{ChatText.Mention("mei")} and {ChatText.Mention("gone")} can't cover.", catalog), CancellationToken.None);

        var reply = Assert.Single(Assert.Single(Teams.Posts(TeamsNoticeRig.ChannelId)).Replies);
        Assert.Equal("Mei &lt;Tan&gt; and @gone can't cover.", reply.Text);
        Assert.Null(reply.Activity["entities"]);
        Assert.Empty(reply.Mentions);
    }
}
