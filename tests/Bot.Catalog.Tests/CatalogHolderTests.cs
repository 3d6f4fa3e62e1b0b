using Bot.Core.Catalog;

namespace Bot.Catalog.Tests;

public sealed class CatalogHolderTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reload_FailingAfterAGoodLoad_KeepsTheLastGoodCatalogAndReturnsTheErrors()
    {
        using var temp = TempCatalog.WithOrgAndTeam();
        var clock = new ManualTimeProvider(Start);
        var holder = new CatalogHolder(temp.Source(), clock);
        Assert.True(holder.Reload().Succeeded);
        var good = holder.Current;

        temp.With("teams.yaml", TempCatalog.Teams.Replace("Europe/Berlin", "Europe/Berlinn", StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromMinutes(5));
        var result = holder.Reload();

        Assert.False(result.Succeeded);
        Assert.Equal(["manifests/catalog/teams.yaml:9: team 'payments': member 'ana' has unknown time zone 'Europe/Berlinn'"], result.Errors.Select(e => e.ToString()));
        Assert.Same(good, holder.Current);
        Assert.Equal(Start, holder.LoadedAt);
        Assert.Equal("Europe/Berlin", holder.Current.FindTeam("payments")!.FindMember("ana")!.TimeZone);
    }

    [Fact]
    public void Reload_SucceedingAgain_ReplacesTheCatalog()
    {
        using var temp = TempCatalog.WithOrgAndTeam();
        var clock = new ManualTimeProvider(Start);
        var holder = new CatalogHolder(temp.Source(), clock);
        holder.Reload();

        temp.With("teams.yaml", TempCatalog.Teams.Replace("name: Ben", "name: Benjamin", StringComparison.Ordinal));
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.True(holder.Reload().Succeeded);

        Assert.Equal("Benjamin", holder.Current.FindTeam("payments")!.FindMember("ben")!.DisplayName);
        Assert.Equal(Start.AddMinutes(5), holder.LoadedAt);
    }

    [Fact]
    public void Reload_FirstLoadFailing_LeavesTheHolderUnloaded()
    {
        using var temp = TempCatalog.WithOrgAndTeam().With("services.yaml", "services: [");
        var holder = new CatalogHolder(temp.Source(), new ManualTimeProvider(Start));

        var result = holder.Reload();

        Assert.False(result.Succeeded);
        Assert.NotEmpty(result.Errors);
        Assert.False(holder.IsLoaded);
        Assert.Null(holder.LoadedAt);
        var error = Assert.Throws<InvalidOperationException>(() => holder.Current);
        Assert.Contains("manifests/catalog", error.Message, StringComparison.Ordinal);
    }
}
