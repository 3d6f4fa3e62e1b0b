using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Bot.MsTeams.Tests.Connector;

/// <summary>
/// A small stand-in for Entra's token endpoint and the Bot Connector, speaking real HTTP on 127.0.0.1: records every
/// request exactly as it arrived (the raw, still-escaped target included) and answers with what the test queued for
/// that method and target, or with the protocol's usual success (protocols.md B3). Until the full fake in
/// Bot.MsTeams.Fake is ready, this is what the connector tests talk to.
/// </summary>
internal sealed class LoopbackTeams : IAsyncDisposable
{
    public const string TokenPath = "/tenant-1/oauth2/v2.0/token";

    private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<HttpContext, Task>>> _answers = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private int _tokens;
    private long _activities = 1767765488000;

    private LoopbackTeams(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:54321/</c>.</summary>
    public Uri BaseUrl { get; }

    public Uri TokenEndpoint => new(BaseUrl, TokenPath.TrimStart('/'));

    public ConcurrentQueue<WireRequest> Requests { get; } = new();

    public IReadOnlyList<WireRequest> TokenRequests => [.. Requests.Where(r => r.RawTarget == TokenPath)];

    public IReadOnlyList<WireRequest> ConnectorRequests => [.. Requests.Where(r => r.RawTarget.Contains("/v3/", StringComparison.Ordinal))];

    public static async Task<LoopbackTeams> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        LoopbackTeams? teams = null;
        app.Run(context => teams!.AnswerAsync(context));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        teams = new LoopbackTeams(app, new Uri(address.TrimEnd('/') + "/"));
        return teams;
    }

    /// <summary>Answers the next <paramref name="method"/> to <paramref name="rawTarget"/> (escaped, as sent) with <paramref name="answer"/>.</summary>
    public void Enqueue(string method, string rawTarget, Func<HttpContext, Task> answer) =>
        _answers.GetOrAdd($"{method} {rawTarget}", _ => new()).Enqueue(answer);

    public void EnqueueJson(string method, string rawTarget, HttpStatusCode status, string body, string? retryAfter = null) =>
        Enqueue(method, rawTarget, Json(status, body, retryAfter));

    public static Func<HttpContext, Task> Json(HttpStatusCode status, string body, string? retryAfter = null) => async context =>
    {
        context.Response.StatusCode = (int)status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body, context.RequestAborted);
    };

    /// <summary>Never answers; the client's timeout ends the request.</summary>
    public static async Task HangAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Requests.Enqueue(new WireRequest(
            context.Request.Method,
            rawTarget,
            context.Request.Headers.Authorization.ToString(),
            context.Request.ContentType,
            body));

        if (_answers.TryGetValue($"{context.Request.Method} {rawTarget}", out var queue) && queue.TryDequeue(out var answer))
        {
            await answer(context);
            return;
        }
        await DefaultAnswer(context.Request.Method, rawTarget, body)(context);
    }

    /// <summary>What Entra and the Connector answer when all is well (protocols.md B3).</summary>
    private Func<HttpContext, Task> DefaultAnswer(string method, string rawTarget, string body)
    {
        if (method == "POST" && rawTarget == TokenPath)
        {
            var token = $"token-{Interlocked.Increment(ref _tokens)}";
            return Json(HttpStatusCode.OK, $$"""{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"{{token}}"}""");
        }
        var id = Interlocked.Increment(ref _activities).ToString(CultureInfo.InvariantCulture);
        if (method == "POST" && rawTarget.EndsWith("/v3/conversations", StringComparison.Ordinal))
        {
            var channel = (string?)JsonNode.Parse(body)?["channelData"]?["channel"]?["id"];
            return Json(HttpStatusCode.Created, new JsonObject { ["id"] = $"{channel};messageid={id}", ["activityId"] = id }.ToJsonString());
        }
        if (method == "POST" && rawTarget.Contains("/v3/conversations/", StringComparison.Ordinal))
        {
            return Json(HttpStatusCode.Created, $$"""{"id":"{{id}}"}""");
        }
        if (method == "PUT")
        {
            var activityId = Uri.UnescapeDataString(rawTarget[(rawTarget.LastIndexOf('/') + 1)..]);
            return Json(HttpStatusCode.OK, new JsonObject { ["id"] = activityId }.ToJsonString());
        }
        if (method == "DELETE")
        {
            return context =>
            {
                context.Response.StatusCode = StatusCodes.Status200OK;
                return Task.CompletedTask;
            };
        }
        return Json(HttpStatusCode.NotFound, """{"error":{"code":"NotFound","message":"no such route"}}""");
    }
}

/// <summary>One request as it arrived on the wire.</summary>
internal sealed record WireRequest(string Method, string RawTarget, string Authorization, string? ContentType, string Body)
{
    public JsonObject Json => JsonNode.Parse(Body)!.AsObject();

    public IReadOnlyDictionary<string, StringValues> Form => QueryHelpers.ParseQuery(Body);
}
