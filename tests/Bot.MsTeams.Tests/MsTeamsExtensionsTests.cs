using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;

namespace Bot.MsTeams.Tests;

/// <summary><c>AddMsTeams</c>: off without credentials, on with both, and every half or malformed setting stops start-up naming the key.</summary>
public sealed class MsTeamsExtensionsTests
{
    private const string AppId = "7b1e3c52-5d0a-4f6e-9b8c-2f4d6a1e0c93";

    private static async Task<WebApplication> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseSetting("urls", "http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(Mock.Of<IMsTeamsConversationStore>());
        builder.AddMsTeams();
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }

    [Fact]
    public async Task AddMsTeams_NeitherCredential_RegistersNoChatChannel()
    {
        await using var app = await StartAsync([]);

        Assert.Empty(app.Services.GetServices<IChatChannel>());
    }

    [Fact]
    public async Task AddMsTeams_BothCredentials_RegistersTeamsAsAChatChannel()
    {
        await using var app = await StartAsync(new() { ["MsTeams:AppId"] = AppId, ["MsTeams:AppPassword"] = "secret" });

        Assert.Equal(ChatPlatform.MsTeams, Assert.Single(app.Services.GetServices<IChatChannel>()).Platform);
    }

    [Theory]
    [InlineData("MsTeams:AppId", AppId, "MsTeams:AppPassword is not set")]
    [InlineData("MsTeams:AppPassword", "secret", "MsTeams:AppId is not set")]
    public async Task AddMsTeams_HalfConfigured_StartFailsNamingTheMissingKey(string key, string value, string expected)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(new() { [key] = value }));

        Assert.StartsWith(expected, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MsTeams:AppId", "slo-bot", "MsTeams:AppId must be the bot's Microsoft App ID, a GUID")]
    [InlineData("MsTeams:OpenIdMetadataUrl", "login.botframework.com/v1", "MsTeams:OpenIdMetadataUrl must be an absolute http(s) URL")]
    [InlineData("MsTeams:ServiceUrl", "http://smba.trafficmanager.net/teams/", "MsTeams:ServiceUrl must be an https URL")]
    [InlineData("MsTeams:TokenEndpoint", "http://login.example.com/token", "MsTeams:TokenEndpoint must be an https URL")]
    [InlineData("MsTeams:SigningKeyRefreshThrottle", "-00:00:01", "MsTeams:SigningKeyRefreshThrottle must not be negative")]
    public async Task AddMsTeams_MalformedSetting_StartFailsNamingTheKey(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["MsTeams:AppId"] = AppId, ["MsTeams:AppPassword"] = "secret", [key] = value };

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(settings));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }
}
