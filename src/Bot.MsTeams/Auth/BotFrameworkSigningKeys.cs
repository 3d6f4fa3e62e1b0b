using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Bot.MsTeams.Auth;

/// <summary>
/// The keys Bot Framework signs inbound activities with, each with the channels it is endorsed for, read from the
/// OpenID metadata's <c>jwks_uri</c> (protocols.md B2). The JWKS is parsed as raw JSON, as botbuilder's
/// <c>EndorsementsRetriever</c> does, because <c>OpenIdConnectConfiguration</c> drops the non-standard
/// <c>endorsements</c> field. See
/// <see href="https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication">Bot Connector authentication</see>.
/// </summary>
/// <remarks>
/// Keys are kept for <see cref="RefreshInterval"/>. A token naming an unknown <c>kid</c> (a key rotation) may force
/// one refetch per <see cref="MsTeamsOptions.SigningKeyRefreshThrottle"/>, so tokens with made-up kids cannot make the bot hammer the metadata
/// endpoint. Only one fetch is ever in flight; everyone who needs it awaits that one. A failed fetch never throws: it
/// logs a warning and leaves the keys in hand (possibly none).
/// </remarks>
internal sealed class BotFrameworkSigningKeys(
    IOptions<MsTeamsOptions> options,
    IHttpClientFactory httpClientFactory,
    TimeProvider time,
    ILogger<BotFrameworkSigningKeys> logger)
{
    /// <summary>The named <see cref="HttpClient"/> that fetches the metadata and JWKS.</summary>
    public const string HttpClientName = "MsTeams.BotFrameworkOpenId";

    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(24);

    private readonly Lock _gate = new();
    private SigningKeySet? _current;
    private Task<SigningKeySet?>? _fetching;
    private DateTimeOffset? _lastForcedRefresh;
    private DateTimeOffset _nextScheduledAttempt = DateTimeOffset.MinValue;

    /// <summary>
    /// The least time between two refetches forced by unknown kids, and the wait after a failed scheduled refresh
    /// while older keys are still in hand. Zero allows every one (tests rotating keys mid-run).
    /// </summary>
    private TimeSpan RefreshThrottle => options.Value.SigningKeyRefreshThrottle;

    /// <summary>The keys, fetched first if there are none yet or they are older than <see cref="RefreshInterval"/>; null if none could be fetched.</summary>
    public Task<SigningKeySet?> GetAsync(CancellationToken cancellationToken)
    {
        Task<SigningKeySet?> fetch;
        lock (_gate)
        {
            var current = _current;
            var now = time.GetUtcNow();
            if (current is not null && (now - current.FetchedAt < RefreshInterval || now < _nextScheduledAttempt))
            {
                return Task.FromResult<SigningKeySet?>(current);
            }
            fetch = _fetching ?? StartFetch();
        }
        return fetch.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// The keys after a token named a kid that <paramref name="seen"/> lacks: <paramref name="seen"/> itself when a
    /// forced refetch is throttled, newer keys if they have arrived meanwhile, otherwise those of one (shared) refetch.
    /// </summary>
    public Task<SigningKeySet?> RefreshAsync(SigningKeySet seen, CancellationToken cancellationToken)
    {
        Task<SigningKeySet?> fetch;
        lock (_gate)
        {
            if (!ReferenceEquals(_current, seen))
            {
                return Task.FromResult(_current);
            }
            if (_fetching is null)
            {
                var now = time.GetUtcNow();
                if (_lastForcedRefresh is { } last && now - last < RefreshThrottle)
                {
                    logger.LogInformation(
                        "Bot Framework signing keys not refetched for an unknown kid: the last forced refetch was at {LastRefresh}, less than {Throttle} ago",
                        last, RefreshThrottle);
                    return Task.FromResult<SigningKeySet?>(seen);
                }
                _lastForcedRefresh = now;
            }
            fetch = _fetching ?? StartFetch();
        }
        return fetch.WaitAsync(cancellationToken);
    }

    /// <summary>Under the lock. The fetch runs on the pool so that it cannot finish (and clear <see cref="_fetching"/>) before it is stored.</summary>
    private Task<SigningKeySet?> StartFetch()
    {
        var fetch = Task.Run(FetchAndStoreAsync);
        _fetching = fetch;
        return fetch;
    }

    private async Task<SigningKeySet?> FetchAndStoreAsync()
    {
        var fetched = await FetchAsync();
        lock (_gate)
        {
            if (fetched is not null)
            {
                _current = fetched;
            }
            else
            {
                _nextScheduledAttempt = time.GetUtcNow() + RefreshThrottle;
            }
            _fetching = null;
            return _current;
        }
    }

    /// <summary>
    /// Not cancellable by any one request, since others may be awaiting it too; the named client's timeout bounds it.
    /// </summary>
    private async Task<SigningKeySet?> FetchAsync()
    {
        var metadataUrl = options.Value.OpenIdMetadataUrl;
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var metadata = JsonDocument.Parse(await client.GetStringAsync(RequireSecure(metadataUrl)));
            var jwksUri = metadata.RootElement.TryGetProperty("jwks_uri", out var value) && value.ValueKind == JsonValueKind.String
                && Uri.TryCreate(value.GetString(), UriKind.Absolute, out var uri)
                ? RequireSecure(uri)
                : throw new InvalidDataException("The OpenID metadata has no absolute jwks_uri.");
            using var jwks = JsonDocument.Parse(await client.GetStringAsync(jwksUri));
            var keys = ReadKeys(jwks.RootElement);
            if (keys.Count == 0)
            {
                throw new InvalidDataException($"The JWKS at {jwksUri} has no keys with a kid.");
            }
            logger.LogInformation("Bot Framework signing keys fetched from {JwksUri}: {KeyIds}", jwksUri, string.Join(", ", keys.Keys));
            return new SigningKeySet(keys, time.GetUtcNow());
        }
        catch (Exception exception)
        {
            // Whatever went wrong (network, status, JSON, key material), inbound requests get 401, never 500.
            logger.LogWarning(exception, "Bot Framework signing keys could not be fetched from {MetadataUrl}: {Error}", metadataUrl, exception.Message);
            return null;
        }
    }

    /// <summary>Keys must come over HTTPS; plain HTTP only to loopback, where tests run their fakes.</summary>
    private static Uri RequireSecure(Uri uri) =>
        uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)
            ? uri
            : throw new InvalidDataException($"{uri} is not HTTPS (plain HTTP is allowed only to loopback).");

    private static Dictionary<string, BotFrameworkSigningKey> ReadKeys(JsonElement jwks)
    {
        var keys = new Dictionary<string, BotFrameworkSigningKey>(StringComparer.Ordinal);
        if (!jwks.TryGetProperty("keys", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return keys;
        }
        foreach (var element in list.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object
                || !element.TryGetProperty("kid", out var kid) || kid.ValueKind != JsonValueKind.String
                || kid.GetString() is not { Length: > 0 } keyId)
            {
                continue;
            }
            var endorsements = element.TryGetProperty("endorsements", out var array) && array.ValueKind == JsonValueKind.Array
                ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToHashSet(StringComparer.Ordinal)
                : [];
            keys.TryAdd(keyId, new BotFrameworkSigningKey(JsonWebKey.Create(element.GetRawText()), endorsements));
        }
        return keys;
    }
}

/// <summary>The signing keys by kid, as fetched at <see cref="FetchedAt"/>.</summary>
internal sealed record SigningKeySet(IReadOnlyDictionary<string, BotFrameworkSigningKey> Keys, DateTimeOffset FetchedAt);

/// <summary>A signing key and the channel ids (<c>msteams</c>, …) it may sign activities for.</summary>
internal sealed record BotFrameworkSigningKey(JsonWebKey Key, IReadOnlySet<string> Endorsements);
