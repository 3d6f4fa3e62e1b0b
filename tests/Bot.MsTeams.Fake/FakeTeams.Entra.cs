using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Bot.MsTeams.Fake;

/// <summary>
/// Entra's client-credentials token endpoint, as botbuilder's <c>MsalAppCredentials</c> and teams.net's
/// <c>BotAuthenticationHandler</c> call it (protocols B3), with Entra's AADSTS errors; and the check of those tokens
/// that the Connector makes.
/// </summary>
public sealed partial class FakeTeams
{
    /// <summary>The only resource the fake Entra issues tokens for, and the audience the Connector requires.</summary>
    public const string BotFrameworkAudience = "https://api.botframework.com";

    private const string BotFrameworkAuthority = "botframework.com";

    private readonly SigningKey _entraKey;
    private int _tokensIssued;

    /// <summary>How many access tokens the token endpoint issued (failures not counted): what a token cache saves.</summary>
    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    /// <summary>The <c>kid</c> of the key that signs access tokens (Entra's, not in the Bot Framework JWKS).</summary>
    public string AccessTokenKeyId => _entraKey.KeyId;

    private void MapEntra(WebApplication app) => app.MapPost("/{tenant}/oauth2/v2.0/token", HandleTokenAsync);

    private async Task HandleTokenAsync(HttpContext context)
    {
        var at = Now;
        var tenant = context.Request.RouteValues["tenant"] as string ?? "";
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        Reply reply;
        lock (_gate)
        {
            reply = TakeFailure(TeamsOperation.Token) is { } failure
                ? new Reply(failure.Status, failure.Code is null ? null : new JsonObject { ["error"] = failure.Code, ["error_description"] = failure.Message }, failure.Code, failure.RetryAfter, Injected: true)
                : IssueToken(tenant, context.Request.ContentType, body, at);
        }
        Record(context, TeamsOperation.Token, body, reply, at, conversationId: tenant);
        await WriteAsync(context, reply);
    }

    private Reply IssueToken(string tenant, string? contentType, string body, DateTimeOffset at)
    {
        var tenantId = string.Equals(tenant, _options.TenantId, StringComparison.OrdinalIgnoreCase) ? _options.TenantId
            : string.Equals(tenant, BotFrameworkAuthority, StringComparison.OrdinalIgnoreCase) ? FakeTeamsOptions.BotFrameworkTenantId
            : null;
        if (tenantId is null)
        {
            return EntraError(400, "invalid_request", 90002, $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.", at);
        }
        var form = contentType is not null && contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase)
            ? QueryHelpers.ParseQuery(body).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal)
            : [];
        string? Field(string name) => form.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        Reply Missing(string name) => EntraError(400, "invalid_request", 900144, $"The request body must contain the following parameter: '{name}'.", at);

        if (Field("grant_type") is not { } grantType)
        {
            return Missing("grant_type");
        }
        if (grantType != "client_credentials")
        {
            return EntraError(400, "unsupported_grant_type", 70003, $"The app requested an unsupported grant type '{grantType}'.", at);
        }
        if (Field("client_id") is not { } clientId)
        {
            return Missing("client_id");
        }
        if (clientId != _options.AppId || (tenantId == FakeTeamsOptions.BotFrameworkTenantId && !_options.MultiTenant))
        {
            return EntraError(400, "unauthorized_client", 700016,
                $"Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant.", at);
        }
        if (Field("scope") is not { } scope)
        {
            return Missing("scope");
        }
        if (!scope.EndsWith("/.default", StringComparison.Ordinal))
        {
            return EntraError(400, "invalid_scope", 1002012,
                $"The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).", at);
        }
        if (scope[..^"/.default".Length] != BotFrameworkAudience)
        {
            return EntraError(400, "invalid_resource", 500011, $"The resource principal named {scope[..^"/.default".Length]} was not found in the tenant named {tenant}.", at);
        }
        if (Field("client_secret") is not { } secret)
        {
            return EntraError(401, "invalid_client", 7000216, "'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.", at);
        }
        if (secret != _options.AppPassword)
        {
            return EntraError(401, "invalid_client", 7000215,
                $"Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{clientId}'.", at);
        }
        var lifetime = (long)_options.TokenLifetime.TotalSeconds;
        var now = at.ToUnixTimeSeconds();
        var issuer = $"https://sts.windows.net/{tenantId}/";
        var payload = new JsonObject
        {
            ["aud"] = BotFrameworkAudience,
            ["iss"] = issuer,
            ["iat"] = now - 300,
            ["nbf"] = now - 300,
            ["exp"] = now + lifetime,
            ["appid"] = clientId,
            ["appidacr"] = "1",
            ["idp"] = issuer,
            ["idtyp"] = "app",
            ["oid"] = ServicePrincipalId,
            ["sub"] = ServicePrincipalId,
            ["tid"] = tenantId,
            ["uti"] = Guid.NewGuid().ToString("N"),
            ["ver"] = "1.0",
        };
        var header = new JsonObject { ["typ"] = "JWT", ["alg"] = "RS256", ["x5t"] = _entraKey.KeyId, ["kid"] = _entraKey.KeyId };
        Interlocked.Increment(ref _tokensIssued);
        return Reply.Json(200, new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = lifetime,
            ["ext_expires_in"] = lifetime,
            ["access_token"] = Jwt.Encode(header, payload, _entraKey.Sign),
        });
    }

    /// <summary>The app's service principal in its tenant: the <c>oid</c>/<c>sub</c> of its tokens.</summary>
    private string ServicePrincipalId => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(_options.AppId))[..16]).ToString();

    /// <summary>Entra's error body: <c>error</c>, <c>error_description</c> starting with the AADSTS code, <c>error_codes</c>, trace ids.</summary>
    private static Reply EntraError(int status, string error, int code, string description, DateTimeOffset at)
    {
        var trace = Guid.NewGuid().ToString();
        var timestamp = at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return new Reply(status, new JsonObject
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{code}: {description} Trace ID: {trace} Correlation ID: {trace} Timestamp: {timestamp}",
            ["error_codes"] = new JsonArray(code),
            ["timestamp"] = timestamp,
            ["trace_id"] = trace,
            ["correlation_id"] = trace,
            ["error_uri"] = $"https://login.microsoftonline.com/error?code={code}",
        }, error);
    }

    /// <summary>
    /// Whether the Connector accepts the <c>Authorization</c> header: a Bearer token signed by the fake Entra, for
    /// <see cref="BotFrameworkAudience"/>, issued to the configured app, within its lifetime. Null when it does;
    /// otherwise why not (for the request log).
    /// </summary>
    private string? AccessTokenProblem(string authorization, DateTimeOffset now)
    {
        if (authorization.Length == 0)
        {
            return "no Authorization header";
        }
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return "not a Bearer token";
        }
        if (!Jwt.TryDecode(authorization["Bearer ".Length..].Trim(), out var header, out var payload, out var signingInput, out var signature))
        {
            return "not a JWT";
        }
        if (Str(header, "alg") != "RS256" || Str(header, "kid") != _entraKey.KeyId || !_entraKey.Verify(signingInput, signature))
        {
            return "not signed by the fake Entra";
        }
        if (Str(payload, "aud") != BotFrameworkAudience)
        {
            return $"audience {Str(payload, "aud")} is not {BotFrameworkAudience}";
        }
        if (Str(payload, "appid") != _options.AppId)
        {
            return $"issued to {Str(payload, "appid")}, not to {_options.AppId}";
        }
        var seconds = now.ToUnixTimeSeconds();
        var skew = (long)_options.ConnectorClockSkew.TotalSeconds;
        if (payload["nbf"]?.GetValue<long>() is not { } nbf || seconds + skew < nbf)
        {
            return "token not valid yet";
        }
        if (payload["exp"]?.GetValue<long>() is not { } exp || seconds - skew >= exp)
        {
            return "token expired";
        }
        return null;
    }
}
