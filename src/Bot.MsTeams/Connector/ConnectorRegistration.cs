using Bot.Core.Delivery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.MsTeams.Connector;

/// <summary>
/// Outbound Teams: the token provider, the Connector client and Teams as an <see cref="IChatChannel"/>. Expects
/// <see cref="MsTeamsOptions"/>, <see cref="TimeProvider"/>, <see cref="Bot.Core.Storage.IMsTeamsConversationStore"/>
/// and logging to be registered by the host.
/// </summary>
internal static class ConnectorRegistration
{
    /// <summary>A call that takes longer is retried later by the dispatcher; the token endpoint gets the same.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Connector and token answers are a few hundred bytes; anything bigger is not theirs.</summary>
    private const long MaxAnswerBytes = 1024 * 1024;

    public static IServiceCollection AddMsTeamsConnector(this IServiceCollection services)
    {
        services.AddHttpClient(BotTokenProvider.HttpClientName, Configure);
        services.AddHttpClient(BotConnectorClient.HttpClientName, Configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BotTokenProvider>();
        services.TryAddSingleton<BotConnectorClient>();
        services.TryAddSingleton<MsTeamsChatChannel>();
        services.AddSingleton<IChatChannel>(provider => provider.GetRequiredService<MsTeamsChatChannel>());
        return services;
    }

    private static void Configure(HttpClient client)
    {
        client.Timeout = CallTimeout;
        client.MaxResponseContentBufferSize = MaxAnswerBytes;
    }
}
