using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Bot.Slack.Fake;

/// <summary>
/// How Slack signs what it sends (https://api.slack.com/authentication/verifying-requests-from-slack):
/// <c>v0=</c> + hex(HMAC-SHA256(signing secret, <c>v0:{timestamp}:{raw body}</c>)).
/// </summary>
public static class SlackSignature
{
    public static string Sign(string signingSecret, long timestamp, string body)
    {
        var basestring = Encoding.UTF8.GetBytes($"v0:{timestamp.ToString(CultureInfo.InvariantCulture)}:{body}");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingSecret), basestring);
        return "v0=" + Convert.ToHexStringLower(mac);
    }
}
