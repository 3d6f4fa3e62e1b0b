using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.MsTeams.Tests.Fake;

/// <summary>
/// A messaging endpoint that only records what the driver posts (header and activity) and answers as a bot would:
/// 200 with an empty body, or for an invoke the InvokeResponse set in <see cref="InvokeResponse"/>.
/// </summary>
internal sealed class StubBot : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string? Authorization, JsonObject Activity)> _received = new();

    private StubBot(WebApplication app)
    {
        _app = app;
        app.MapPost("/api/messages", async (HttpContext context) =>
        {
            var activity = (JsonObject)(await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted))!;
            var authorization = context.Request.Headers.Authorization.ToString();
            _received.Enqueue((authorization.Length == 0 ? null : authorization, activity));
            return activity["type"]?.GetValue<string>() == "invoke"
                ? Results.Text(InvokeResponse.ToJsonString(), "application/json; charset=utf-8")
                : Results.Ok();
        });
    }

    public Uri BaseAddress { get; private set; } = null!;

    public JsonObject InvokeResponse { get; set; } = new()
    {
        ["statusCode"] = 200,
        ["type"] = "application/vnd.microsoft.activity.message",
        ["value"] = "Acknowledged by Ana",
    };

    public IReadOnlyList<(string? Authorization, JsonObject Activity)> Received => [.. _received];

    public static async Task<StubBot> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var bot = new StubBot(builder.Build());
        await bot._app.StartAsync();
        bot.BaseAddress = new Uri(bot._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return bot;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
