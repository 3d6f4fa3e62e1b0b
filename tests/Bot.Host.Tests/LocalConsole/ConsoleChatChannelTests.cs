using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Host.LocalConsole;
using Bot.Testing;

namespace Bot.Host.Tests.LocalConsole;

public sealed class ConsoleChatChannelTests
{
    private static readonly ChatDestination Payments = new(ChatPlatform.Console, "payments-slo-breaches");
    private static readonly DateTimeOffset At = new(2026, 5, 4, 10, 20, 0, TimeSpan.Zero);

    private readonly InMemoryConsoleChannelStore _store = new();
    private readonly ManualClock _clock = new(At);
    private readonly ConsoleChatChannel _channel;

    public ConsoleChatChannelTests()
    {
        _channel = new ConsoleChatChannel(_store, _clock);
    }

    /// <summary>An open P1 breach of Payment Gateway, as the core would describe it.</summary>
    private static IncidentMessage OpenIncident { get; } = new(
        42,
        3,
        "Payment Gateway: requests-availability burning fast",
        "#42 SLO breach · critical · open",
        IncidentState.Open,
        IncidentSeverity.Critical,
        "P1",
        [
            new MessageField("Service", "Payment Gateway"),
            new MessageField("SLO", "requests-availability ≥ 99.95% over 28d rolling"),
            new MessageField("SLI", "availability"),
            new MessageField("Where", "production / eu-central-1"),
            new MessageField("Burn rate", "14.4× over 1h"),
            new MessageField("Error budget left", "62%"),
            new MessageField("Started", "2026-05-04 10:15 UTC"),
            new MessageField("Occurrences", "3"),
        ],
        [
            new MessageLink("Runbook", new Uri("https://runbooks.northwind.example/payments/payment-gateway")),
            new MessageLink("Source", new Uri("http://prometheus.example:9090/graph?g0.expr=slo&g0.tab=1")),
        ],
        [MessageAction.Acknowledge, MessageAction.Resolve, MessageAction.StartPostmortem]);

    /// <summary>Acknowledged by a person whose name is not ASCII, with no priority: the keys stay, priority is null.</summary>
    private static IncidentMessage AcknowledgedWithoutPriority { get; } = OpenIncident with
    {
        Version = 4,
        Headline = "#42 SLO breach · critical · acknowledged",
        State = IncidentState.Acknowledged,
        Priority = null,
        Fields = [.. OpenIncident.Fields, new MessageField("Acknowledged", "by Ana Kovač at 2026-05-04 10:20 UTC")],
        Actions = [MessageAction.Resolve, MessageAction.StartPostmortem],
    };

    /// <summary>A handoff prompt waiting for the incoming on-call, mentioning both people (mentions unresolved: the console needs only the ids).</summary>
    private static NoticeMessage OpenHandoff { get; } = new(
        7,
        1,
        NoticeTone.Attention,
        "Handoff: Payments primary",
        $"{ChatText.Mention("ana")} hands over to {ChatText.Mention("kwame")}.",
        [
            new MessageField("Rotation", "Payments primary"),
            new MessageField("Shift starts", "2026-05-04 07:00 UTC", new DateTimeOffset(2026, 5, 4, 7, 0, 0, TimeSpan.Zero)),
        ],
        [
            new NoticeSection("Open incidents", ["#42 Payment Gateway: requests-availability burning fast, acknowledged by " + ChatText.Mention("ana")]),
            new NoticeSection("Notes", ["Deploy freeze until Wednesday ≥ 10:00", "Ping @payments-oncall for the vendor (not a mention)"]),
        ],
        [MessageAction.AcceptHandoff],
        $"Only {ChatText.Mention("kwame")} can accept.");

    /// <summary>The same prompt once accepted: good tone, no buttons, no footer.</summary>
    private static NoticeMessage AcceptedHandoff { get; } = OpenHandoff with
    {
        Version = 2,
        Tone = NoticeTone.Good,
        Summary = $"{ChatText.Mention("kwame")} accepted the handoff from {ChatText.Mention("ana")}.",
        Actions = [],
        Footer = null,
    };

    [Theory]
    [InlineData("incident-open.json")]
    [InlineData("incident-acknowledged-no-priority.json")]
    public async Task Post_Incident_StoresTheGoldenJson(string golden)
    {
        var message = golden == "incident-open.json" ? OpenIncident : AcknowledgedWithoutPriority;

        var result = await _channel.PostAsync(Payments, message, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("1", null), result);
        var stored = Assert.Single(_store.Messages);
        Assert.Equal(("payments-slo-breaches", null, At), (stored.Channel, stored.ThreadId, stored.PostedAt));
        GoldenFile.AssertMatches(golden, stored.Body);
    }

    [Fact]
    public async Task Update_PostedMessage_ReplacesTheBodyInPlace()
    {
        await _channel.PostAsync(Payments, OpenIncident, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(2));

        var result = await _channel.UpdateAsync(Payments, Posted("1"), AcknowledgedWithoutPriority, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("1", null), result);
        var stored = Assert.Single(_store.Messages);
        Assert.Equal(At.AddMinutes(2), stored.EditedAt);
        Assert.Equal("acknowledged", (string?)JsonNode.Parse(stored.Body)!["state"]);
    }

    [Fact]
    public async Task Update_MessageGone_IsRejectedNamingMessageAndChannel()
    {
        var result = await _channel.UpdateAsync(Payments, Posted("7"), OpenIncident, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Rejected("message 7 no longer exists in channel payments-slo-breaches"), result);
    }

    [Fact]
    public async Task Reply_PostsAReplyBodyInTheCardsThread()
    {
        await _channel.PostAsync(Payments, OpenIncident, CancellationToken.None);

        var result = await _channel.ReplyAsync(Payments, Posted("1"), ChatText.Plain("Acknowledged by Ana Kovač."), CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("2", "1"), result);
        var reply = _store.Messages[1];
        Assert.Equal("1", reply.ThreadId);
        Assert.Equal("""{"type":"reply","text":"Acknowledged by Ana Kovač."}""", reply.Body);
    }

    [Fact]
    public async Task Post_RetriedAfterTheFirstWasStoredButNotRecorded_EditsThatCardInsteadOfPostingTwice()
    {
        await _channel.PostAsync(Payments, OpenIncident, CancellationToken.None);

        var retried = await _channel.PostAsync(Payments, AcknowledgedWithoutPriority, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("1", null), retried);
        var card = Assert.Single(_store.Messages);
        Assert.Equal("acknowledged", (string?)JsonNode.Parse(card.Body)!["state"]);
    }

    [Fact]
    public async Task Post_AnotherIncident_PostsANewCard()
    {
        await _channel.PostAsync(Payments, OpenIncident, CancellationToken.None);

        var result = await _channel.PostAsync(Payments, OpenIncident with { IncidentId = 43 }, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("2", null), result);
        Assert.Equal(2, _store.Messages.Count);
    }

    [Fact]
    public async Task Reply_RetriedAfterTheFirstWasStoredButNotRecorded_IsNotDoubled()
    {
        await _channel.PostAsync(Payments, OpenIncident, CancellationToken.None);
        await _channel.ReplyAsync(Payments, Posted("1"), ChatText.Plain("Acknowledged by Ana Kovač"), CancellationToken.None);

        var retried = await _channel.ReplyAsync(Payments, Posted("1"), ChatText.Plain("Acknowledged by Ana Kovač"), CancellationToken.None);
        var next = await _channel.ReplyAsync(Payments, Posted("1"), ChatText.Plain("Resolved by Ana Kovač"), CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("2", "1"), retried);
        Assert.Equal(new DeliveryResult.Delivered("3", "1"), next);
        Assert.Equal(3, _store.Messages.Count);
    }

    [Theory]
    [InlineData("notice-handoff-open.json")]
    [InlineData("notice-handoff-accepted.json")]
    public async Task Post_Notice_StoresTheGoldenJson(string golden)
    {
        var message = golden == "notice-handoff-open.json" ? OpenHandoff : AcceptedHandoff;

        var result = await _channel.PostAsync(Payments, message, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("1", null), result);
        var stored = Assert.Single(_store.Messages);
        Assert.Equal(("payments-slo-breaches", null, At), (stored.Channel, stored.ThreadId, stored.PostedAt));
        GoldenFile.AssertMatches(golden, stored.Body);
    }

    [Fact]
    public async Task Post_Notice_ShowsMentionsAsMemberIdsAndListsThemOnce()
    {
        await _channel.PostAsync(Payments, OpenHandoff, CancellationToken.None);

        var body = JsonNode.Parse(Assert.Single(_store.Messages).Body)!;
        Assert.Equal("@ana hands over to @kwame.", (string?)body["summary"]);
        Assert.Equal("Only @kwame can accept.", (string?)body["footer"]);
        Assert.Equal(["ana", "kwame"], body["mentions"]!.AsArray().Select(id => (string)id!));
    }

    [Fact]
    public async Task Update_Notice_ReplacesTheBodyInPlace()
    {
        await _channel.PostAsync(Payments, OpenHandoff, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(2));

        var result = await _channel.UpdateAsync(Payments, PostedNotice("1"), AcceptedHandoff, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("1", null), result);
        var stored = Assert.Single(_store.Messages);
        Assert.Equal(At.AddMinutes(2), stored.EditedAt);
        var body = JsonNode.Parse(stored.Body)!;
        Assert.Equal(("good", 2), ((string?)body["tone"], (int)body["version"]!));
        Assert.Empty(body["actions"]!.AsArray());
    }

    [Fact]
    public async Task Post_NoticeRetriedAfterTheFirstWasStoredButNotRecorded_EditsThatNoticeInsteadOfPostingTwice()
    {
        await _channel.PostAsync(Payments, OpenHandoff, CancellationToken.None);

        var retried = await _channel.PostAsync(Payments, AcceptedHandoff, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("1", null), retried);
        Assert.Equal("good", (string?)JsonNode.Parse(Assert.Single(_store.Messages).Body)!["tone"]);
    }

    [Fact]
    public async Task Post_NoticeAfterTheCardOfAnIncidentWithTheSameId_PostsANewMessage()
    {
        await _channel.PostAsync(Payments, OpenIncident with { IncidentId = OpenHandoff.NoticeId }, CancellationToken.None);

        var result = await _channel.PostAsync(Payments, OpenHandoff, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("2", null), result);
        Assert.Equal(["incident", "notice"], _store.Messages.Select(m => (string)JsonNode.Parse(m.Body)!["type"]!));
    }

    [Fact]
    public async Task Post_IncidentAfterANoticeWithTheSameId_PostsANewCard()
    {
        await _channel.PostAsync(Payments, OpenHandoff, CancellationToken.None);

        var result = await _channel.PostAsync(Payments, OpenIncident with { IncidentId = OpenHandoff.NoticeId }, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("2", null), result);
        Assert.Equal(["notice", "incident"], _store.Messages.Select(m => (string)JsonNode.Parse(m.Body)!["type"]!));
    }

    [Fact]
    public async Task Post_AnotherNotice_PostsANewMessage()
    {
        await _channel.PostAsync(Payments, OpenHandoff, CancellationToken.None);

        var result = await _channel.PostAsync(Payments, OpenHandoff with { NoticeId = 8 }, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("2", null), result);
        Assert.Equal(2, _store.Messages.Count);
    }

    [Fact]
    public async Task Reply_WithMentions_ShowsMemberIdsAndListsThem()
    {
        await _channel.PostAsync(Payments, OpenHandoff, CancellationToken.None);
        var text = new ChatText(
            $"{ChatText.Mention("kwame")} accepted the handoff from {ChatText.Mention("ana")}; thanks {ChatText.Mention("kwame")}.",
            new Dictionary<string, Member> { ["kwame"] = new("kwame", "Kwame Mensah", null, "U05A1PAY02", null, "Africa/Lagos") });

        var result = await _channel.ReplyAsync(Payments, PostedNotice("1"), text, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("2", "1"), result);
        Assert.Equal(
            """{"type":"reply","text":"@kwame accepted the handoff from @ana; thanks @kwame.","mentions":["kwame","ana"]}""",
            _store.Messages[1].Body);
    }

    [Fact]
    public async Task Reply_WithMentionsRetried_IsNotDoubled()
    {
        await _channel.PostAsync(Payments, OpenHandoff, CancellationToken.None);
        var text = ChatText.Plain($"Taken by {ChatText.Mention("mei")}.");
        await _channel.ReplyAsync(Payments, PostedNotice("1"), text, CancellationToken.None);

        var retried = await _channel.ReplyAsync(Payments, PostedNotice("1"), text, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Delivered("2", "1"), retried);
        Assert.Equal(2, _store.Messages.Count);
    }

    [Fact]
    public async Task Post_ToADirectDestination_PostsInTheMembersDmChannel()
    {
        var direct = ChatDestination.Direct(ChatPlatform.Console, "kwame");

        var posted = await _channel.PostAsync(direct, OpenHandoff, CancellationToken.None);
        var replied = await _channel.ReplyAsync(
            direct, new ChatMessageRef(OpenHandoff.Subject, direct.Key, "1", null, 1, At), ChatText.Plain("Reminder: the handoff waits for you."), CancellationToken.None);

        Assert.Equal("console:dm:kwame", direct.Key);
        Assert.Equal(new DeliveryResult.Delivered("1", null, null), posted);
        Assert.Equal(new DeliveryResult.Delivered("2", "1", null), replied);
        Assert.All(_store.Messages, m => Assert.Equal("dm:kwame", m.Channel));
        Assert.Equal("1", _store.Messages[1].ThreadId);
    }

    [Fact]
    public async Task Update_InADirectChannel_EditsOnlyThatChannelsMessage()
    {
        var direct = ChatDestination.Direct(ChatPlatform.Console, "kwame");
        await _channel.PostAsync(direct, OpenHandoff, CancellationToken.None);

        var elsewhere = await _channel.UpdateAsync(ChatDestination.Direct(ChatPlatform.Console, "ana"), PostedNotice("1"), AcceptedHandoff, CancellationToken.None);
        var there = await _channel.UpdateAsync(direct, PostedNotice("1"), AcceptedHandoff, CancellationToken.None);

        Assert.Equal(new DeliveryResult.Rejected("message 1 no longer exists in channel dm:ana"), elsewhere);
        Assert.Equal(new DeliveryResult.Delivered("1", null), there);
        Assert.Equal("good", (string?)JsonNode.Parse(Assert.Single(_store.Messages).Body)!["tone"]);
    }

    [Fact]
    public async Task Post_ToANonConsoleDestination_IsRejected()
    {
        var result = await _channel.PostAsync(new ChatDestination(ChatPlatform.Slack, "C0123"), OpenIncident, CancellationToken.None);

        Assert.IsType<DeliveryResult.Rejected>(result);
        Assert.Empty(_store.Messages);
    }

    [Fact]
    public void Channel_IsTheUnlimitedConsolePlatform()
    {
        Assert.Equal(ChatPlatform.Console, _channel.Platform);
        Assert.Equal(double.PositiveInfinity, _channel.MessagesPerSecond);
    }

    private static ChatMessageRef Posted(string messageId) =>
        new(MessageSubject.Incident(42), Payments.Key, messageId, null, 3, At);

    private static ChatMessageRef PostedNotice(string messageId) =>
        new(OpenHandoff.Subject, Payments.Key, messageId, null, 1, At);
}
