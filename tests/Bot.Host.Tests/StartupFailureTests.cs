using Bot.Host.Tests.Infrastructure;

namespace Bot.Host.Tests;

/// <summary>A host that cannot work refuses to start, and says why in terms an operator can act on.</summary>
public sealed class StartupFailureTests : IDisposable
{

    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task Host_InvalidCatalog_ExitsWithCode1PrintingEachErrorOnItsOwnLine()
    {
        var catalog = _temp.CopyFolder(RepositoryPaths.ExampleCatalog, "catalog");
        var expected = BrokenCatalog.BreakTwoThings(catalog);

        var outcome = await BotProcess.RunWithSettingsUntilExitAsync(
            new Dictionary<string, string>
            {
                ["Catalog__Path"] = catalog,
            });

        Assert.Equal(1, outcome.ExitCode);
        var lines = outcome.StandardError.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains(lines, line => line.StartsWith("SLO Bot did not start: The catalog at " + catalog + " is invalid", StringComparison.Ordinal));
        Assert.All(expected, error => Assert.Contains(lines, error.IsReportedBy));
    }

    [Fact]
    public async Task Host_UnsupportedDatabaseProvider_ExitsWithCode1NamingTheKey()
    {
        var outcome = await BotProcess.RunWithSettingsUntilExitAsync(
            new Dictionary<string, string>
            {
                ["Database__Provider"] = "Oracle",
            });

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(
            "SLO Bot did not start: Database:Provider 'Oracle' is not supported; allowed values: Sqlite, Postgres.",
            outcome.StandardError,
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_AdminTokenTooShort_ExitsWithCode1NamingTheKey()
    {
        var outcome = await BotProcess.RunWithSettingsUntilExitAsync(
            new Dictionary<string, string>
            {
                ["Admin__Token"] = "changeme",
            });

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("SLO Bot did not start: Admin:Token must be at least 16 characters long", outcome.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_HandoffReminderNotPositive_ExitsWithCode1NamingTheKey()
    {
        var outcome = await BotProcess.RunWithSettingsUntilExitAsync(
            new Dictionary<string, string>
            {
                ["OnCall__HandoffReminderAfter"] = "00:00:00",
            });

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("SLO Bot did not start: OnCall:HandoffReminderAfter must be more than 0 and at most 7 days", outcome.StandardError, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
