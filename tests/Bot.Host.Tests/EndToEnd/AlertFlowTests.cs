using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.Tests.EndToEnd;

/// <summary>
/// Alert in → message out, over real HTTP into the host with the example catalog: the right channel, once, kept
/// up to date in place.
/// </summary>
public sealed class AlertFlowTests
{
    [Fact]
    public async Task AlertForEachTeam_LandsInExactlyThatTeamsChannel()
    {
        using var bot = new KestrelBot();
        var catalog = bot.Services.GetRequiredService<CatalogHolder>().Current;
        var teams = catalog.Teams.Select(team => (Team: team, Slo: catalog.ServicesOf(team.Id).SelectMany(s => catalog.SlosOf(s.Id)).First())).ToList();

        foreach (var (team, slo) in teams)
        {
            using var response = await bot.PostAlertmanagerAsync(Payload("firing", slo.Id, $"for {team.Id}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        foreach (var (team, _) in teams)
        {
            var channel = ConsoleChannel(team);
            await KestrelBot.Until(async () => (await IncidentCardsAsync(bot, channel)).Count == 1, $"the incident in #{channel}");
            var card = Assert.Single(await IncidentCardsAsync(bot, channel));
            Assert.Equal($"Breach for {team.Id}", card.GetProperty("title").GetString());
        }
    }

    [Fact]
    public async Task ResolvedPayload_UpdatesTheSameMessage()
    {
        using var bot = new KestrelBot();
        await bot.PostAlertmanagerAsync(Payload("firing", "ledger-writes-availability", "resolve me"));
        await KestrelBot.Until(async () => (await IncidentCardsAsync(bot, "payments-slo-breaches")).Count == 1, "the incident message");
        var posted = Assert.Single(await IncidentMessagesAsync(bot, "payments-slo-breaches"));

        using var resolved = await bot.PostAlertmanagerAsync(Payload("resolved", "ledger-writes-availability", "resolve me"));

        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        await KestrelBot.Until(async () => Assert.Single(await IncidentCardsAsync(bot, "payments-slo-breaches")).GetProperty("state").GetString() == "resolved", "the message to show resolved");
        var edited = Assert.Single(await IncidentMessagesAsync(bot, "payments-slo-breaches"));
        Assert.Equal(posted.GetProperty("id").GetInt64(), edited.GetProperty("id").GetInt64());
        Assert.Equal(JsonValueKind.String, edited.GetProperty("editedAt").ValueKind);
    }

    [Fact]
    public async Task SamePayloadTwice_OneIncidentAndOneMessage()
    {
        using var bot = new KestrelBot();
        var payload = Payload("firing", "auth-login-availability", "twice");

        await bot.PostAlertmanagerAsync(payload);
        await bot.PostAlertmanagerAsync(payload);

        await KestrelBot.Until(async () => (await IncidentCardsAsync(bot, "identity-slo-breaches")).Count == 1, "the incident message");
        Assert.Single(await bot.IncidentsAsync("?team=identity"));
        Assert.Single(await IncidentCardsAsync(bot, "identity-slo-breaches"));
    }

    [Fact]
    public async Task UnroutableAlert_LandsInTheFallbackWithItsReason()
    {
        using var bot = new KestrelBot();

        using var response = await bot.PostAlertmanagerAsync("""
            {"version":"4","status":"firing","alerts":[{"status":"firing","startsAt":"2026-11-21T10:00:00Z",
              "labels":{"alertname":"DiskFull","team":"growth","instance":"db-7"},"annotations":{"summary":"Disk full on db-7"}}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await KestrelBot.Until(async () => (await IncidentCardsAsync(bot, "unrouted-slo-breaches")).Count == 1, "the unrouted incident");
        var card = Assert.Single(await IncidentCardsAsync(bot, "unrouted-slo-breaches"));
        var unrouted = card.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "Unrouted");
        Assert.Contains("team=\"growth\"", unrouted.GetProperty("value").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StormOfTenThousandAlertsForOneSlo_OneIncidentOnePostAndAFewEditsPerDestination()
    {
        var platform = new CountingChannel();
        // Escalation off: its direct messages would be counted with the team channels' posts and edits.
        using var bot = new KestrelBot(
            services =>
            {
                services.RemoveAll<IChatChannel>();
                services.AddSingleton<IChatChannel>(platform);
            },
            new Dictionary<string, string> { ["OnCall:EscalationEnabled"] = "false" });

        // 10,000 distinct alerts of one SLO, as 50 deliveries of 200 from 8 senders at once.
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var batch = Interlocked.Increment(ref next); batch <= 50; batch = Interlocked.Increment(ref next))
            {
                var first = (batch - 1) * 200;
                using var response = await bot.PostAlertmanagerAsync(StormPayload(first, 200));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        })));

        var outbox = bot.Services.GetRequiredService<IOutbox>();
        await KestrelBot.Until(async () => await outbox.PendingCountAsync(CancellationToken.None) == 0, "the outbox to drain");
        var incident = Assert.Single(await bot.IncidentsAsync("?team=payments"));
        Assert.Equal(10_000, incident.GetProperty("occurrences").GetInt32());
        Assert.NotEmpty(platform.Calls);
        foreach (var destination in platform.Calls.GroupBy(c => c.Destination))
        {
            Assert.Equal(1, destination.Count(c => c.Kind == "post"));
            Assert.InRange(destination.Count(c => c.Kind == "update"), 1, 10);
            Assert.InRange(destination.Count(c => c.Kind == "reply"), 0, 2);
        }
    }

    private static string ConsoleChannel(Team team) => team.Destinations.Single(d => d.Platform == ChatPlatform.Console).Channel;

    private static async Task<List<JsonElement>> IncidentMessagesAsync(KestrelBot bot, string channel) =>
        [.. (await bot.ChannelAsync(channel)).Where(m => m.GetProperty("body").GetProperty("type").GetString() == "incident")];

    private static async Task<List<JsonElement>> IncidentCardsAsync(KestrelBot bot, string channel) =>
        [.. (await IncidentMessagesAsync(bot, channel)).Select(m => m.GetProperty("body"))];

    private static string Payload(string status, string sloId, string what) => $$$"""
        {"version":"4","status":"{{{status}}}","alerts":[{"status":"{{{status}}}","startsAt":"2026-11-21T10:00:00.123456789Z",
          "endsAt":"{{{(status == "resolved" ? "2026-11-21T10:30:00Z" : "0001-01-01T00:00:00Z")}}}",
          "labels":{"alertname":"ErrorBudgetBurn","sloth_id":"{{{sloId}}}","sloth_severity":"page","environment":"production"},
          "annotations":{"summary":"Breach {{{what}}}"}}]}
        """;

    private static string StormPayload(int first, int count)
    {
        var alerts = Enumerable.Range(first, count).Select(i => $$$"""
            {"status":"firing","startsAt":"2026-11-21T10:00:00Z","labels":{"alertname":"ErrorBudgetBurn","sloth_id":"payment-gateway-requests-availability","sloth_severity":"page","environment":"production","instance":"pod-{{{i}}}"},"annotations":{"summary":"Storm"}}
            """);
        return $$"""{"version":"4","status":"firing","alerts":[{{string.Join(",", alerts)}}]}""";
    }

    /// <summary>A Slack channel with no latency that counts what each destination was sent.</summary>
    private sealed class CountingChannel : IChatChannel
    {
        public ConcurrentQueue<(string Destination, string Kind)> Calls { get; } = new();

        public ChatPlatform Platform => ChatPlatform.Slack;

        public double MessagesPerSecond => 1;

        public Task<DeliveryResult> PostAsync(ChatDestination destination, ChatMessage message, CancellationToken cancellationToken) =>
            Record(destination, "post");

        public Task<DeliveryResult> UpdateAsync(ChatDestination destination, ChatMessageRef posted, ChatMessage message, CancellationToken cancellationToken) =>
            Record(destination, "update");

        public Task<DeliveryResult> ReplyAsync(ChatDestination destination, ChatMessageRef posted, ChatText text, CancellationToken cancellationToken) =>
            Record(destination, "reply");

        private Task<DeliveryResult> Record(ChatDestination destination, string kind)
        {
            Calls.Enqueue((destination.Key, kind));
            return Task.FromResult<DeliveryResult>(new DeliveryResult.Delivered($"ts-{Calls.Count}", null));
        }
    }
}
