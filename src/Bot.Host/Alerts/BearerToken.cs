using System.Security.Cryptography;
using System.Text;

namespace Bot.Host.Alerts;

/// <summary>Compares an <c>Authorization: Bearer …</c> header with a configured token in constant time (as the admin filter does).</summary>
internal static class BearerToken
{
    private const string Prefix = "Bearer ";

    public static bool Matches(string header, string token)
    {
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // Hashing first makes both sides the same length, so the comparison leaks neither content nor length.
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Prefix.Length..].Trim()));
        var expected = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
