using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Delivery;

/// <summary>
/// A chat API on a loopback port that is flaky the way real ones are: the first request is answered 429 with
/// <c>Retry-After: 1</c>, the second 500, every later one 200. It records every request with its answer, in order.
/// </summary>
internal sealed class FlakyChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ReceivedRequest> _received = [];
    private readonly Lock _gate = new();

    private FlakyChatServer(WebApplication app)
    {
        _app = app;
        app.MapPost("/chat/{kind}", HandleAsync);
    }

    public Uri BaseAddress { get; private set; } = null!;

    public IReadOnlyList<ReceivedRequest> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<FlakyChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var server = new FlakyChatServer(builder.Build());
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address.TrimEnd('/') + "/chat/");
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> HandleAsync(string kind, HttpRequest request, HttpResponse response)
    {
        var body = await JsonNode.ParseAsync(request.Body) ?? new JsonObject();
        int number;
        int status;
        lock (_gate)
        {
            number = _received.Count + 1;
            status = number switch
            {
                1 => StatusCodes.Status429TooManyRequests,
                2 => StatusCodes.Status500InternalServerError,
                _ => StatusCodes.Status200OK,
            };
            _received.Add(new ReceivedRequest(kind, body, status));
        }

        if (status == StatusCodes.Status429TooManyRequests)
        {
            response.Headers.RetryAfter = "1";
        }
        return status == StatusCodes.Status200OK
            ? Results.Json(new { ok = true, ts = $"1777889742.{number:D6}" })
            : Results.StatusCode(status);
    }
}

/// <summary>One request the fake received (<c>post</c>, <c>update</c> or <c>reply</c>), its JSON body, and the status it answered.</summary>
internal sealed record ReceivedRequest(string Kind, JsonNode Body, int Status);
