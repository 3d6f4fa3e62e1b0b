using System.Net;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.MsTeams;

/// <summary>Teams is off without credentials, on with both, and a half or malformed configuration stops start-up naming the key.</summary>
public sealed class MsTeamsConfigurationTests
{
    private const string AppId = "7b1e3c52-5d0a-4f6e-9b8c-2f4d6a1e0c93";

    [Fact]
    public async Task TeamsOff_ApiMessagesAnswers404NamingTheKeys_AndNoTeamsChannelIsRegistered()
    {
        using var factory = new BotApplicationFactory();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("MsTeams:AppId, MsTeams:AppPassword", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(factory.Services.GetServices<IChatChannel>(), c => c.Platform == ChatPlatform.MsTeams);
    }

    [Fact]
    public async Task Host_TeamsHalfConfigured_ExitsWithCode1NamingTheMissingKey()
    {
        var outcome = await BotProcess.RunWithSettingsUntilExitAsync(
            new Dictionary<string, string>
            {
                ["MsTeams__AppId"] = AppId,
            });

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("SLO Bot did not start: MsTeams:AppPassword is not set but MsTeams:AppId is", outcome.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void TeamsOn_RegistersTeamsAsAChatChannelPacedUnderItsPerConversationLimits()
    {
        var settings = new Dictionary<string, string> { ["MsTeams:AppId"] = AppId, ["MsTeams:AppPassword"] = "secret" };
        using var factory = new BotApplicationFactory(settings: settings);
        using var client = factory.CreateClient();

        var channel = Assert.Single(factory.Services.GetServices<IChatChannel>(), c => c.Platform == ChatPlatform.MsTeams);

        Assert.InRange(channel.MessagesPerSecond, 0.5, 2);
    }
}
