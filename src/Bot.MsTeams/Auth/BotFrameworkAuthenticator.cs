using System.Collections.Frozen;
using Bot.MsTeams.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Bot.MsTeams.Auth;

/// <summary>
/// Decides whether a request to <c>/api/messages</c> comes from Bot Framework for this bot, checking what
/// botbuilder-dotnet's <c>ChannelValidation</c> checks on the public-cloud Teams path (protocols.md B2): a
/// <c>Bearer</c> JWT issued by <c>https://api.botframework.com</c>, RS-signed by a published key endorsed for the
/// activity's channel, within its lifetime (5 minutes' skew), for <c>MsTeams:AppId</c>, naming the activity's
/// service URL. See
/// <see href="https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication">Bot Connector authentication</see>.
/// </summary>
internal sealed class BotFrameworkAuthenticator(
    BotFrameworkSigningKeys signingKeys,
    IOptions<MsTeamsOptions> options,
    TimeProvider time,
    ILogger<BotFrameworkAuthenticator> logger)
{
    public const string Issuer = "https://api.botframework.com";
    public const string ServiceUrlClaim = "serviceurl";
    public const string AudienceClaim = "aud";

    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private static readonly FrozenSet<string> AllowedAlgorithms =
        FrozenSet.Create(StringComparer.Ordinal, SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512);

    /// <summary>Keeps claim names as sent (<c>aud</c>, <c>serviceurl</c>), unlike JwtSecurityTokenHandler's inbound mapping.</summary>
    private readonly JsonWebTokenHandler _tokens = new();

    public async Task<AuthenticationOutcome> AuthenticateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        var outcome = await CheckAsync(authorizationHeader, activity, cancellationToken);
        if (!outcome.Succeeded)
        {
            // Refusals after the signature verified are Bot Framework's own tokens refused: likely a misconfiguration.
            var level = outcome.Reason is AuthenticationReasons.NotEndorsed or AuthenticationReasons.AppIdNotConfigured
                or AuthenticationReasons.AudienceMissing or AuthenticationReasons.AudienceMismatch
                or AuthenticationReasons.ServiceUrlMissing or AuthenticationReasons.ServiceUrlMismatch
                or AuthenticationReasons.SigningKeysUnavailable
                ? LogLevel.Warning
                : LogLevel.Information;
            logger.Log(level, "Bot Framework request refused with {StatusCode}: {Reason}", outcome.StatusCode, outcome.Reason);
        }
        return outcome;
    }

    private async Task<AuthenticationOutcome> CheckAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(authorizationHeader))
        {
            return AuthenticationOutcome.Unauthorized(AuthenticationReasons.MissingHeader);
        }
        var parts = authorizationHeader.Split(' ');
        if (parts.Length != 2 || parts[0] != "Bearer")
        {
            return AuthenticationOutcome.Unauthorized(AuthenticationReasons.NotBearer);
        }
        var token = Read(parts[1]);
        if (token is null)
        {
            return AuthenticationOutcome.Unauthorized(AuthenticationReasons.MalformedToken);
        }

        // Checked before any key is looked up: only Bot Framework's own tokens are worth a signature check.
        if (token.Issuer != Issuer)
        {
            return AuthenticationOutcome.Unauthorized(AuthenticationReasons.UntrustedIssuer);
        }
        if (!AllowedAlgorithms.Contains(token.Alg))
        {
            return AuthenticationOutcome.Unauthorized(AuthenticationReasons.DisallowedAlgorithm);
        }

        var keys = await signingKeys.GetAsync(cancellationToken);
        if (keys is null)
        {
            return AuthenticationOutcome.Unauthorized(AuthenticationReasons.SigningKeysUnavailable);
        }
        if (string.IsNullOrEmpty(token.Kid))
        {
            return AuthenticationOutcome.Unauthorized(AuthenticationReasons.UnknownSigningKey);
        }
        if (!keys.Keys.TryGetValue(token.Kid, out var key))
        {
            // Bot Framework rotated its keys, or the kid is made up; the refetch is shared and throttled either way.
            keys = await signingKeys.RefreshAsync(keys, cancellationToken);
            if (keys is null || !keys.Keys.TryGetValue(token.Kid, out key))
            {
                return AuthenticationOutcome.Unauthorized(AuthenticationReasons.UnknownSigningKey);
            }
        }

        var result = await _tokens.ValidateTokenAsync(token, Parameters(key.Key));
        if (!result.IsValid)
        {
            logger.LogDebug("Bot Framework token failed validation: {ExceptionType}", result.Exception?.GetType().Name);
            return AuthenticationOutcome.Unauthorized(ReasonFor(result.Exception));
        }

        // botbuilder lets an activity without a channelId through; a Teams bot has no use for such an activity.
        if (string.IsNullOrEmpty(activity.ChannelId) || !key.Endorsements.Contains(activity.ChannelId))
        {
            return AuthenticationOutcome.Forbidden(AuthenticationReasons.NotEndorsed);
        }

        var identity = result.ClaimsIdentity;
        var appId = options.Value.AppId;
        var audiences = identity.FindAll(AudienceClaim).Select(claim => claim.Value).Where(value => !string.IsNullOrWhiteSpace(value)).ToList();
        if (string.IsNullOrWhiteSpace(appId))
        {
            return AuthenticationOutcome.Unauthorized(AuthenticationReasons.AppIdNotConfigured);
        }
        if (audiences.Count == 0)
        {
            return AuthenticationOutcome.Unauthorized(AuthenticationReasons.AudienceMissing);
        }
        if (!audiences.Contains(appId, StringComparer.Ordinal))
        {
            return AuthenticationOutcome.Unauthorized(AuthenticationReasons.AudienceMismatch);
        }

        // Whole strings, ignoring case, as botbuilder's JwtTokenValidation.ValidateServiceUrl does (a trailing slash counts).
        var serviceUrl = identity.FindFirst(ServiceUrlClaim)?.Value;
        if (string.IsNullOrEmpty(serviceUrl))
        {
            return AuthenticationOutcome.Unauthorized(AuthenticationReasons.ServiceUrlMissing);
        }
        if (!string.Equals(serviceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationOutcome.Unauthorized(AuthenticationReasons.ServiceUrlMismatch);
        }

        return AuthenticationOutcome.Authenticated(identity);
    }

    private JsonWebToken? Read(string token)
    {
        if (!_tokens.CanReadToken(token))
        {
            return null;
        }
        try
        {
            var jwt = _tokens.ReadJsonWebToken(token);
            return jwt.IsEncrypted ? null : jwt;
        }
        catch (ArgumentException)
        {
            // SecurityTokenMalformedException is an ArgumentException: not a JWT at all.
            return null;
        }
    }

    /// <summary>botbuilder's parameters (B2 step 3), with this key only and <see cref="ValidateLifetime"/> for the lifetime.</summary>
    private TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidateIssuer = true,
        ValidIssuer = Issuer,
        ValidateAudience = false,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = ClockSkew,
        LifetimeValidator = ValidateLifetime,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        IssuerSigningKey = key,
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = AllowedAlgorithms,
    };

    /// <summary>
    /// IdentityModel's default lifetime rule (same bounds, same exceptions), read on the injected clock: 8.16 validates
    /// on the wall clock and keeps its own <c>TimeProvider</c> setting internal.
    /// </summary>
    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (expires is not { } expiry)
        {
            throw new SecurityTokenNoExpirationException("The token has no exp.");
        }
        if (notBefore is { } start && start > expiry)
        {
            throw new SecurityTokenInvalidLifetimeException("The token's nbf is after its exp.") { NotBefore = start, Expires = expiry };
        }
        if (notBefore is { } validFrom && validFrom > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("The token is not valid yet.") { NotBefore = validFrom };
        }
        if (expiry < now - parameters.ClockSkew)
        {
            throw new SecurityTokenExpiredException("The token has expired.") { Expires = expiry };
        }
        return true;
    }

    private static string ReasonFor(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => AuthenticationReasons.Expired,
        SecurityTokenNotYetValidException => AuthenticationReasons.NotYetValid,
        SecurityTokenNoExpirationException or SecurityTokenInvalidLifetimeException => AuthenticationReasons.InvalidLifetime,
        SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => AuthenticationReasons.BadSignature,
        SecurityTokenInvalidAlgorithmException => AuthenticationReasons.DisallowedAlgorithm,
        SecurityTokenInvalidIssuerException => AuthenticationReasons.UntrustedIssuer,
        _ => AuthenticationReasons.InvalidToken,
    };
}
