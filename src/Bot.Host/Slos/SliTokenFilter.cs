using Bot.Host.Hosting;

namespace Bot.Host.Slos;

/// <summary>Lets a push through only with <c>Authorization: Bearer &lt;Sli:Token&gt;</c>: 401 otherwise, 403 while no token is configured.</summary>
internal sealed class SliTokenFilter(SliPushOptions options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        BearerToken.Refusal(context.HttpContext, options.Token, "Sli:Token", "SLI pushes") ?? await next(context);
}
