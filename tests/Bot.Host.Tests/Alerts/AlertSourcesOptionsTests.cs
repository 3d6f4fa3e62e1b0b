using Bot.Host.Tests.Infrastructure;

namespace Bot.Host.Tests.Alerts;

/// <summary>A misconfigured alert source stops the bot at start, with a message naming the key.</summary>
public sealed class AlertSourcesOptionsTests
{

    [Theory]
    [InlineData("AlertSources__alertmanager__Token", "changeme", "AlertSources:alertmanager:Token must be at least 16 characters")]
    [InlineData("AlertSources__alertmanger__Token", "a-token-long-enough-0123", "AlertSources:alertmanger is not a known alert source; known sources: alertmanager, grafana, generic.")]
    [InlineData("AlertSources__MaxBodyBytes", "10", "AlertSources:MaxBodyBytes must be between 1024 and 16777216, got 10.")]
    [InlineData("AlertSources__grafana__HmacSecret", "a-secret-long-enough-0123", "AlertSources:grafana:HmacSecret is set but AlertSources:grafana:Token is not")]
    [InlineData("AlertSources__generic__HmacSecret", "a-secret-long-enough-0123", "AlertSources:generic:HmacSecret and AlertSources:generic:TimestampHeader are not used: only grafana signs its webhooks.")]
    public async Task Host_InvalidAlertSources_ExitsWithCode1NamingTheKey(string variable, string value, string expected)
    {
        var outcome = await BotProcess.RunWithSettingsUntilExitAsync(
            new Dictionary<string, string>
            {
                [variable] = value,
            });

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("SLO Bot did not start: ", outcome.StandardError, StringComparison.Ordinal);
        Assert.Contains(expected, outcome.StandardError, StringComparison.Ordinal);
    }
}
