using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Slack.Api;
using Bot.Slack.Fake;
using Bot.Slack.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Slack.Tests;

/// <summary>The channel against the fake Slack over real HTTP on loopback: direct messages, notices and mentions.</summary>
public sealed class SlackChatChannelFakeSlackTests : IAsyncLifetime, IDisposable
{
    private const string Ana = TestCatalog.AnaSlackId;
    private const string OtherBot = "U0OTHERBOT";
    private const string Gone = "U0GONE";

    private static readonly ChatDestination AnaDirect = ChatDestination.Direct(ChatPlatform.Slack, Ana);
    private static readonly ChatDestination Payments = new(ChatPlatform.Slack, TestCatalog.PaymentsChannel);

    private FakeSlack _slack = null!;
    private FakeClients _clients = null!;

    public async Task InitializeAsync()
    {
        // The per-channel limiter is Slack's, not what these tests are about; the dispatcher's pacing is tested elsewhere.
        var options = new FakeSlackOptions { MessagesPerSecondPerChannel = 0 };
        options.Channels.Add(new FakeSlackChannel(TestCatalog.PaymentsChannel, "payments-slo-breaches"));
        options.Users.Add(new FakeSlackUser(Ana, "ana.kovac", "Ana Kovač", "ana@example.com"));
        options.Users.Add(new FakeSlackUser(OtherBot, "deploy-bot", "Deploy Bot", "deploy-bot@example.com", IsBot: true));
        options.Users.Add(new FakeSlackUser(Gone, "former", "Former Colleague", "former@example.com", Deleted: true));
        _slack = await FakeSlack.StartAsync(options);
        _clients = new FakeClients(_slack);
    }

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    public void Dispose() => _clients.Dispose();

    private SlackChatChannel Channel() => new(new SlackApiClient(_clients, TimeProvider.System, NullLogger<SlackApiClient>.Instance));

    private static ChatMessageRef CopyOf(ChatDestination destination, DeliveryResult result)
    {
        var delivered = Assert.IsType<DeliveryResult.Delivered>(result);
        return new ChatMessageRef(MessageSubject.Notice(7), destination.Key, delivered.MessageId, delivered.ThreadId, 1, DateTimeOffset.UnixEpoch, delivered.ConversationId);
    }

    [Fact]
    public async Task Post_NoticeToAPerson_OpensTheirDirectMessageAndPostsTheNoticeThere()
    {
        var result = await Channel().PostAsync(AnaDirect, TestNotices.Handoff(), CancellationToken.None);

        var dm = _slack.DirectMessageChannel(Ana);
        Assert.NotNull(dm);
        Assert.StartsWith("D", dm, StringComparison.Ordinal);
        var delivered = Assert.IsType<DeliveryResult.Delivered>(result);
        var message = Assert.Single(_slack.Messages(dm));
        Assert.Equal((message.Ts, message.Ts, dm), (delivered.MessageId, delivered.ThreadId, delivered.ConversationId));
        Assert.Equal(["handoff.accept", "cover.accept"], message.ActionIds);
        Assert.Contains("<@U0ANA> hands over to *Kwame Mensah*", message.AllText, StringComparison.Ordinal);
        Assert.Equal("users=U0ANA", Assert.Single(_slack.CallsOf("conversations.open")).Body);
    }

    [Fact]
    public async Task UpdateAndReply_DirectCopy_GoToItsConversationWithoutOpeningItAgain()
    {
        var channel = Channel();
        var copy = CopyOf(AnaDirect, await channel.PostAsync(AnaDirect, TestNotices.Handoff(), CancellationToken.None));

        var updated = await channel.UpdateAsync(AnaDirect, copy, TestNotices.Taken(), CancellationToken.None);
        var replied = await channel.ReplyAsync(AnaDirect, copy, new ChatText($"{ChatText.Mention("kwame")} took over from {ChatText.Mention("ana")}.", TestNotices.People), CancellationToken.None);

        Assert.IsType<DeliveryResult.Delivered>(updated);
        Assert.Equal(copy.MessageId, Assert.IsType<DeliveryResult.Delivered>(replied).ThreadId);
        var message = Assert.Single(_slack.Messages(copy.ConversationId!));
        Assert.Equal(1, message.EditCount);
        Assert.Empty(message.ActionIds);
        Assert.StartsWith("Handoff: Payments primary (accepted)", message.Text, StringComparison.Ordinal);
        Assert.Equal("*Kwame Mensah* took over from <@U0ANA>.", Assert.Single(message.Replies).Text);
        Assert.Single(_slack.CallsOf("conversations.open"));
        Assert.All(_slack.CallsOf("chat.update").Concat(_slack.CallsOf("chat.postMessage")), call => Assert.Equal(copy.ConversationId, call.Argument("channel")));
    }

    [Fact]
    public async Task Update_DirectCopyRecordedWithoutItsConversation_FindsTheSameConversationAgain()
    {
        var channel = Channel();
        var copy = CopyOf(AnaDirect, await channel.PostAsync(AnaDirect, TestNotices.Handoff(), CancellationToken.None));

        var result = await channel.UpdateAsync(AnaDirect, copy with { ConversationId = null }, TestNotices.Taken(), CancellationToken.None);

        Assert.IsType<DeliveryResult.Delivered>(result);
        Assert.Equal(1, Assert.Single(_slack.Messages(copy.ConversationId!)).EditCount);
    }

    [Fact]
    public async Task Post_TwoMessagesToThePerson_LandInTheSameConversation()
    {
        var channel = Channel();
        var incident = new IncidentMessage(42, 1, "Checkout API availability", "#42 SLO breach · critical · open", IncidentState.Open, IncidentSeverity.Critical, "P1",
            [new("Service", "Checkout API")], [], [MessageAction.Acknowledge]);

        var first = CopyOf(AnaDirect, await channel.PostAsync(AnaDirect, TestNotices.Handoff(), CancellationToken.None));
        var second = CopyOf(AnaDirect, await channel.PostAsync(AnaDirect, incident, CancellationToken.None));

        Assert.Equal(first.ConversationId, second.ConversationId);
        Assert.Equal(2, _slack.Messages(first.ConversationId!).Count);
        // Without a catalog there is no priority menu; the severity menu follows the buttons.
        Assert.Equal(["incident.acknowledge", "incident.severity"], _slack.Messages(first.ConversationId!)[1].ActionIds);
    }

    [Fact]
    public async Task Post_NoticeToAChannel_IsPostedThereWithNoConversation()
    {
        var result = await Channel().PostAsync(Payments, TestNotices.Handoff(), CancellationToken.None);

        Assert.Null(Assert.IsType<DeliveryResult.Delivered>(result).ConversationId);
        Assert.Single(_slack.Messages(TestCatalog.PaymentsChannel));
        Assert.Empty(_slack.CallsOf("conversations.open"));
    }

    [Fact]
    public async Task Post_NoticeAtEveryLimit_IsAcceptedBySlacksBlockKitChecks()
    {
        var sections = Enumerable.Range(1, 60).Select(i => new NoticeSection($"Section {i} <&>", [new string('x', 2999), $"{ChatText.Mention("ana")} {new string('y', 2990)}"])).ToArray();
        var fields = Enumerable.Range(1, 25).Select(i => new MessageField($"Field {i}", new string('v', 2500))).ToArray();
        var notice = TestNotices.Handoff() with { Title = new string('T', 400), Summary = new string('s', 5000), Fields = fields, Sections = sections, Footer = new string('f', 5000) };

        var result = await Channel().PostAsync(Payments, notice, CancellationToken.None);

        Assert.IsType<DeliveryResult.Delivered>(result);
        Assert.Equal(["handoff.accept", "cover.accept"], Assert.Single(_slack.Messages(TestCatalog.PaymentsChannel)).ActionIds);
    }

    [Fact]
    public async Task Reply_InAChannelThread_MentionsPeopleTheSlackWay()
    {
        var channel = Channel();
        var copy = CopyOf(Payments, await channel.PostAsync(Payments, TestNotices.Handoff(), CancellationToken.None));

        await channel.ReplyAsync(Payments, copy, new ChatText($"Reminder: {ChatText.Mention("ana")} & {ChatText.Mention("kwame")}, please accept.", TestNotices.People), CancellationToken.None);

        var reply = Assert.Single(Assert.Single(_slack.Messages(TestCatalog.PaymentsChannel)).Replies);
        Assert.Equal("Reminder: <@U0ANA> &amp; *Kwame Mensah*, please accept.", reply.Text);
        Assert.Equal("Reminder: <@U0ANA> &amp; *Kwame Mensah*, please accept.", (string?)reply.Blocks![0]!["text"]!["text"]);
    }

    [Theory]
    [InlineData("U0NOBODY", "user_not_found", "names no one in this workspace")]
    [InlineData(OtherBot, "cannot_dm_bot", "is a bot's")]
    [InlineData(Gone, "user_disabled", "deactivated")]
    public async Task Post_PersonSlackCannotOpenADirectMessageWith_IsRejectedWithAHintAndPostsNothing(string user, string error, string hint)
    {
        var result = await Channel().PostAsync(ChatDestination.Direct(ChatPlatform.Slack, user), TestNotices.Handoff(), CancellationToken.None);

        var rejected = Assert.IsType<DeliveryResult.Rejected>(result);
        Assert.Contains($"conversations.open to dm:{user}: {error}", rejected.Error, StringComparison.Ordinal);
        Assert.Contains(hint, rejected.Error, StringComparison.Ordinal);
        Assert.Empty(_slack.CallsOf("chat.postMessage"));
    }

    [Fact]
    public async Task Post_ConversationsOpenRateLimited_RetriesLaterAfterSlacksDelay()
    {
        _slack.FailNext("conversations.open", 1, FakeSlackFailure.RateLimited(7));

        var result = await Channel().PostAsync(AnaDirect, TestNotices.Handoff(), CancellationToken.None);

        Assert.Equal(TimeSpan.FromSeconds(7), Assert.IsType<DeliveryResult.RetryLater>(result).RetryAfter);
        Assert.Empty(_slack.CallsOf("chat.postMessage"));
    }

    [Fact]
    public async Task Post_ConversationsOpenFailingInSlack_RetriesLater()
    {
        _slack.FailNext("conversations.open", 1, FakeSlackFailure.NotOk("internal_error"));

        Assert.IsType<DeliveryResult.RetryLater>(await Channel().PostAsync(AnaDirect, TestNotices.Handoff(), CancellationToken.None));
    }

    /// <summary>The named Slack client as the host configures it, pointed at the fake.</summary>
    private sealed class FakeClients(FakeSlack slack) : IHttpClientFactory, IDisposable
    {
        private readonly HttpClientHandler _handler = new();

        public HttpClient CreateClient(string name) => new(_handler, disposeHandler: false)
        {
            BaseAddress = slack.ApiBaseUrl,
            DefaultRequestHeaders = { Authorization = new("Bearer", slack.BotToken) },
        };

        public void Dispose() => _handler.Dispose();
    }
}
