using System.Globalization;
using System.Text;

namespace Bot.MsTeams.Cards;

/// <summary>
/// Text in an Adaptive Card: the markdown subset TextBlocks and facts render (bold, italic, lists, links), escaped so
/// that text from alerts shows as written; the <c>DATE()</c>/<c>TIME()</c> functions; cutting to a length.
/// </summary>
/// <remarks>
/// See <see href="https://learn.microsoft.com/adaptive-cards/authoring-cards/text-features">text features</see> and
/// <see href="https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format">format
/// cards in Teams</see> (markdown applies to TextBlock text, Fact.Title and Fact.Value). Escapes are CommonMark
/// backslash escapes, which Teams desktop and web honour. The native mobile renderers honour them for emphasis but
/// leave the backslash visible, and ignore them before <c>[</c>: a link is refused there because <c>](</c> is broken
/// up. So escapes are kept to what can start markup; nothing common (<c>(</c>, <c>-</c>, <c>_</c> inside a word,
/// <c>#42</c>) is escaped.
/// </remarks>
internal static class AdaptiveText
{
    private const string Ellipsis = "…";

    /// <summary>Escapes <paramref name="text"/> so that it renders as written, line by line.</summary>
    public static string Escape(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var escaped = new StringBuilder(text.Length + 8);
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                escaped.Append('\n');
            }
            EscapeLine(lines[i], escaped);
        }
        return escaped.ToString();
    }

    /// <summary>One line of text (a title, a fact): line breaks become spaces, then it is cut and escaped.</summary>
    public static string Line(string text, int max) => Escape(Truncate(OneLine(text), max));

    /// <summary>Line breaks and tabs as single spaces, for texts shown on one line.</summary>
    public static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>
    /// The instant as the reader's local date and time (<c>{{DATE(…, SHORT)}} {{TIME(…)}}</c>). Clients format it when
    /// rendering; the functions need exactly RFC 3339 with seconds and upper case, or they show as typed.
    /// </summary>
    public static string LocalDateTime(DateTimeOffset at)
    {
        var rfc3339 = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return $"{{{{DATE({rfc3339}, SHORT)}}}} {{{{TIME({rfc3339})}}}}";
    }

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
        return string.Concat(text.AsSpan(0, Math.Max(keep, 0)), Ellipsis);
    }

    private static void EscapeLine(string line, StringBuilder escaped)
    {
        // A list item, heading, quote or rule at the start of a line: escaping its marker keeps it text.
        var marker = BlockMarker(line);
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            var escape = i == marker || c switch
            {
                '\\' or '*' or '[' or ']' or '`' or '~' => true,
                // Inside a word (metric_name_total) an underscore cannot emphasise; only at a word's edge.
                '_' => !(i > 0 && char.IsLetterOrDigit(line[i - 1]) && i + 1 < line.Length && char.IsLetterOrDigit(line[i + 1])),
                // "](" makes a link; "<x" an autolink or HTML; "{{" the start of a DATE()/TIME() function.
                '(' => i > 0 && line[i - 1] == ']',
                '<' => i + 1 < line.Length && (char.IsAsciiLetter(line[i + 1]) || line[i + 1] is '/' or '!' or '?'),
                '{' => i > 0 && line[i - 1] == '{',
                _ => false,
            };
            if (escape)
            {
                escaped.Append('\\');
            }
            escaped.Append(c);
        }
    }

    /// <summary>
    /// The position of the character that makes a line a CommonMark block (after up to three spaces), or -1:
    /// <c>-</c>, <c>+</c> or <c>*</c> followed by a space or the end, one to six <c>#</c> likewise, <c>&gt;</c>, a rule
    /// or setext underline of <c>-</c> or <c>=</c>, or the dot or parenthesis of <c>1.</c>/<c>1)</c>.
    /// </summary>
    private static int BlockMarker(string line)
    {
        var i = 0;
        while (i < line.Length && i < 3 && line[i] == ' ')
        {
            i++;
        }
        if (i >= line.Length)
        {
            return -1;
        }
        var c = line[i];
        bool SpaceOrEndAt(int at) => at >= line.Length || line[at] is ' ' or '\t';
        if (c is '>')
        {
            return i;
        }
        if (c is '-' or '+' or '*' && SpaceOrEndAt(i + 1))
        {
            return i;
        }
        if (c is '#')
        {
            var hashes = i;
            while (hashes < line.Length && line[hashes] == '#')
            {
                hashes++;
            }
            return hashes - i <= 6 && SpaceOrEndAt(hashes) ? i : -1;
        }
        if (c is '-' or '=' && line.AsSpan(i).Trim().ContainsAnyExcept(c) is false)
        {
            return i;
        }
        if (char.IsAsciiDigit(c))
        {
            var digits = i;
            while (digits < line.Length && char.IsAsciiDigit(line[digits]))
            {
                digits++;
            }
            return digits - i <= 9 && digits < line.Length && line[digits] is '.' or ')' && SpaceOrEndAt(digits + 1) ? digits : -1;
        }
        return -1;
    }
}
