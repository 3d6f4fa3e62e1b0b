using Bot.Core.Delivery;

namespace Bot.Host.LocalConsole;

/// <summary>The local console chat platform: channels in the database, commands and actions over HTTP (docs/console.md).</summary>
internal static class ConsoleChatExtensions
{
    /// <summary>
    /// Registers the console as a chat platform. It is always registered; <c>AddIncidents</c> decides whether incidents
    /// go to it (while no other platform is configured, or with <c>Console:Enabled</c>). A <c>Console:Token</c> that is
    /// set but too short stops the host at start.
    /// </summary>
    public static IHostApplicationBuilder AddConsoleChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ConsoleOptions>()
            .BindConfiguration(ConsoleOptions.SectionName)
            .Validate(
                options => !options.IsTokenConfigured || options.Token!.Length >= ConsoleOptions.MinimumTokenLength,
                $"Console:Token must be at least {ConsoleOptions.MinimumTokenLength} characters long, or unset to accept only local requests.")
            .ValidateOnStart();
        builder.Services.AddSingleton<ConsoleChatChannel>();
        builder.Services.AddSingleton<IChatChannel>(services => services.GetRequiredService<ConsoleChatChannel>());
        return builder;
    }
}
