using System.Text.RegularExpressions;
using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>
/// Parses Prometheus-style matchers: <c>sloth_service="checkout"</c>, <c>env!="staging"</c>,
/// <c>severity=~"critical|warning"</c>, <c>team!~"test-.*"</c>. Inside the quotes <c>\"</c> and <c>\\</c> are
/// escapes; other backslashes are kept, so regex escapes such as <c>\.</c> read as written.
/// </summary>
internal static partial class LabelMatcherParser
{
    public const string Expected = "expected name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\"";

    /// <summary>The matcher, or null with the reason it is invalid.</summary>
    public static LabelMatcher? Parse(string text, out string? error)
    {
        var match = MatcherPattern().Match(text);
        if (!match.Success)
        {
            error = Expected;
            return null;
        }
        var op = match.Groups[2].Value switch
        {
            "=" => MatchOperator.Equal,
            "!=" => MatchOperator.NotEqual,
            "=~" => MatchOperator.Regex,
            _ => MatchOperator.NotRegex,
        };
        var value = EscapePattern().Replace(match.Groups[3].Value, m => m.Groups[1].Value);
        if (op is MatchOperator.Regex or MatchOperator.NotRegex)
        {
            try
            {
                // Compiled on its own so the message shows the pattern as written, not LabelMatcher's anchored form.
                _ = new Regex(value, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                error = $"invalid regex: {e.Message}";
                return null;
            }
        }
        error = null;
        return new LabelMatcher(match.Groups[1].Value, op, value);
    }

    [GeneratedRegex("""^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"\s*$""", RegexOptions.CultureInvariant)]
    private static partial Regex MatcherPattern();

    [GeneratedRegex("""\\(["\\])""", RegexOptions.CultureInvariant)]
    private static partial Regex EscapePattern();
}
