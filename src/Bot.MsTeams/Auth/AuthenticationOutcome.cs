using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Bot.MsTeams.Auth;

/// <summary>
/// Whether an inbound Bot Framework request may be processed: 200 with the token's identity, or 401/403 with a
/// <see cref="Reason"/> from <see cref="AuthenticationReasons"/> for the log (never the token itself).
/// </summary>
internal sealed record AuthenticationOutcome(bool Succeeded, int StatusCode, string Reason, ClaimsIdentity? Identity = null)
{
    public static AuthenticationOutcome Authenticated(ClaimsIdentity identity) =>
        new(true, StatusCodes.Status200OK, AuthenticationReasons.Authenticated, identity);

    public static AuthenticationOutcome Unauthorized(string reason) => new(false, StatusCodes.Status401Unauthorized, reason);

    public static AuthenticationOutcome Forbidden(string reason) => new(false, StatusCodes.Status403Forbidden, reason);
}

/// <summary>What an <see cref="AuthenticationOutcome"/> names as its cause: stable phrases, for logs and tests.</summary>
internal static class AuthenticationReasons
{
    public const string Authenticated = "authenticated";
    public const string MissingHeader = "no Authorization header";
    public const string NotBearer = "the Authorization header is not 'Bearer <token>'";
    public const string MalformedToken = "the bearer token is not a readable JWT";
    public const string UntrustedIssuer = "the token's issuer is not https://api.botframework.com";
    public const string DisallowedAlgorithm = "the token's alg is not RS256, RS384 or RS512";
    public const string SigningKeysUnavailable = "Bot Framework's signing keys could not be fetched";
    public const string UnknownSigningKey = "the token's kid is not among Bot Framework's signing keys";
    public const string BadSignature = "the token's signature does not verify";
    public const string Expired = "the token has expired (beyond 5 minutes' clock skew)";
    public const string NotYetValid = "the token is not valid yet (beyond 5 minutes' clock skew)";
    public const string InvalidLifetime = "the token's lifetime (nbf/exp) is missing or invalid";
    public const string InvalidToken = "the token failed validation";
    public const string NotEndorsed = "the signing key is not endorsed for the activity's channelId";
    public const string AppIdNotConfigured = "MsTeams:AppId is not configured";
    public const string AudienceMissing = "the token has no aud claim";
    public const string AudienceMismatch = "the token's aud is not MsTeams:AppId";
    public const string ServiceUrlMissing = "the token has no serviceurl claim";
    public const string ServiceUrlMismatch = "the token's serviceurl is not the activity's serviceUrl";
}
