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
}
