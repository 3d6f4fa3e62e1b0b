namespace Bot.MsTeams.Tests;

public sealed class PlaceholderTests
{
    [Fact]
    public void Options_default_to_bot_framework_metadata() =>
        Assert.Equal("login.botframework.com", MsTeamsOptions.BotFrameworkOpenIdMetadata.Host);
}
