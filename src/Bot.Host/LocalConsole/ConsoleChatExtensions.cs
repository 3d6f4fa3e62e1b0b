namespace Bot.Host.LocalConsole;

/// <summary>The local console chat platform: channels in the database, commands and actions over HTTP.</summary>
internal static class ConsoleChatExtensions
{
    public static IHostApplicationBuilder AddConsoleChat(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapConsoleEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
