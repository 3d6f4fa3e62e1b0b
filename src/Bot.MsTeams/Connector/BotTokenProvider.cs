using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.MsTeams.Connector;

/// <summary>
/// The bearer token outbound Connector calls carry: an OAuth client-credentials grant for the Bot Framework scope at
/// <see cref="MsTeamsOptions.TokenUrl"/> (protocols.md B3), as botbuilder's <c>MsalAppCredentials</c> gets it. Cached
/// until 5 minutes before it expires; a refresh runs under a lock, so concurrent callers share one token request.
/// </summary>
/// <remarks>
/// Credentials the endpoint refuses (HTTP 400/401) are remembered for <see cref="RefusedCredentialsHoldOff"/>, so a
/// backlog of deliveries does not hammer Entra with a secret that cannot work; the secret itself is never logged.
/// </remarks>
internal sealed class BotTokenProvider(IHttpClientFactory clients, IOptions<MsTeamsOptions> options, TimeProvider time, ILogger<BotTokenProvider> logger)
    : IDisposable
{
    public const string HttpClientName = "MsTeams.Token";

    /// <summary>The Bot Framework scope; the token's audience is <c>https://api.botframework.com</c>.</summary>
    public const string Scope = "https://api.botframework.com/.default";

    /// <summary>botbuilder refreshes this long before expiry, so a call never leaves with a token about to lapse.</summary>
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan RefusedCredentialsHoldOff = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private CachedToken? _token;
    private RefusedCredentials? _refused;

    /// <summary>A token valid for a few minutes at least; asks the token endpoint only when the cached one is due for refresh.</summary>
    /// <exception cref="BotTokenException">The endpoint refused the credentials or was failing.</exception>
    /// <exception cref="HttpRequestException">The endpoint was unreachable.</exception>
    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } token)
        {
            return token;
        }
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Another caller may have refreshed it while this one waited.
            if (Fresh() is { } refreshed)
            {
                return refreshed;
            }
            if (_refused is { } refused && time.GetUtcNow() < refused.Until)
            {
                throw new BotTokenException(refused.Message, refused.StatusCode, credentialsRejected: true);
            }
            var fetched = await FetchAsync(cancellationToken);
            Volatile.Write(ref _token, fetched);
            return fetched.Value;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>
    /// Drops <paramref name="token"/> after the Connector refused it (revoked or rotated before its expiry), so the next
    /// call fetches a new one; a newer token another caller already fetched is kept.
    /// </summary>
    public void Invalidate(string token)
    {
        var current = Volatile.Read(ref _token);
        if (current is not null && current.Value == token)
        {
            Interlocked.CompareExchange(ref _token, null, current);
        }
    }

    public void Dispose() => _refresh.Dispose();

    private string? Fresh() => Volatile.Read(ref _token) is { } token && time.GetUtcNow() < token.RefreshAt ? token.Value : null;

    private async Task<CachedToken> FetchAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var endpoint = settings.TokenUrl;
        if (!ConnectorUrls.IsAllowed(endpoint))
        {
            throw new InvalidOperationException($"MsTeams:TokenEndpoint {endpoint} must be an https URL (plain http only on loopback, for a fake).");
        }
        var secret = settings.AppPassword ?? "";
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(
            [
                KeyValuePair.Create("grant_type", "client_credentials"),
                KeyValuePair.Create("client_id", settings.AppId ?? ""),
                KeyValuePair.Create("client_secret", secret),
                KeyValuePair.Create("scope", Scope),
            ]),
        };
        var requestedAt = time.GetUtcNow();
        var http = clients.CreateClient(HttpClientName);
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var answer = Parse(body);

        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            var error = StringOf(answer, "error") ?? "no error code";
            var description = FirstLine(StringOf(answer, "error_description"));
            // Entra does not echo the secret; this makes sure nothing built from its answer ever shows it.
            var reason = Redact($"HTTP {status} {error}{(description is null ? "" : $": {description}")}", secret);
            if (response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized)
            {
                var message = $"The token endpoint {endpoint} refused the bot's credentials ({reason}). Check MsTeams:AppId and MsTeams:AppPassword "
                    + "(the app registration's client id and a current client secret value) and MsTeams:TenantId (the registration's tenant for a single-tenant bot).";
                logger.LogError("Microsoft Teams token request refused: {Reason}; check MsTeams:AppId, MsTeams:AppPassword and MsTeams:TenantId", reason);
                _refused = new RefusedCredentials(message, status, time.GetUtcNow() + RefusedCredentialsHoldOff);
                throw new BotTokenException(message, status, credentialsRejected: true);
            }
            var retryAfter = RetryAfterHeader.Of(response, time);
            logger.LogWarning("Microsoft Teams token request failed: {Reason}; retry after {RetryAfter}", reason, retryAfter);
            throw new BotTokenException($"The token endpoint {endpoint} failed ({reason}).", status, credentialsRejected: false, retryAfter);
        }

        if (StringOf(answer, "access_token") is not { Length: > 0 } accessToken)
        {
            throw new BotTokenException($"The token endpoint {endpoint} answered HTTP {(int)response.StatusCode} without an access_token.", (int)response.StatusCode, credentialsRejected: false);
        }
        _refused = null;
        // Unknown lifetime: use the token for this call only. A short one (a fake's knob) is refreshed at half-life.
        var lifetime = TimeSpan.FromSeconds(Math.Max(0, SecondsOf(answer, "expires_in") ?? 0));
        var margin = lifetime > 2 * RefreshMargin ? RefreshMargin : lifetime / 2;
        logger.LogDebug("Microsoft Teams token fetched, valid for {Lifetime}", lifetime);
        return new CachedToken(accessToken, requestedAt + lifetime - margin);
    }

    private static JsonElement Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static string? StringOf(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary><c>expires_in</c> is a number from Entra, a string from some older issuers.</summary>
    private static double? SecondsOf(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.GetDouble(),
            JsonValueKind.String when double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) => seconds,
            _ => null,
        };
    }

    /// <summary>Entra's description is the message, then a trace id and a timestamp on further lines.</summary>
    private static string? FirstLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        var line = text.Split('\n', 2)[0].TrimEnd('\r').Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    private static string Redact(string text, string secret) => secret.Length == 0 ? text : text.Replace(secret, "***", StringComparison.Ordinal);

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAt);

    private sealed record RefusedCredentials(string Message, int StatusCode, DateTimeOffset Until);
}
