using System.Net;
using System.Text.Json.Nodes;
using Bot.Core.Delivery;
using Bot.Host.Tests.Alerts;
using Bot.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Bot.Testing;

namespace Bot.Host.Tests.Delivery;

/// <summary>The host's delivery loop against a chat API over real HTTP that rate-limits and fails before it works.</summary>
public sealed class DeliveryLoopTests
{
    private static readonly Uri s_alertmanager = new("/api/alerts/alertmanager", UriKind.Relative);

    [Fact]
    public async Task DeliveryLoop_FlakyChatApi_DeliversEveryMessageOnceInOrder()
    {
        await using var slack = await FlakyChatServer.StartAsync();
        using var http = new HttpClient { BaseAddress = slack.BaseAddress };
        using var logs = new RecordingLoggerProvider();
        await using var factory = new BotApplicationFactory(
            configureServices: services => services
                .AddSingleton<IChatChannel>(new LoopbackSlackChannel(http))
                .AddSingleton<ILoggerProvider>(logs),
            // Escalation off: its direct messages and thread mentions would interleave with the messages counted here.
            settings: new Dictionary<string, string> { ["Delivery:InitialBackoff"] = "00:00:00.2", ["OnCall:EscalationEnabled"] = "false" });
        using var webhook = factory.CreateAlertSourceClient("alertmanager");
        var outbox = factory.Services.GetRequiredService<IOutbox>();

        // Opens the incident: its post is refused twice (429, then 500) before it goes through.
        await PostAsync(webhook, AlertPayloads.SlothAlert());
        await UntilDeliveredAsync(slack, outbox, requests: 3);

        // The ticket alert of the same SLO joins it inside the snooze window: an edit, nobody pinged.
        await PostAsync(webhook, AlertPayloads.SlothAlert(severity: "ticket"));
        await UntilDeliveredAsync(slack, outbox, requests: 4);

        // Both resolve: the message shows it, and the thread is told.
        await PostAsync(webhook, AlertPayloads.SlothAlert(resolved: true), AlertPayloads.SlothAlert(severity: "ticket", resolved: true));
        await UntilDeliveredAsync(slack, outbox, requests: 6);

        var received = slack.Received;
        Assert.Equal(
            [("post", 429), ("post", 500), ("post", 200), ("update", 200), ("update", 200), ("reply", 200)],
            received.Select(r => (r.Kind, r.Status)));
        Assert.All(received, r => Assert.Equal("C05PAYSLO01", (string?)r.Body["channel"]));
        Assert.Equal(["Open", "Open", "Open", "Open", "Resolved"], received.Take(5).Select(r => (string?)r.Body["state"]));
        Assert.All(received.Skip(3).Take(2), r => Assert.Equal("1777889742.000003", (string?)r.Body["ts"]));
        Assert.Equal("1777889742.000003", (string?)received[5].Body["threadTs"]);
        Assert.StartsWith("Resolved: all alerts stopped firing", (string?)received[5].Body["text"], StringComparison.Ordinal);

        var id = (long)received[0].Body["incidentId"]!;
        var incident = JsonNode.Parse(await webhook.GetStringAsync(new Uri($"/api/incidents/{id}", UriKind.Relative)))!;
        var message = Assert.Single(incident["messages"]!.AsArray())!;
        Assert.Equal("slack:C05PAYSLO01", (string?)message["destination"]);
        Assert.Equal("1777889742.000003", (string?)message["messageId"]);

        var retries = logs.Entries.Where(e => e.Level == LogLevel.Warning && e.Values.ContainsKey("RetryIn")).ToList();
        Assert.Equal(2, retries.Count);
        Assert.Contains("429", (string?)retries[0].Values["DeliveryError"], StringComparison.Ordinal);
        Assert.True((TimeSpan)retries[0].Values["RetryIn"]! >= TimeSpan.FromSeconds(1), "Retry-After is a floor for the delay.");
        Assert.Equal(4, logs.Entries.Count(e => e.Level == LogLevel.Information && e.Message.StartsWith("Delivered ", StringComparison.Ordinal)));
    }

    private static async Task PostAsync(HttpClient webhook, params JsonObject[] alerts)
    {
        using var response = await webhook.PostAsync(s_alertmanager, AlertPayloads.Json(AlertPayloads.Alertmanager(alerts)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Waits until the fake has seen <paramref name="requests"/> requests and nothing is left in the outbox.</summary>
    private static async Task UntilDeliveredAsync(FlakyChatServer slack, IOutbox outbox, int requests)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (slack.Received.Count < requests || await outbox.PendingCountAsync(CancellationToken.None) > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Timed out waiting for {requests} requests with the outbox drained; received: "
                    + string.Join(", ", slack.Received.Select(r => $"{r.Kind} {r.Status}")));
            }
        }
        Assert.Equal(requests, slack.Received.Count);
    }
}
