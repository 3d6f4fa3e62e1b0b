using Bot.Core.Storage;
using Bot.MsTeams.Connector;
using Bot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.MsTeams.Tests.Connector;

/// <summary>
/// The outbound Teams side as the host wires it (<see cref="ConnectorRegistration.AddMsTeamsConnector"/>), pointed at a
/// <see cref="LoopbackTeams"/>, with a clock that moves only when a test moves it and an in-memory conversation store.
/// </summary>
internal sealed class ConnectorHarness : IAsyncDisposable
{
    public const string Secret = "s3cret-p@ss~value";

    private ServiceProvider? _services;

    private ConnectorHarness(LoopbackTeams teams)
    {
        Teams = teams;
        Options = new MsTeamsOptions
        {
            AppId = "00000000-0000-0000-0000-00000000a99d",
            AppPassword = Secret,
            TenantId = "tenant-1",
            TokenEndpoint = teams.TokenEndpoint,
        };
    }

    public LoopbackTeams Teams { get; }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 5, 4, 10, 0, 0, TimeSpan.Zero));

    public MemoryConversationStore Conversations { get; } = new();

    public RecordingLoggerProvider Logs { get; } = new();

    /// <summary>Read when a service is first resolved, and on every call after (the options instance is shared).</summary>
    public MsTeamsOptions Options { get; }

    /// <summary>Runs on the services before the first resolve, after the connector's own registrations.</summary>
    public Action<IServiceCollection>? Configure { get; set; }

    public BotTokenProvider Tokens => Get<BotTokenProvider>();

    public BotConnectorClient Connector => Get<BotConnectorClient>();

    public MsTeamsChatChannel Channel => Get<MsTeamsChatChannel>();

    /// <summary>Where the connector routes of <see cref="Teams"/> answer for a tenant, the way Teams' service URLs carry one.</summary>
    public Uri ServiceUrl(string tenant = "tenant-1") => new(Teams.BaseUrl, $"amer/{tenant}/");

    public static async Task<ConnectorHarness> StartAsync() => new(await LoopbackTeams.StartAsync());

    public T Get<T>()
        where T : notnull => Services().GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
        await Teams.DisposeAsync();
    }

    private ServiceProvider Services()
    {
        if (_services is null)
        {
            var services = new ServiceCollection();
            services.AddLogging(logging => logging.AddProvider(Logs));
            services.AddSingleton(Microsoft.Extensions.Options.Options.Create(Options));
            services.AddSingleton<TimeProvider>(Clock);
            services.AddSingleton<IMsTeamsConversationStore>(Conversations);
            services.AddMsTeamsConnector();
            Configure?.Invoke(services);
            _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        }
        return _services;
    }
}
