using System.Net;
using Bot.Host.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Bot.Host.LocalConsole;

/// <summary>
/// Who may use the console API, which acts as any catalog member it is told to: with <c>Console:Token</c> set,
/// only requests carrying <c>Authorization: Bearer &lt;Console:Token&gt;</c> (401 otherwise); without it, only
/// requests from this machine (403 otherwise).
/// </summary>
/// <remarks>
/// "From this machine" means a loopback peer address, or no peer address at all (an in-process test server or a
/// Unix socket, neither reachable from the network), and no <c>Forwarded</c>/<c>X-Forwarded-For</c> header, since
/// a reverse proxy on the same host would otherwise make every outside client look local.
/// </remarks>
internal sealed class ConsoleAccessFilter(IOptions<ConsoleOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var console = options.Value;
        if (console.IsTokenConfigured)
        {
            if (!BearerToken.Matches(http.Request.Headers.Authorization.ToString(), console.Token!))
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status401Unauthorized,
                    title: "Console token required",
                    detail: $"Send the header '{HeaderNames.Authorization}: Bearer <Console:Token>'.");
            }
        }
        else if (!IsFromThisMachine(http))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "The console answers only this machine",
                detail: "Console:Token is not configured, so the console API accepts only local requests that did not pass through a proxy. "
                    + "Set Console:Token (environment variable Console__Token) and send it as a bearer token to use it from elsewhere.");
        }
        return await next(context);
    }

    internal static bool IsFromThisMachine(HttpContext http)
    {
        if (http.Request.Headers.ContainsKey("X-Forwarded-For") || http.Request.Headers.ContainsKey("Forwarded"))
        {
            return false;
        }
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null)
        {
            return true;
        }
        return IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote);
    }
}
