using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.MsTeams.Auth;

/// <summary>Inbound Bot Framework authentication; expects <see cref="MsTeamsOptions"/> to be bound by the caller.</summary>
internal static class AuthRegistration
{
    /// <summary>The metadata and JWKS are small; anything bigger is not Bot Framework's.</summary>
    private const long MaxMetadataBytes = 1024 * 1024;

    /// <summary>Requests await a fetch in progress, and the Bot Connector gives up after about 15 s (protocols.md B1).</summary>
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddMsTeamsAuthentication(this IServiceCollection services)
    {
        services.AddHttpClient(BotFrameworkSigningKeys.HttpClientName, client =>
        {
            client.Timeout = MetadataTimeout;
            client.MaxResponseContentBufferSize = MaxMetadataBytes;
        });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<BotFrameworkSigningKeys>();
        services.TryAddSingleton<BotFrameworkAuthenticator>();
        return services;
    }
}
