using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Core.Alerts;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Host.Tests.Infrastructure;
using Bot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.LocalConsole;

/// <summary>
/// The real host with only the console platform, on a clock that stands still, driven as a person at a terminal
/// would drive it: alerts in over the webhook, then the console API. Delivery is pumped by the test's own polls, so
/// it works with or without the host's delivery loop.
/// </summary>
internal sealed class ConsoleBot : IAsyncDisposable
{
    public const string AlertToken = "test-alertmanager-token-5e6f7a8b9c";

    /// <summary>When the host thinks it is; alerts in these tests start a few minutes before.</summary>
    public static readonly DateTimeOffset Now = new(2026, 5, 4, 10, 20, 0, TimeSpan.Zero);

    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    public ConsoleBot(IReadOnlyDictionary<string, string>? settings = null, Action<IServiceCollection>? configureServices = null)
    {
        var all = new Dictionary<string, string> { ["AlertSources:alertmanager:Token"] = AlertToken };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }
        Factory = new BotApplicationFactory(
            configureServices: services =>
            {
                services.AddSingleton<TimeProvider>(Clock);
                configureServices?.Invoke(services);
            },
            settings: all);
        Client = Factory.CreateClient();
    }

    public ManualClock Clock { get; } = new(Now);

    public BotApplicationFactory Factory { get; }

    public HttpClient Client { get; }

    /// <summary>
    /// Sends the body to <c>POST /api/alerts/alertmanager</c>; while that endpoint is not mapped yet (404), hands the
    /// parsed batch to the same ingest use case the endpoint calls.
    /// </summary>
    public async Task SendAlertmanagerAsync(string payload)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/alerts/alertmanager", UriKind.Relative))
        {
            Content = new StringContent(payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", AlertToken);
        using var response = await Client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            var batch = AlertPayloadParsers.Find("alertmanager")!.Parse(Encoding.UTF8.GetBytes(payload), Clock.GetUtcNow());
            await Factory.Services.GetRequiredService<IAlertIngest>().ExecuteAsync(batch, CancellationToken.None);
            return;
        }
        Assert.True(response.IsSuccessStatusCode, $"The webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public Task<ConsoleAnswer> CommandAsync(string channel, string user, string text) =>
        PostAsync("/api/console/commands", new { channel, user, text });

    public Task<ConsoleAnswer> ActionAsync(string channel, string user, string action, long? messageId = null, long? incidentId = null) =>
        PostAsync("/api/console/actions", new { channel, user, action, messageId, incidentId });

    public async Task<JsonArray> MessagesAsync(string channel)
    {
        using var response = await Client.GetAsync(new Uri($"/api/console/channels/{channel}/messages", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();
    }

    /// <summary>Runs delivery passes and reads the channel until <paramref name="condition"/> holds; fails after 30 s saying what was awaited.</summary>
    public async Task<JsonArray> WaitForChannelAsync(string channel, Func<JsonArray, bool> condition, string what)
    {
        var dispatcher = Factory.Services.GetRequiredService<DeliveryDispatcher>();
        var waited = Stopwatch.StartNew();
        JsonArray messages;
        while (true)
        {
            try
            {
                await dispatcher.RunOnceAsync(CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // The host's own delivery loop is in a pass; it delivers just as well.
            }
            messages = await MessagesAsync(channel);
            if (condition(messages))
            {
                return messages;
            }
            if (waited.Elapsed > WaitLimit)
            {
                break;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
        Assert.Fail($"After {WaitLimit.TotalSeconds} s, console channel '{channel}' still does not show {what}. It holds:\n{messages.ToJsonString()}");
        return messages;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }

    private async Task<ConsoleAnswer> PostAsync(string path, object body)
    {
        using var response = await Client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {text}");
        var json = JsonNode.Parse(text)!;
        return new ConsoleAnswer((bool)json["ok"]!, (string)json["text"]!);
    }
}

/// <summary>The console's <c>{ok, text}</c> answer.</summary>
internal sealed record ConsoleAnswer(bool Ok, string Text);
