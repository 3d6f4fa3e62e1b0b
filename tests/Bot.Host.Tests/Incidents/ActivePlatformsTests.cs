using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Notifications;
using Bot.Core.Routing;
using Bot.Host.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests.Incidents;

/// <summary>Which chat platforms incidents go to: those with a channel registered; the console only while it is alone, unless Console:Enabled.</summary>
public sealed class ActivePlatformsTests
{
    [Fact]
    public void NoChatCredentials_ConsoleIsTheOnlyPlatform()
    {
        using var factory = new BotApplicationFactory();

        Assert.Equal([ChatPlatform.Console], Active(factory));
    }

    [Fact]
    public void SlackConfigured_ConsoleTurnsOff()
    {
        using var factory = new BotApplicationFactory(configureServices: services => services.AddSingleton<IChatChannel, SilentSlack>());

        Assert.Equal([ChatPlatform.Slack], Active(factory));
    }

    [Fact]
    public void SlackConfiguredAndConsoleEnabled_BothAreOn()
    {
        using var factory = new BotApplicationFactory(
            configureServices: services => services.AddSingleton<IChatChannel, SilentSlack>(),
            settings: new Dictionary<string, string> { ["Console:Enabled"] = "true" });

        Assert.Equal([ChatPlatform.Console, ChatPlatform.Slack], Active(factory));
    }

    private static ChatPlatform[] Active(BotApplicationFactory factory) =>
        [.. factory.Services.GetRequiredService<DestinationResolver>().ActivePlatforms.Order()];

    private sealed class SilentSlack : IChatChannel
    {
        public ChatPlatform Platform => ChatPlatform.Slack;
        public double MessagesPerSecond => 1;
        public Task<DeliveryResult> PostAsync(ChatDestination destination, ChatMessage message, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<DeliveryResult> UpdateAsync(ChatDestination destination, ChatMessageRef posted, ChatMessage message, CancellationToken cancellationToken) => throw new NotSupportedException();
        public Task<DeliveryResult> ReplyAsync(ChatDestination destination, ChatMessageRef posted, ChatText text, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
