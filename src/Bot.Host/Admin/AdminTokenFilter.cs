using Bot.Host.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Host.Admin;

/// <summary>
/// Lets a request through only with <c>Authorization: Bearer &lt;Admin:Token&gt;</c>: 401 otherwise, 403 while
/// no token is configured. Both answers are problem details.
/// </summary>
internal sealed class AdminTokenFilter(IOptions<AdminOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        BearerToken.Refusal(context.HttpContext, options.Value.Token, "Admin:Token", "Admin endpoints") ?? await next(context);
}
