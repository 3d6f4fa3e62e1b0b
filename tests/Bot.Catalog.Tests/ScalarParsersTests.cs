using Bot.Core.Catalog;

namespace Bot.Catalog.Tests;

public sealed class ScalarParsersTests
{
    [Theory]
    [InlineData("1000ms", 1000)]
    [InlineData("1s", 1000)]
    [InlineData("30m", 30 * 60_000)]
    [InlineData("1h30m", 90 * 60_000)]
    [InlineData("2h", 2 * 3_600_000)]
    [InlineData("7d", 7 * 86_400_000L)]
    [InlineData("2w", 14 * 86_400_000L)]
    public void Duration_ValidText_ParsesToTheSpan(string text, long milliseconds)
    {
        Assert.True(ScalarParsers.TryParseDuration(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("1000")]
    [InlineData("0s")]
    [InlineData("30 minutes")]
    [InlineData("1.5h")]
    [InlineData("-5m")]
    [InlineData("999999999w")]
    public void Duration_InvalidText_IsRefused(string text) => Assert.False(ScalarParsers.TryParseDuration(text, out _));

    [Theory]
    [InlineData("0.999", 0.999)]
    [InlineData("99.9%", 0.999)]
    [InlineData("99.95%", 0.9995)]
    [InlineData("90%", 0.9)]
    [InlineData("1e-1", 0.1)]
    public void Ratio_RatioOrPercent_ParsesExactly(string text, double expected)
    {
        Assert.True(ScalarParsers.TryParseRatio(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("28d", SloWindowKind.Rolling, 28)]
    [InlineData("7d", SloWindowKind.Rolling, 7)]
    [InlineData("4w", SloWindowKind.Rolling, 28)]
    [InlineData("4w-calendar", SloWindowKind.CalendarWeeks, 28)]
    [InlineData("1w-calendar", SloWindowKind.CalendarWeeks, 7)]
    public void Window_ValidText_ParsesKindAndDays(string text, SloWindowKind kind, int days)
    {
        Assert.True(ScalarParsers.TryParseWindow(text, out var window));
        Assert.Equal(new SloWindow(kind, days), window);
    }

    [Theory]
    [InlineData("0d")]
    [InlineData("28")]
    [InlineData("28d-calendar")]
    [InlineData("1 month")]
    public void Window_InvalidText_IsRefused(string text) => Assert.False(ScalarParsers.TryParseWindow(text, out _));

    [Theory]
    [InlineData("sloth_service=\"checkout\"", "sloth_service", MatchOperator.Equal, "checkout")]
    [InlineData("env != \"staging\"", "env", MatchOperator.NotEqual, "staging")]
    [InlineData("severity=~\"critical|warning\"", "severity", MatchOperator.Regex, "critical|warning")]
    [InlineData("team!~\"test-.*\"", "team", MatchOperator.NotRegex, "test-.*")]
    [InlineData("summary=\"say \\\"hi\\\"\"", "summary", MatchOperator.Equal, "say \"hi\"")]
    public void Matcher_PrometheusSyntax_Parses(string text, string name, MatchOperator op, string value)
    {
        var matcher = LabelMatcherParser.Parse(text, out var error);

        Assert.Null(error);
        // Compared by parts: LabelMatcher's record equality also compares its compiled Regex, by reference.
        Assert.Equal((name, op, value), (matcher?.Name, matcher?.Operator, matcher?.Value));
    }

    [Fact]
    public void Matcher_Regex_IsAnchoredLikePrometheus()
    {
        var matcher = LabelMatcherParser.Parse("severity=~\"crit|warn\"", out _)!;

        Assert.True(matcher.Matches(new Dictionary<string, string> { ["severity"] = "warn" }));
        Assert.False(matcher.Matches(new Dictionary<string, string> { ["severity"] = "warning" }));
    }

    [Theory]
    [InlineData("sloth_service=checkout")]
    [InlineData("=\"x\"")]
    [InlineData("1abc=\"x\"")]
    [InlineData("a==\"x\"")]
    [InlineData("a=\"x")]
    public void Matcher_BadSyntax_SaysWhatIsExpected(string text)
    {
        Assert.Null(LabelMatcherParser.Parse(text, out var error));
        Assert.Equal(LabelMatcherParser.Expected, error);
    }

    [Theory]
    [InlineData("Europe/Berlin", "Europe/Berlin")]
    [InlineData("Etc/UTC", "Etc/UTC")]
    [InlineData("America/Sao_Paulo", "America/Sao_Paulo")]
    public void TimeZone_IanaId_IsKnown(string text, string expected)
    {
        Assert.True(ScalarParsers.TryParseTimeZone(text, out var zone));
        Assert.Equal(expected, zone);
    }
}
