using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace Bot.Host.Hosting;

/// <summary>Compares an <c>Authorization: Bearer …</c> header with a configured token in constant time; every token-guarded endpoint uses it.</summary>
internal static class BearerToken
{
    private const string Prefix = "Bearer ";

    /// <summary>
    /// The problem a token-guarded endpoint answers, or null to let the request through: 403 while
    /// <paramref name="key"/> is not configured (the endpoints are off), 401 with <c>WWW-Authenticate: Bearer</c> when
    /// the request does not carry the token.
    /// </summary>
    /// <param name="what">What the token guards, e.g. "Admin endpoints", "SLI pushes".</param>
    public static IResult? Refusal(HttpContext http, string? token, string key, string what)
    {
        if (string.IsNullOrEmpty(token))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: $"{what} are turned off",
                detail: $"{key} is not configured. Set it (environment variable {key.Replace(":", "__", StringComparison.Ordinal)}) to use them.");
        }
        if (!Matches(http.Request.Headers.Authorization.ToString(), token))
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Bearer token required",
                detail: $"Send the header '{HeaderNames.Authorization}: Bearer <{key}>'.");
        }
        return null;
    }

    public static bool Matches(string header, string token)
    {
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashing first makes both sides the same length, so the comparison leaks neither content nor length.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Prefix.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
