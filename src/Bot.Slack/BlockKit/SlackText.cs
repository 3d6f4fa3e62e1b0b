using System.Globalization;
using System.Text;
using Bot.Core.Notifications;

namespace Bot.Slack.BlockKit;

/// <summary>Slack's mrkdwn rules: the three characters to escape, mentions, links, date tokens, and Slack's length limits.</summary>
/// <remarks>See <see href="https://docs.slack.dev/messaging/formatting-message-text">formatting message text</see>.</remarks>
internal static class SlackText
{
    private const string Ellipsis = "…";

    /// <summary>Escapes <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c>, which Slack would otherwise read as markup.</summary>
    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// Text that may mention people, as mrkdwn: plain runs escaped, a member with a Slack user id as <c>&lt;@U…&gt;</c>
    /// (Slack shows their current name and notifies them), anyone else by name in bold, since Slack has no one to
    /// link (a member the catalog no longer knows reads <c>@id</c>).
    /// </summary>
    /// <remarks>See <see href="https://docs.slack.dev/messaging/formatting-message-text#mentioning-users">mentioning users</see>.</remarks>
    public static string Escape(ChatText text)
    {
        var mrkdwn = new StringBuilder();
        foreach (var part in text.Parts)
        {
            mrkdwn.Append(part switch
            {
                ChatTextPart.Mention { Member.SlackUserId: { Length: > 0 } userId } => $"<@{userId}>",
                ChatTextPart.Mention mention => $"*{Escape(mention.Member?.DisplayName ?? $"@{mention.MemberId}")}*",
                ChatTextPart.Plain plain => Escape(plain.Text),
                _ => string.Empty,
            });
        }
        return mrkdwn.ToString();
    }

    /// <summary>A link <c>&lt;url|label&gt;</c>; the label is escaped and a <c>|</c> in the URL encoded.</summary>
    public static string Link(Uri url, string label) =>
        $"<{Escape(url.IsAbsoluteUri ? url.AbsoluteUri : url.OriginalString).Replace("|", "%7C", StringComparison.Ordinal)}|{Escape(label).Replace("|", "¦", StringComparison.Ordinal)}>";

    /// <summary>A date every reader sees in their own time zone, with <paramref name="fallback"/> where clients cannot format it.</summary>
    /// <remarks>See <see href="https://docs.slack.dev/messaging/formatting-message-text#date-formatting">date formatting</see>.</remarks>
    public static string Date(DateTimeOffset at, string fallback) =>
        string.Create(CultureInfo.InvariantCulture, $"<!date^{at.ToUnixTimeSeconds()}^{{date_short_pretty}} {{time}}|{fallback}>");

    /// <summary>Cuts <paramref name="text"/> to <paramref name="max"/> characters, ending in "…" when cut (never inside a surrogate pair).</summary>
    public static string Truncate(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }
        var keep = max - Ellipsis.Length;
        if (keep > 0 && char.IsHighSurrogate(text[keep - 1]))
        {
            keep--;
        }
        return string.Concat(text.AsSpan(0, keep), Ellipsis);
    }

    /// <summary>Splits text at line breaks into pieces of at most <paramref name="max"/> characters; a longer line is truncated.</summary>
    public static IEnumerable<string> Chunks(string text, int max)
    {
        var chunk = new StringBuilder();
        foreach (var raw in text.Split('\n'))
        {
            var line = Truncate(raw, max);
            if (chunk.Length > 0 && chunk.Length + 1 + line.Length > max)
            {
                yield return chunk.ToString();
                chunk.Clear();
            }
            if (chunk.Length > 0)
            {
                chunk.Append('\n');
            }
            chunk.Append(line);
        }
        if (chunk.Length > 0)
        {
            yield return chunk.ToString();
        }
    }
}
