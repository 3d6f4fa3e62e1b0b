using System.Collections.Concurrent;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Notifications;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Bot.Benchmarks;

/// <summary>
/// The real host on loopback Kestrel, with a fresh SQLite file, the example catalog, and a zero-latency Slack
/// channel that records when each message arrives (so delivery costs the bot's own work only).
/// </summary>
internal sealed class BenchHost : WebApplicationFactory<Program>
{
    public const string Token = "benchmark-token-0123456789";
    public const string SlackSigningSecret = "benchmark-slack-signing-secret-0123";

    private readonly string _folder = Directory.CreateTempSubdirectory("slobot-bench-").FullName;

    private readonly IReadOnlyDictionary<string, string> _settings;

    private BenchHost(double messagesPerSecond, IReadOnlyDictionary<string, string>? settings)
    {
        Channel = new RecordingChannel(messagesPerSecond);
        _settings = settings ?? new Dictionary<string, string>();
    }

    public RecordingChannel Channel { get; }

    public Uri Address { get; private set; } = null!;

    /// <param name="messagesPerSecond">The channel's rate per destination: Slack's 1/s, or unlimited for a zero-latency target.</param>
    /// <param name="settings">Further configuration, e.g. the <c>MsTeams</c> keys pointing at a fake Teams.</param>
    public static BenchHost Start(double messagesPerSecond, IReadOnlyDictionary<string, string>? settings = null)
    {
        var host = new BenchHost(messagesPerSecond, settings);
        host.UseKestrel(0);
        host.StartServer();
        var addresses = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        host.Address = new Uri(addresses.First());
        return host;
    }

    public HttpClient CreateAlertClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = Address };
        client.DefaultRequestHeaders.Authorization = new("Bearer", Token);
        return client;
    }

    /// <summary>The SLOs of teams with a Slack channel, so every incident is delivered to the recording channel.</summary>
    public IReadOnlyList<Slo> Slos
    {
        get
        {
            var catalog = Services.GetRequiredService<CatalogHolder>().Current;
            return [.. catalog.Slos.Where(slo => catalog.FindTeam(catalog.FindService(slo.ServiceId)!.TeamId)!.Destinations.Any(d => d.Platform == ChatPlatform.Slack))];
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(Directory.GetCurrentDirectory());
        builder.UseSetting("ConnectionStrings:Bot", $"Data Source={Path.Combine(_folder, "bot.db")}");
        builder.UseSetting("AlertSources:alertmanager:Token", Token);
        builder.UseSetting("Urls", "http://127.0.0.1:0");
        // Slack on, so /slack/commands is served; its Web API is never reached (the recording channel replaces it).
        builder.UseSetting("Slack:SigningSecret", SlackSigningSecret);
        builder.UseSetting("Slack:BotToken", "xoxb-benchmark");
        builder.UseSetting("Slack:ApiBaseUrl", "http://127.0.0.1:9/api/");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
        // Per-request logs would measure the console, not the bot.
        builder.ConfigureLogging(logging => logging.ClearProviders());
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IChatChannel>();
            services.AddSingleton<IChatChannel>(Channel);
            if (Environment.GetEnvironmentVariable("BENCH_NO_DELIVERY") == "1")
            {
                var worker = services.Single(d => d.ImplementationType?.Name == "DeliveryWorker");
                services.Remove(worker);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

/// <summary>A Slack channel with no latency that notes when each incident's post arrived.</summary>
internal sealed class RecordingChannel(double messagesPerSecond) : IChatChannel
{
    private long _messages;

    public ConcurrentDictionary<long, long> PostedAtTicks { get; } = new();

    public long Messages => Interlocked.Read(ref _messages);

    public ChatPlatform Platform => ChatPlatform.Slack;

    public double MessagesPerSecond => messagesPerSecond;

    public Task<DeliveryResult> PostAsync(ChatDestination destination, ChatMessage message, CancellationToken cancellationToken)
    {
        PostedAtTicks.TryAdd(message.Subject.Id, System.Diagnostics.Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _messages);
        return Task.FromResult<DeliveryResult>(new DeliveryResult.Delivered($"{message.Subject.Id}.{destination.Key}", null));
    }

    public Task<DeliveryResult> UpdateAsync(ChatDestination destination, ChatMessageRef posted, ChatMessage message, CancellationToken cancellationToken) => Delivered();

    public Task<DeliveryResult> ReplyAsync(ChatDestination destination, ChatMessageRef posted, ChatText text, CancellationToken cancellationToken) => Delivered();

    private Task<DeliveryResult> Delivered()
    {
        Interlocked.Increment(ref _messages);
        return Task.FromResult<DeliveryResult>(new DeliveryResult.Delivered("update", null));
    }
}
