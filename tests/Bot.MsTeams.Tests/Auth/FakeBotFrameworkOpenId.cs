using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.Tokens;

namespace Bot.MsTeams.Tests.Auth;

/// <summary>
/// Bot Framework's OpenID metadata and JWKS (protocols.md B2 and C2), served to the HTTP clients it hands out: RSA keys
/// generated here, published with endorsements, rotated and withdrawn by the test, every fetch counted. It can be
/// taken down, and key responses can be held until the test lets them go.
/// </summary>
internal sealed class FakeBotFrameworkOpenId : IHttpClientFactory, IDisposable
{
    /// <summary>Bot Framework's real address: nothing leaves the process, and any host with this path is answered.</summary>
    public static readonly Uri MetadataUrl = new("https://login.botframework.com/v1/.well-known/openidconfiguration");
    public static readonly Uri KeysUrl = new("https://login.botframework.com/v1/.well-known/keys");

    /// <summary>Generating an RSA-2048 key takes about half a second here; the tests share a few made once.</summary>
    private static readonly Lazy<RSAParameters[]> KeyMaterial = new(() =>
    [
        .. Enumerable.Range(0, 4).Select(_ =>
        {
            using var rsa = RSA.Create(2048);
            return rsa.ExportParameters(includePrivateParameters: true);
        }),
    ]);

    private readonly ConcurrentDictionary<string, JsonObject> _published = new(StringComparer.Ordinal);
    private readonly StubHandler _handler;
    private int _metadataRequests;
    private int _keysRequests;
    private int _keysMade;

    public FakeBotFrameworkOpenId() => _handler = new StubHandler(this);

    /// <summary>What the metadata names as <c>jwks_uri</c>; the keys are served at <see cref="KeysUrl"/>'s path on any host.</summary>
    public string JwksUri { get; set; } = KeysUrl.ToString();

    /// <summary>While set, both documents answer 503.</summary>
    public bool Down { get; set; }

    /// <summary>While set, JWKS responses wait for it to complete.</summary>
    public TaskCompletionSource? HoldKeys { get; set; }

    /// <summary>Completed by each JWKS request; replace it to wait for the next one.</summary>
    public TaskCompletionSource KeysRequested { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    public int KeysRequests => Volatile.Read(ref _keysRequests);

    /// <summary>A new RSA key, published under <paramref name="kid"/> with these endorsements (none: the field is left out).</summary>
    public RsaSecurityKey Publish(string kid, params string[] endorsements)
    {
        var key = NewKey(kid);
        var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
        var jwk = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = kid,
            ["x5t"] = kid,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
        };
        if (endorsements.Length > 0)
        {
            jwk["endorsements"] = new JsonArray([.. endorsements.Select(e => JsonValue.Create(e))]);
        }
        _published[kid] = jwk;
        return key;
    }

    /// <summary>
    /// A key that is not published (a forger's, or one Bot Framework has not rolled out yet), distinct from the
    /// previous <see cref="KeyMaterial"/>.Length - 1 keys of this fake.
    /// </summary>
    public RsaSecurityKey NewKey(string kid)
    {
        var material = KeyMaterial.Value;
        return new RsaSecurityKey(RSA.Create(material[(Interlocked.Increment(ref _keysMade) - 1) % material.Length])) { KeyId = kid };
    }

    public void Withdraw(string kid) => _published.TryRemove(kid, out _);

    /// <summary>The handler behind the clients, for a host's own IHttpClientFactory (dispose it there, or here).</summary>
    public HttpMessageHandler Handler => _handler;

    public HttpClient CreateClient(string name) => new(_handler, disposeHandler: false);

    public void Dispose() => _handler.Dispose();

    private async Task<HttpResponseMessage> AnswerAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri!.AbsolutePath == MetadataUrl.AbsolutePath)
        {
            Interlocked.Increment(ref _metadataRequests);
            var metadata = new JsonObject
            {
                ["issuer"] = "https://api.botframework.com",
                ["jwks_uri"] = JwksUri,
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            };
            return Down ? Unavailable() : Json(metadata.ToJsonString());
        }
        if (request.RequestUri.AbsolutePath == KeysUrl.AbsolutePath)
        {
            Interlocked.Increment(ref _keysRequests);
            KeysRequested.TrySetResult();
            if (HoldKeys is { } hold)
            {
                await hold.Task.WaitAsync(cancellationToken);
            }
            var keys = new JsonObject { ["keys"] = new JsonArray([.. _published.Values.Select(jwk => jwk.DeepClone())]) };
            return Down ? Unavailable() : Json(keys.ToJsonString());
        }
        return new HttpResponseMessage(HttpStatusCode.NotFound);
    }

    private static HttpResponseMessage Json(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    private static HttpResponseMessage Unavailable() => new(HttpStatusCode.ServiceUnavailable);

    private sealed class StubHandler(FakeBotFrameworkOpenId fake) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            fake.AnswerAsync(request, cancellationToken);
    }
}
