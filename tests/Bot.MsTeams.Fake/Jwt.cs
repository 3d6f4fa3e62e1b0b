using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bot.MsTeams.Fake;

/// <summary>
/// Compact JWS (RFC 7515) by hand. The fake writes and reads its tokens without the JWT library the bot uses, so a bug
/// there cannot make the two agree on something the protocol does not say; and only by hand can it write the broken
/// tokens (<c>alg: none</c>, HS256, a wrong <c>kid</c>) a bot must refuse.
/// </summary>
internal static class Jwt
{
    public static string Encode(JsonObject header, JsonObject payload, Func<byte[], byte[]>? sign)
    {
        var signingInput = $"{Segment(header)}.{Segment(payload)}";
        var signature = sign is null ? "" : Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(signingInput)));
        return $"{signingInput}.{signature}";
    }

    /// <summary>Splits and parses a token without judging it; false when it is not three base64url parts of which the first two are JSON objects.</summary>
    public static bool TryDecode(string token, out JsonObject header, out JsonObject payload, out byte[] signingInput, out byte[] signature)
    {
        header = payload = [];
        signingInput = signature = [];
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }
        try
        {
            if (JsonNode.Parse(Base64Url.DecodeFromChars(parts[0])) is not JsonObject h || JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) is not JsonObject p)
            {
                return false;
            }
            header = h;
            payload = p;
            signingInput = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
            signature = Base64Url.DecodeFromChars(parts[2]);
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }

    private static string Segment(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
