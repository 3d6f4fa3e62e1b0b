using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Bot.Core.Commands;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Notices;
using Bot.Core.OnCall;
using Bot.Core.Routing;
using Bot.Core.Scheduling;
using Bot.Core.Slos;
using Bot.Core.Storage;
using Bot.Slack.Api;
using Bot.Slack.Commands;
using Bot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Moq;

namespace Bot.Slack.Tests.Support;

/// <summary>
/// A minimal in-process host with the Slack adapter and just enough of the core behind it (the test catalog, an empty
/// incident store, notices in memory with one recording notice button, in-memory claims); Slack's Web API and response
/// URLs are <see cref="Slack"/>. Requests are signed as Slack signs them, on <see cref="Clock"/>.
/// </summary>
internal sealed class SlackTestHost : IAsyncDisposable
{
    public const string SigningSecret = "test-signing-secret-0123456789abcdef";
    public const string BotToken = "xoxb-test-token";

    private readonly WebApplication _app;

    private SlackTestHost(WebApplication app, HttpClient client, StubSlackHandler slack, ManualClock clock, EmptyIncidentStore store, MemoryNoticeStore notices, RecordingNoticeAction noticeAction, StubSliStore sli)
    {
        Sli = sli;
        _app = app;
        Client = client;
        Slack = slack;
        Clock = clock;
        Store = store;
        Notices = notices;
        NoticeAction = noticeAction;
    }

    public HttpClient Client { get; }

    public StubSlackHandler Slack { get; }

    public ManualClock Clock { get; }

    public EmptyIncidentStore Store { get; }

    /// <summary>The SLI counts pushed so far, per SLO: what <c>status</c> reports.</summary>
    public StubSliStore Sli { get; }

    public MemoryNoticeStore Notices { get; }

    /// <summary>The use case behind the notices' <c>handoff.accept</c> button.</summary>
    public RecordingNoticeAction NoticeAction { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SlackTestHost> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null,
        ManualClock? clock = null,
        EmptyIncidentStore? store = null,
        IIdempotencyStore? claims = null,
        Action<IServiceCollection>? configureServices = null)
    {
        clock ??= new ManualClock(new DateTimeOffset(2026, 3, 1, 14, 5, 0, TimeSpan.Zero));
        store ??= new EmptyIncidentStore();
        var slack = new StubSlackHandler();
        var notices = new MemoryNoticeStore();
        var noticeAction = new RecordingNoticeAction();
        var sli = new StubSliStore();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SigningSecret,
            ["Slack:BotToken"] = BotToken,
            ["Slack:ApiBaseUrl"] = "https://slack.test/api",
        });
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(TestCatalog.Holder(clock));
        builder.Services.AddSingleton<IIncidentStore>(store);
        builder.Services.AddSingleton(claims ?? new MemoryIdempotencyStore());
        builder.Services.AddSingleton<IncidentActions>();
        builder.Services.AddSingleton<MessageActions>();
        builder.Services.AddSingleton<IRotationOverrideStore>(Mock.Of<IRotationOverrideStore>());
        builder.Services.AddSingleton<OnCallBoard>();
        builder.Services.AddSingleton<RotationOverrides>();
        // The cover and rotate commands' use cases, as concrete services only: the notices' buttons here are the test's own.
        builder.Services.AddSingleton(new DestinationResolver(new RoutingOptions(), new HashSet<ChatPlatform> { ChatPlatform.Slack }));
        builder.Services.AddSingleton(Mock.Of<ITimers>());
        builder.Services.AddSingleton(new OnCallOptions());
        builder.Services.AddSingleton<HandoffPrompts>();
        builder.Services.AddSingleton<CoverRequests>();
        // The status command's SLO board, reading pushed counts (else estimating from breaches, of which there are none).
        builder.Services.AddSingleton<ISliStore>(sli);
        builder.Services.AddSingleton(new SloOptions());
        builder.Services.AddSingleton<PushedSliReader>();
        builder.Services.AddSingleton<BreachEstimateReader>();
        builder.Services.AddSingleton(provider => new SliReadings(
            provider.GetRequiredService<PushedSliReader>(), provider.GetRequiredService<BreachEstimateReader>(), provider.GetRequiredService<SloOptions>(), clock));
        builder.Services.AddSingleton<SloStatusBoard>();
        builder.Services.AddSingleton<CommandHandler>();
        builder.Services.AddSingleton<INoticeStore>(notices);
        builder.Services.AddSingleton<INoticeAction>(noticeAction);
        builder.Services.AddSingleton<NoticeActions>();
        configureServices?.Invoke(builder.Services);
        builder.AddSlack();
        builder.Services.AddHttpClient(SlackApiClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => slack);
        builder.Services.AddHttpClient(SlackResponseUrl.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => slack);
        var app = builder.Build();
        app.MapSlackEndpoints();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new SlackTestHost(app, app.GetTestClient(), slack, clock, store, notices, noticeAction, sli);
    }

    /// <summary>Posts <paramref name="body"/> signed with <paramref name="secret"/> at the clock's now (plus <paramref name="skew"/>).</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(string path, string body, string contentType, string secret = SigningSecret, TimeSpan skew = default, IDictionary<string, string>? headers = null)
    {
        var timestamp = (Clock.Now + skew).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", Sign(secret, timestamp, body));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }
        return await Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostFormAsync(string path, string body, TimeSpan skew = default) =>
        PostSignedAsync(path, body, "application/x-www-form-urlencoded", skew: skew);

    public Task<HttpResponseMessage> PostJsonAsync(string path, string body, IDictionary<string, string>? headers = null) =>
        PostSignedAsync(path, body, "application/json", headers: headers);

    /// <summary>Signs as Slack does, independently of the code under test.</summary>
    public static string Sign(string secret, string timestamp, string body) =>
        "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
