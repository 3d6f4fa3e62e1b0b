using Bot.Host.Tests.Infrastructure;

namespace Bot.Host.Tests.Postmortems;

public sealed class PostmortemTemplateStartupTests
{
    [Fact]
    public async Task Startup_ATemplateWithAnUnknownPlaceholder_StopsTheHostNamingFileAndLine()
    {
        var folder = Directory.CreateTempSubdirectory("pm-templates-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "payments.md"), "# Postmortem\n\n## Summary\nOwner: {{owner}}\n");

            var outcome = await BotProcess.RunWithSettingsUntilExitAsync(new Dictionary<string, string> { ["Postmortems__TemplatesPath"] = folder });

            Assert.Equal(1, outcome.ExitCode);
            Assert.Contains("SLO Bot did not start: ", outcome.StandardError, StringComparison.Ordinal);
            Assert.Contains($"Postmortems:TemplatesPath: {Path.Combine(folder, "payments.md")}:4: unknown placeholder {{{{owner}}}}", outcome.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
