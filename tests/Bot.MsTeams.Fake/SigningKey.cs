using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;

namespace Bot.MsTeams.Fake;

/// <summary>
/// An RSA-2048 signing key as Bot Framework and Entra publish theirs: a self-signed certificate whose SHA-1 thumbprint
/// (base64url) is both <c>kid</c> and <c>x5t</c>, and, for Bot Framework, the channels that endorse it.
/// </summary>
internal sealed class SigningKey : IDisposable
{
    private readonly RSA _rsa;
    private readonly KeyMaterial _material;

    private SigningKey(KeyMaterial material, IEnumerable<string> endorsements)
    {
        _material = material;
        _rsa = RSA.Create(material.Parameters);
        Endorsements = [.. endorsements];
    }

    public string KeyId => _material.KeyId;

    public IReadOnlyList<string> Endorsements { get; }

    /// <summary>
    /// One of the keys every fake in the process starts with (generating RSA keys takes a tenth of a second or more
    /// each): the real ones are global too, the same for every bot.
    /// </summary>
    public static SigningKey Shared(int slot, IEnumerable<string> endorsements) => new(KeyMaterial.Shared(slot), endorsements);

    /// <summary>A key no fake has held before, as a rollover brings.</summary>
    public static SigningKey Fresh(IEnumerable<string> endorsements) => new(KeyMaterial.Generate(), endorsements);

    public byte[] Sign(byte[] data) => _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public bool Verify(byte[] data, byte[] signature) => _rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    /// <summary>The public key in DER (SubjectPublicKeyInfo): what an HS256 key-confusion token is keyed with.</summary>
    public byte[] PublicKeyBytes => _rsa.ExportSubjectPublicKeyInfo();

    /// <summary>The JWKS entry, with Bot Framework's non-standard <c>endorsements</c>.</summary>
    public JsonObject ToJwk() => new()
    {
        ["kty"] = "RSA",
        ["use"] = "sig",
        ["kid"] = KeyId,
        ["x5t"] = KeyId,
        ["n"] = Base64Url.EncodeToString(_material.Parameters.Modulus),
        ["e"] = Base64Url.EncodeToString(_material.Parameters.Exponent),
        ["x5c"] = new JsonArray(Convert.ToBase64String(_material.Certificate)),
        ["endorsements"] = new JsonArray([.. Endorsements.Select(e => (JsonNode)e)]),
    };

    public void Dispose() => _rsa.Dispose();

    /// <summary>A key pair and its certificate, immutable, so fakes can share it (each signs through its own <see cref="RSA"/>).</summary>
    private sealed record KeyMaterial(RSAParameters Parameters, byte[] Certificate, string KeyId)
    {
        private static readonly Lazy<KeyMaterial>[] Slots = [.. Enumerable.Range(0, 4).Select(_ => new Lazy<KeyMaterial>(Generate))];

        public static KeyMaterial Shared(int slot) => Slots[slot].Value;

        public static KeyMaterial Generate()
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=fake-teams-signing", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            // Fixed, wide validity: a validator that checks the certificate's dates against its own clock must never
            // disagree with a test's fake clock.
            using var certificate = request.CreateSelfSigned(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2099, 12, 31, 0, 0, 0, TimeSpan.Zero));
            return new KeyMaterial(rsa.ExportParameters(includePrivateParameters: true), certificate.RawData, Base64Url.EncodeToString(certificate.GetCertHash()));
        }
    }
}
