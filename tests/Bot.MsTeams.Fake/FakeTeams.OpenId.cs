using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bot.MsTeams.Fake;

/// <summary>
/// Bot Framework's OpenID metadata and JWKS (protocols B2): the keys that sign what Teams sends the bot, each with the
/// channels that endorse it. One msteams-endorsed key is current; one key is endorsed only for other channels; one
/// impostor key is never published (the driver signs "bad signature" and "unknown kid" tokens with it).
/// </summary>
public sealed partial class FakeTeams
{
    /// <summary>The issuer of every token Bot Framework sends a bot.</summary>
    public const string BotFrameworkIssuer = "https://api.botframework.com";

    private readonly List<SigningKey> _publishedKeys = [];
    private readonly List<SigningKey> _allKeys = [];
    private readonly SigningKey _unendorsedKey;
    private readonly SigningKey _rogueKey;
    private SigningKey _currentKey;
    private int _metadataFetches;
    private int _keysFetches;

    /// <summary>How many times the OpenID metadata was fetched (either spelling): what a metadata cache saves.</summary>
    public int MetadataFetches => Volatile.Read(ref _metadataFetches);

    /// <summary>How many times the JWKS was fetched.</summary>
    public int KeysFetches => Volatile.Read(ref _keysFetches);

    /// <summary>The key the driver signs with: published, endorsed for msteams.</summary>
    public string CurrentKeyId
    {
        get
        {
            lock (_gate)
            {
                return _currentKey.KeyId;
            }
        }
    }

    /// <summary>A published key whose endorsements lack <c>msteams</c> (it signs for Web Chat): a Teams token signed with it must be refused.</summary>
    public string UnendorsedKeyId => _unendorsedKey.KeyId;

    /// <summary>The keys the JWKS publishes now, in its order.</summary>
    public IReadOnlyList<TeamsSigningKey> SigningKeys
    {
        get
        {
            lock (_gate)
            {
                return [.. _publishedKeys.Select(k => new TeamsSigningKey(k.KeyId, k.Endorsements, k == _currentKey))];
            }
        }
    }

    /// <summary>
    /// Bot Framework rolling its keys: a new msteams key (new <c>kid</c>) is published and becomes current; the old
    /// one stays published when <paramref name="keepPrevious"/>, as during a real rollover, or disappears.
    /// </summary>
    /// <returns>The new key's id.</returns>
    public string RotateSigningKey(bool keepPrevious = true)
    {
        var key = SigningKey.Fresh(["msteams"]);
        lock (_gate)
        {
            if (!keepPrevious)
            {
                _publishedKeys.Remove(_currentKey);
            }
            _publishedKeys.Insert(0, key);
            _allKeys.Add(key);
            _currentKey = key;
            return key.KeyId;
        }
    }

    /// <summary>Publishes one more key endorsed for <paramref name="endorsements"/>; the driver can sign with it through <see cref="TeamsDriver.SigningKeyId"/>.</summary>
    public string AddSigningKey(params string[] endorsements)
    {
        var key = SigningKey.Fresh(endorsements);
        lock (_gate)
        {
            _publishedKeys.Add(key);
            _allKeys.Add(key);
            return key.KeyId;
        }
    }

    /// <summary>Stops publishing a key (it can still sign: a token signed with it then carries an unknown <c>kid</c>).</summary>
    public void RemoveSigningKey(string keyId)
    {
        lock (_gate)
        {
            _publishedKeys.RemoveAll(k => k.KeyId == keyId);
        }
    }

    /// <summary>Any key the fake holds, published or not, by id; the impostor for <paramref name="impostor"/>.</summary>
    internal SigningKey KeyForSigning(string? keyId, bool impostor = false)
    {
        if (impostor)
        {
            return _rogueKey;
        }
        lock (_gate)
        {
            return keyId is null ? _currentKey : _allKeys.FirstOrDefault(k => k.KeyId == keyId) ?? throw new ArgumentException($"The fake holds no key {keyId}.", nameof(keyId));
        }
    }

    private void MapOpenId(WebApplication app)
    {
        app.MapGet("/v1/.well-known/openidconfiguration", HandleMetadataAsync);
        app.MapGet("/v1/.well-known/openid-configuration", HandleMetadataAsync);
        app.MapGet("/v1/.well-known/keys", HandleKeysAsync);
    }

    private async Task HandleMetadataAsync(HttpContext context)
    {
        var at = Now;
        Reply reply;
        lock (_gate)
        {
            reply = Injected(TakeFailure(TeamsOperation.OpenIdMetadata)) ?? Reply.Json(200, new JsonObject
            {
                ["issuer"] = BotFrameworkIssuer,
                ["authorization_endpoint"] = "https://invalid.botframework.com",
                ["jwks_uri"] = JwksUrl.ToString(),
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            });
        }
        if (reply.Status == 200)
        {
            Interlocked.Increment(ref _metadataFetches);
        }
        Record(context, TeamsOperation.OpenIdMetadata, "", reply, at);
        await WriteAsync(context, reply);
    }

    private async Task HandleKeysAsync(HttpContext context)
    {
        var at = Now;
        Reply reply;
        lock (_gate)
        {
            reply = Injected(TakeFailure(TeamsOperation.Keys))
                ?? Reply.Json(200, new JsonObject { ["keys"] = new JsonArray([.. _publishedKeys.Select(k => (JsonNode)k.ToJwk())]) });
        }
        if (reply.Status == 200)
        {
            Interlocked.Increment(ref _keysFetches);
        }
        Record(context, TeamsOperation.Keys, "", reply, at);
        await WriteAsync(context, reply);
    }

    /// <summary>An injected failure in the Connector's error shape (or with no body).</summary>
    private static Reply? Injected(FakeTeamsFailure? failure) => failure is null
        ? null
        : failure.Code is null
            ? new Reply(failure.Status, null, null, failure.RetryAfter, Injected: true)
            : Reply.ConnectorError(failure.Status, failure.Code, failure.Message ?? failure.Code, failure.RetryAfter) with { Injected = true };
}
