using Bot.Host.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Bot.Host.Admin;

/// <summary>
/// Lets a request through only with <c>Authorization: Bearer &lt;Admin:Token&gt;</c>: 401 otherwise, 403 while
/// no token is configured. Both answers are problem details.
/// </summary>
internal sealed class AdminTokenFilter(IOptions<AdminOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var admin = options.Value;
        if (!admin.IsConfigured)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Admin endpoints are turned off",
                detail: "Admin:Token is not configured. Set it (environment variable Admin__Token) to use the admin endpoints.");
        }

        var http = context.HttpContext;
        if (!BearerToken.Matches(http.Request.Headers.Authorization.ToString(), admin.Token!))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Admin token required",
                detail: $"Send the header '{HeaderNames.Authorization}: Bearer <Admin:Token>'.");
        }

        return await next(context);
    }
}
