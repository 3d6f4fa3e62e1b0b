namespace Bot.Slack.Tests.Support;

/// <summary>Request bodies shaped as Slack sends them (protocols.md A1–A4), from <c>Fixtures/</c>.</summary>
internal static class Fixture
{
    public static string Text(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name)).TrimEnd('\n');
}
