using Bot.Core.Alerts;
using Bot.Host.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Bot.Host.Alerts;

/// <summary>
/// Lets a webhook through only for a known source (404 otherwise) that is on and sent its own token:
/// <c>Authorization: Bearer &lt;AlertSources:&lt;name&gt;:Token&gt;</c> (401 otherwise). Runs before the body is read.
/// </summary>
internal sealed class AlertSourceTokenFilter(IOptions<AlertSourcesOptions> options, ILoggerFactory loggers) : IEndpointFilter
{
    private readonly ILogger _logger = loggers.CreateLogger(typeof(AlertEndpoints));

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var name = http.GetRouteValue("source") as string ?? "";
        if (AlertPayloadParsers.Find(name) is not { } parser)
        {
            var known = string.Join(", ", AlertPayloadParsers.All.Select(p => p.Source));
            return AlertRejection.Problem(
                _logger, name, StatusCodes.Status404NotFound, "unknown source",
                title: "Unknown alert source",
                detail: $"There is no alert source '{name}'. Known sources: {known}.");
        }

        var source = parser.Source;
        var settings = options.Value.For(source)!;
        if (!settings.IsOn)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return AlertRejection.Problem(
                _logger, source, StatusCodes.Status401Unauthorized, "source off",
                title: "Alert source is turned off",
                detail: $"AlertSources:{source}:Token is not configured, so the {source} source is off. Set it (environment variable AlertSources__{source}__Token) and send it as '{HeaderNames.Authorization}: Bearer <token>'.");
        }

        if (!BearerToken.Matches(http.Request.Headers.Authorization.ToString(), settings.Token!))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return AlertRejection.Problem(
                _logger, source, StatusCodes.Status401Unauthorized, "missing or wrong token",
                title: "Alert source token required",
                detail: $"Send the header '{HeaderNames.Authorization}: Bearer <AlertSources:{source}:Token>'.");
        }

        return await next(context);
    }
}
