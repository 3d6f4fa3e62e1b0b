using System.Text;

namespace Bot.Core.Alerts;

/// <summary>
/// Alertmanager's label-set fingerprint (<c>model.LabelSet.Fingerprint()</c>): FNV-1a 64-bit over the label
/// names in ascending order, each written as <c>name 0xFF value 0xFF</c>, printed as 16 hex digits.
/// </summary>
/// <remarks>Used when a source sends no fingerprint, so that the same label set keys the same alert whichever source sent it.</remarks>
public static class AlertFingerprint
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;
    private const byte Separator = 0xFF;

    public static string Compute(IReadOnlyDictionary<string, string> labels)
    {
        var hash = Offset;
        Span<byte> buffer = stackalloc byte[256];
        foreach (var name in labels.Keys.Order(StringComparer.Ordinal))
        {
            hash = Append(hash, name, buffer);
            hash = Append(hash, Separator);
            hash = Append(hash, labels[name], buffer);
            hash = Append(hash, Separator);
        }
        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ulong Append(ulong hash, string text, Span<byte> buffer)
    {
        var bytes = Encoding.UTF8.GetMaxByteCount(text.Length) <= buffer.Length ? buffer : new byte[Encoding.UTF8.GetByteCount(text)];
        var written = Encoding.UTF8.GetBytes(text, bytes);
        foreach (var b in bytes[..written])
        {
            hash = Append(hash, b);
        }
        return hash;
    }

    private static ulong Append(ulong hash, byte b) => (hash ^ b) * Prime;
}
