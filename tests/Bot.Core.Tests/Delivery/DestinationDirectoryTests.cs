using Bot.Core.Catalog;

namespace Bot.Core.Tests.Delivery;

public sealed class DestinationDirectoryTests
{
    private readonly DeliveryHarness _h = new();

    [Fact]
    public void Resolve_TeamsKeyInCatalog_ReturnsFullDestinationWithTeamAndTenant()
    {
        var destination = _h.Directory.Resolve(DeliveryHarness.Teams);

        Assert.Equal(new ChatDestination(ChatPlatform.MsTeams, "19:sre@thread.tacv2", "19:general@thread.tacv2", "tenant-1"), destination);
    }

    [Fact]
    public void Resolve_FallbackKey_ReturnsFallbackDestination()
    {
        Assert.Equal(new ChatDestination(ChatPlatform.Slack, "C0FALLBACK"), _h.Directory.Resolve(DeliveryHarness.SlackFallback));
        Assert.Equal(new ChatDestination(ChatPlatform.Console, "unrouted-slo-breaches"), _h.Directory.Resolve("console:unrouted-slo-breaches"));
    }

    [Fact]
    public void Resolve_KeyNoLongerInCatalog_RebuildsFromKeyWithoutTeamOrTenant()
    {
        Assert.Equal(new ChatDestination(ChatPlatform.MsTeams, "19:gone@thread.tacv2"), _h.Directory.Resolve("msteams:19:gone@thread.tacv2"));
        Assert.Equal(new ChatDestination(ChatPlatform.Slack, "C0GONE"), _h.Directory.Resolve("slack:C0GONE"));
    }

    [Theory]
    [InlineData("pigeon:C0123")]
    [InlineData("slack:")]
    [InlineData("C0123")]
    public void Resolve_MalformedKey_ReturnsNull(string key)
    {
        Assert.Null(_h.Directory.Resolve(key));
    }
}
