using System.Security.Cryptography;
using System.Text;

namespace Bot.Host.Hosting;

/// <summary>Compares an <c>Authorization: Bearer …</c> header with a configured token in constant time; every token-guarded endpoint uses it.</summary>
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
