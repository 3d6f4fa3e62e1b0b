using Bot.Core.Catalog;
using Bot.Core.Stakeholders;
using static Bot.Core.Tests.Stakeholders.StakeholderWorld;

namespace Bot.Core.Tests.Stakeholders;

/// <summary>Relevance (book Table 8.5): the groups of the priority's rings that the incident's geography and product concern.</summary>
public sealed class StakeholderAudienceTests
{
    private static IReadOnlyList<string> Rings(PriorityDefinition priority, string? region, string? product) =>
        [.. Audience(priority, region, product).Select(a => $"{a.Ring}: {string.Join(", ", a.Groups)}")];

    private static IReadOnlyList<(int Ring, string[] Groups)> Audience(PriorityDefinition priority, string? region, string? product) =>
        [.. StakeholderAudience.For(StakeholderWorld.Catalog(), priority, region, product).Select(a => (a.Ring.Number, a.Groups.Select(g => g.Id).ToArray()))];

    [Fact]
    public void For_AnEuPaymentsIncidentAtP1_ReachesRings1To3_AndOfRing3OnlyEuPayments()
    {
        Assert.Equal(["1: product-management, showcase", "2: leadership", "3: sales-eu-payments"], Rings(P1, "eu-central-1", "payments"));
    }

    [Fact]
    public void For_P2_NamesOnlyItsRings()
    {
        Assert.Equal(["1: product-management, showcase", "2: leadership"], Rings(P2, "us-east-1", "payments"));
        Assert.Empty(Audience(P4, "us-east-1", "payments"));
    }

    [Fact]
    public void For_AnotherRegion_ReachesThatGeography_AndARegionNamedOtherwiseReachesNone()
    {
        Assert.Equal(["sales-us-payments"], Audience(P1, "us-east-1", "payments")[2].Groups);
        Assert.Equal(["sales-jp"], Audience(P1, "jp-east-1", "payments")[2].Groups);
        Assert.Empty(Audience(P1, "ap-northeast-1", "payments")[2].Groups);
    }

    [Fact]
    public void For_AnUnknownRegionOrProduct_ConcernsEveryGeographyOrProduct()
    {
        Assert.Equal(["sales-us-payments", "sales-eu-payments", "sales-jp"], Audience(P1, null, "payments")[2].Groups);
        Assert.Equal(["sales-eu-payments", "sales-eu-storefront"], Audience(P1, "eu-west-1", null)[2].Groups);
        Assert.Equal(["sales-eu-storefront"], Audience(P1, "eu-west-1", "Storefront")[2].Groups);
    }

    [Theory]
    [InlineData("EU", "eu-central-1", true)]
    [InlineData("EU", "EU", true)]
    [InlineData("us", "US-EAST-1", true)]
    [InlineData("EU", "europe-west1", false)]
    [InlineData("EUR", "eu-central-1", false)]
    [InlineData("EU", "eucentral", false)]
    [InlineData("worldwide", "ap-southeast-1", true)]
    [InlineData("Worldwide", "x", true)]
    [InlineData(null, "ap-southeast-1", true)]
    [InlineData("EU", null, true)]
    public void InGeography_WorldwideOrTheSameNameOrItsPrefixWithADash(string? geography, string? region, bool expected) =>
        Assert.Equal(expected, StakeholderAudience.InGeography(geography, region));
}
