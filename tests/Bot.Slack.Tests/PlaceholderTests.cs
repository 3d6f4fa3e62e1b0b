namespace Bot.Slack.Tests;

public sealed class SlackExtensionsTests
{
    [Fact]
    public void AddSlack_IsPublic() => Assert.NotNull(typeof(SlackExtensions).GetMethod(nameof(SlackExtensions.AddSlack)));
}
