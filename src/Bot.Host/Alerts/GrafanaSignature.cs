using System.Security.Cryptography;
using System.Text;

namespace Bot.Host.Alerts;

/// <summary>
/// Grafana's optional webhook HMAC: the signature header holds <c>hex(HMAC-SHA256(secret, body))</c>, or of
/// <c>timestamp + ":" + body</c> when Grafana is set to send a timestamp header.
/// </summary>
/// <remarks>See https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/</remarks>
internal static class GrafanaSignature
{
    /// <summary>Null when the request is signed with the secret; otherwise why not, for the 401 detail.</summary>
    public static string? Check(HttpRequest request, ReadOnlySpan<byte> body, AlertSourceOptions settings)
    {
        const string Secret = "AlertSources:grafana:HmacSecret";
        var header = settings.SignatureHeader;
        var signature = request.Headers[header].ToString().Trim();
        if (signature.Length == 0)
        {
            return $"The {header} header is missing; it must hold hex(HMAC-SHA256({Secret}, body)).";
        }

        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(settings.HmacSecret!));
        var signed = "body";
        if (!string.IsNullOrEmpty(settings.TimestampHeader))
        {
            var timestamp = request.Headers[settings.TimestampHeader].ToString();
            if (timestamp.Length == 0)
            {
                return $"The {settings.TimestampHeader} header is missing (AlertSources:grafana:TimestampHeader); the signature covers it.";
            }
            hmac.AppendData(Encoding.UTF8.GetBytes(timestamp + ":"));
            signed = $"{settings.TimestampHeader} + \":\" + body";
        }
        hmac.AppendData(body);
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        hmac.GetHashAndReset(expected);

        byte[] presented;
        try
        {
            presented = Convert.FromHexString(signature);
        }
        catch (FormatException)
        {
            presented = [];
        }
        return CryptographicOperations.FixedTimeEquals(presented, expected)
            ? null
            : $"The {header} header does not match hex(HMAC-SHA256({Secret}, {signed})).";
    }
}
