using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Routing;
using Bot.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Incidents;

/// <summary>A misconfigured Incidents, Routing or Delivery section stops the bot at start, naming the key, not at the first alert.</summary>
public sealed class IncidentOptionsStartupTests
{

    [Theory]
    [InlineData("Incidents__Snooze", "-00:05:00", "Incidents:Snooze must not be negative")]
    [InlineData("Incidents__Snooze", "two hours", "Incidents:Snooze")]
    [InlineData("Routing__Fallback__0__Platform", "Pager", "Routing:Fallback:0:Platform")]
    [InlineData("Routing__Fallback__0__Channel", "", "Routing:Fallback:0:Channel")]
    [InlineData("Delivery__InitialBackoff", "00:00:00", "Delivery:InitialBackoff")]
    public async Task Host_InvalidIncidentSettings_ExitsWithCode1NamingTheKey(string variable, string value, string expected)
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

    [Fact]
    public void ValidSettings_ReplaceTheDefaultsRatherThanAddToThem()
    {
        using var factory = new BotApplicationFactory(settings: new Dictionary<string, string>
        {
            ["Routing:Fallback:0:Platform"] = "console",
            ["Routing:Fallback:0:Channel"] = "ops-unrouted",
            ["Incidents:DedupBy:0"] = "slo",
            ["Incidents:DedupBy:1"] = "region",
            ["Incidents:Snooze"] = "00:30:00",
        });

        var routing = factory.Services.GetRequiredService<RoutingOptions>();
        var incidents = factory.Services.GetRequiredService<IncidentOptions>();

        Assert.Equal([new ChatDestination(ChatPlatform.Console, "ops-unrouted")], routing.Fallback);
        Assert.Equal(["slo", "region"], incidents.DedupBy);
        Assert.Equal(TimeSpan.FromMinutes(30), incidents.Snooze);
    }
}
