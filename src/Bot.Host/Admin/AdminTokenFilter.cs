using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Bot.Host.Admin;

/// <summary>
/// Lets a request through only with <c>Authorization: Bearer &lt;Admin:Token&gt;</c>: 401 otherwise, 403 while
/// no token is configured. Both answers are problem details.
/// </summary>
internal sealed class AdminTokenFilter(IOptions<AdminOptions> options) : IEndpointFilter
{
    private const string BearerPrefix = "Bearer ";

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
        if (!IsAuthorized(http.Request.Headers.Authorization.ToString(), admin.Token!))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Admin token required",
                detail: $"Send the header '{HeaderNames.Authorization}: Bearer <Admin:Token>'.");
        }

        return await next(context);
    }

    private static bool IsAuthorized(string header, string token)
    {
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashing first makes both sides the same length, so the comparison leaks neither content nor length.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[BearerPrefix.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
