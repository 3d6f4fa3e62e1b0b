using Bot.MsTeams.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.MsTeams.Tests.Auth;

public sealed class AuthRegistrationTests
{
    [Fact]
    public async Task AddMsTeamsAuthentication_InAContainer_AuthenticatesThroughItsNamedClientAndTheHostsClock()
    {
        using var rig = new AuthRig();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(rig.Clock)
            .Configure<MsTeamsOptions>(options =>
            {
                options.AppId = AuthRig.AppId;
                options.OpenIdMetadataUrl = FakeBotFrameworkOpenId.MetadataUrl;
            });
        services.AddMsTeamsAuthentication();
        services.AddHttpClient(BotFrameworkSigningKeys.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => rig.OpenId.Handler);
        await using var provider = services.BuildServiceProvider();

        var authenticator = provider.GetRequiredService<BotFrameworkAuthenticator>();
        var outcome = await authenticator.AuthenticateAsync($"Bearer {rig.Mint()}", AuthRig.Activity(), CancellationToken.None);

        Assert.True(outcome.Succeeded, outcome.Reason);
        Assert.Same(authenticator, provider.GetRequiredService<BotFrameworkAuthenticator>());
        Assert.Equal(1, rig.OpenId.MetadataRequests);
    }
}
