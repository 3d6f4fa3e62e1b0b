using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Core.Alerts;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Notices;
using Bot.Core.Storage;
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

    /// <summary>
    /// Stores a new notice straight through <see cref="INoticeStore"/> (as a use case would) and queues its posts to
    /// <paramref name="destinationKeys"/> (<c>console:payments-slo-breaches</c>, <c>console:dm:kwame</c>); returns it with its id.
    /// </summary>
    public Task<Notice> StoreNoticeAsync(Notice notice, params string[] destinationKeys) =>
        Factory.Services.GetRequiredService<INoticeStore>().WriteAsync(
            async session =>
            {
                var added = await session.AddAsync(notice, CancellationToken.None)
                    ?? throw new InvalidOperationException($"A notice with dedup key '{notice.DedupKey}' is already stored.");
                await session.EnqueuePostsAsync(added.Id, destinationKeys, CancellationToken.None);
                return added;
            },
            CancellationToken.None);

    /// <summary>The console channel that holds a member's direct messages: <c>dm:&lt;member id&gt;</c>.</summary>
    public static string DirectChannel(string memberId) => ChatDestination.DirectPrefix + memberId;

    /// <summary>The messages of a member's direct-message channel (<see cref="DirectChannel"/>), oldest first.</summary>
    public Task<JsonArray> DirectMessagesAsync(string memberId) => MessagesAsync(DirectChannel(memberId));

    /// <summary>The notices a channel shows now (not their thread replies), oldest first.</summary>
    public async Task<IReadOnlyList<ConsoleNotice>> NoticesAsync(string channel) => NoticesIn(await MessagesAsync(channel));

    /// <summary>The notices in a member's direct-message channel, oldest first.</summary>
    public Task<IReadOnlyList<ConsoleNotice>> DirectNoticesAsync(string memberId) => NoticesAsync(DirectChannel(memberId));

    /// <summary>The bot's thread replies in a channel, oldest first: all of them, or those under the message <paramref name="threadId"/>.</summary>
    public async Task<IReadOnlyList<ConsoleThreadReply>> RepliesAsync(string channel, long? threadId = null) => RepliesIn(await MessagesAsync(channel), threadId);

    /// <summary>Like <see cref="WaitForChannelAsync"/>, on the notices the channel shows.</summary>
    public async Task<IReadOnlyList<ConsoleNotice>> WaitForNoticesAsync(string channel, Func<IReadOnlyList<ConsoleNotice>, bool> condition, string what) =>
        NoticesIn(await WaitForChannelAsync(channel, messages => condition(NoticesIn(messages)), what));

    /// <summary>
    /// Presses a notice's button as the member <paramref name="user"/>, naming the notice by its <paramref name="messageId"/>
    /// in <paramref name="channel"/> or by <paramref name="noticeId"/>; fails the test unless the console answers 200.
    /// </summary>
    public async Task<ConsoleNoticeAnswer> ClickNoticeAsync(string channel, string user, string action, long? messageId = null, long? noticeId = null)
    {
        var json = await PostForJsonAsync("/api/console/actions", new { channel, user, action, messageId, noticeId });
        return new ConsoleNoticeAnswer((bool)json["ok"]!, (string)json["text"]!, json["body"] is { } body ? ConsoleNotice.From(body, null, false) : null);
    }

    /// <summary>The notices among a channel's messages (as <see cref="MessagesAsync"/> reads them).</summary>
    public static IReadOnlyList<ConsoleNotice> NoticesIn(JsonArray messages) =>
        [.. messages
            .Where(m => m!["threadId"] is null && (string?)m["body"]!["type"] == "notice")
            .Select(m => ConsoleNotice.From(m!["body"]!, (long)m["id"]!, m["editedAt"] is not null))];

    /// <summary>The thread replies among a channel's messages: all, or those under <paramref name="threadId"/>.</summary>
    public static IReadOnlyList<ConsoleThreadReply> RepliesIn(JsonArray messages, long? threadId = null) =>
        [.. messages
            .Where(m => m!["threadId"] is { } thread && (threadId is null || (long)thread == threadId) && (string?)m["body"]!["type"] == "reply")
            .Select(m => new ConsoleThreadReply(
                (long)m!["id"]!,
                (long)m["threadId"]!,
                (string)m["body"]!["text"]!,
                m["body"]!["mentions"] is JsonArray mentions ? [.. mentions.Select(id => (string)id!)] : []))];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }

    private async Task<ConsoleAnswer> PostAsync(string path, object body)
    {
        var json = await PostForJsonAsync(path, body);
        return new ConsoleAnswer((bool)json["ok"]!, (string)json["text"]!);
    }

    private async Task<JsonNode> PostForJsonAsync(string path, object body)
    {
        using var response = await Client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }
}

/// <summary>The console's <c>{ok, text}</c> answer.</summary>
internal sealed record ConsoleAnswer(bool Ok, string Text);

/// <summary>The console's answer to a notice's button: <c>{ok, text}</c> and the notice as it now stands.</summary>
internal sealed record ConsoleNoticeAnswer(bool Ok, string Text, ConsoleNotice? Notice);

/// <summary>A notice as the console shows it (body <c>type: "notice"</c>, docs/console.md); mentions read <c>@memberId</c>.</summary>
/// <param name="MessageId">Its message id in the channel; null for the notice in a button's answer.</param>
/// <param name="Edited">Whether the message has been edited since it was posted.</param>
/// <param name="Mentions">The member ids its texts mention, each once, in order.</param>
internal sealed record ConsoleNotice(
    long? MessageId,
    bool Edited,
    long NoticeId,
    int Version,
    string Tone,
    string Title,
    string Summary,
    IReadOnlyList<(string Name, string Value)> Fields,
    IReadOnlyList<ConsoleNoticeSection> Sections,
    IReadOnlyList<ConsoleButton> Actions,
    string? Footer,
    IReadOnlyList<string> Mentions)
{
    public IReadOnlyList<string> ActionIds => [.. Actions.Select(a => a.Id)];

    public static ConsoleNotice From(JsonNode body, long? messageId, bool edited) => new(
        messageId,
        edited,
        (long)body["noticeId"]!,
        (int)body["version"]!,
        (string)body["tone"]!,
        (string)body["title"]!,
        (string)body["summary"]!,
        [.. body["fields"]!.AsArray().Select(f => ((string)f!["name"]!, (string)f["value"]!))],
        [.. body["sections"]!.AsArray().Select(s => new ConsoleNoticeSection((string)s!["heading"]!, [.. s["lines"]!.AsArray().Select(l => (string)l!)]))],
        [.. body["actions"]!.AsArray().Select(a => new ConsoleButton((string)a!["id"]!, (string)a["text"]!))],
        (string?)body["footer"],
        [.. body["mentions"]!.AsArray().Select(id => (string)id!)]);
}

internal sealed record ConsoleNoticeSection(string Heading, IReadOnlyList<string> Lines);

internal sealed record ConsoleButton(string Id, string Text);

/// <summary>A thread reply of the bot in a console channel; <see cref="Text"/> shows mentions as <c>@memberId</c>.</summary>
/// <param name="ThreadId">The message id of the card or notice it answers.</param>
/// <param name="Mentions">The member ids it mentions, each once, in order.</param>
internal sealed record ConsoleThreadReply(long Id, long ThreadId, string Text, IReadOnlyList<string> Mentions);
