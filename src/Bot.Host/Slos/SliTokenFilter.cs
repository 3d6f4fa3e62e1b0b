using Bot.Host.Hosting;
using Microsoft.Net.Http.Headers;

namespace Bot.Host.Slos;

/// <summary>Lets a push through only with <c>Authorization: Bearer &lt;Sli:Token&gt;</c>: 401 otherwise, 403 while no token is configured.</summary>
internal sealed class SliTokenFilter(SliPushOptions options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!options.IsConfigured)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "SLI pushes are turned off",
                detail: "Sli:Token is not configured. Set it (environment variable Sli__Token) to push SLI counts.");
        }
        var http = context.HttpContext;
        if (!BearerToken.Matches(http.Request.Headers.Authorization.ToString(), options.Token!))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "SLI token required",
                detail: $"Send the header '{HeaderNames.Authorization}: Bearer <Sli:Token>'.");
        }
        return await next(context);
    }
}
