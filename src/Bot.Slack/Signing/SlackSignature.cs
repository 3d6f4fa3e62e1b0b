using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bot.Slack.Signing;

/// <summary>
/// Slack's request signature: <c>v0=</c> + hex(HMAC-SHA256(signing secret, <c>v0:{timestamp}:{raw body}</c>)),
/// compared in constant time, with the timestamp at most five minutes from now either way.
/// See <see href="https://api.slack.com/authentication/verifying-requests-from-slack">Verifying requests from Slack</see>.
/// </summary>
internal static class SlackSignature
{
    public const string TimestampHeader = "X-Slack-Request-Timestamp";
    public const string SignatureHeader = "X-Slack-Signature";
    public const string Version = "v0";

    /// <summary>How far the request's timestamp may be from our clock, past or future (replay window).</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public static string Compute(string signingSecret, string timestamp, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(signingSecret));
        hmac.AppendData(Encoding.ASCII.GetBytes($"{Version}:{timestamp}:"));
        hmac.AppendData(body);
        return $"{Version}={Convert.ToHexStringLower(hmac.GetHashAndReset())}";
    }

    public static SignatureCheck Verify(string signingSecret, string? timestamp, string? signature, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature))
        {
            return SignatureCheck.MissingHeaders;
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.MalformedTimestamp;
        }
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > MaxClockSkew.TotalSeconds)
        {
            return SignatureCheck.StaleTimestamp;
        }
        if (!signature.StartsWith(Version + "=", StringComparison.Ordinal))
        {
            return SignatureCheck.Mismatch;
        }
        var expected = Encoding.ASCII.GetBytes(Compute(signingSecret, timestamp, body));
        var actual = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, actual) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }
}

/// <summary>Why a request was or was not accepted as Slack's.</summary>
internal enum SignatureCheck
{
    Valid,
    MissingHeaders,
    MalformedTimestamp,
    StaleTimestamp,
    Mismatch,
}
