using Bot.MsTeams.Cards;

namespace Bot.MsTeams.Tests.Cards;

public sealed class AdaptiveTextTests
{
    [Theory]
    [InlineData("plain text, 99.9% (28d) #42", "plain text, 99.9% (28d) #42")]
    [InlineData("**bold** and *italic*", @"\*\*bold\*\* and \*italic\*")]
    [InlineData("_italic_ but http_requests_total", @"\_italic\_ but http_requests_total")]
    [InlineData("[click](https://evil.example)", @"\[click\]\(https://evil.example)")]
    [InlineData(@"a \ b", @"a \\ b")]
    [InlineData("`code` and ~~gone~~", @"\`code\` and \~\~gone\~\~")]
    [InlineData("<https://evil.example> <b>x</b> latency < 5 ms", @"\<https://evil.example> \<b>x\</b> latency < 5 ms")]
    [InlineData("{{DATE(2020-01-01T00:00:00Z)}}", @"{\{DATE(2020-01-01T00:00:00Z)}}")]
    public void AdaptiveText_Escape_KeepsInlineMarkupAsText(string text, string expected) =>
        Assert.Equal(expected, AdaptiveText.Escape(text));

    [Theory]
    [InlineData("- not a list", @"\- not a list")]
    [InlineData("+ nor this", @"\+ nor this")]
    [InlineData("* nor this", @"\* nor this")]
    [InlineData("# not a heading", @"\# not a heading")]
    [InlineData("#42 is an incident", "#42 is an incident")]
    [InlineData("> not a quote", @"\> not a quote")]
    [InlineData("1. not numbered", @"1\. not numbered")]
    [InlineData("2) nor this", @"2\) nor this")]
    [InlineData("2026-03-01 is a date", "2026-03-01 is a date")]
    [InlineData("---", @"\---")]
    [InlineData("-1% budget", "-1% budget")]
    public void AdaptiveText_Escape_KeepsLineStartMarkersAsText(string text, string expected) =>
        Assert.Equal(expected, AdaptiveText.Escape(text));

    [Fact]
    public void AdaptiveText_Escape_EscapesEachLine() =>
        Assert.Equal("title\n\\- item\n1\\. item", AdaptiveText.Escape("title\r\n- item\n1. item"));

    [Fact]
    public void AdaptiveText_Line_JoinsLinesCutsThenEscapes() =>
        Assert.Equal(@"a \*b c…", AdaptiveText.Line("a *b\n\nc d e f", 7));

    [Fact]
    public void AdaptiveText_Truncate_NeverSplitsASurrogatePair() =>
        Assert.Equal("ab…", AdaptiveText.Truncate("ab😀😀", 4));

    [Fact]
    public void AdaptiveText_LocalDateTime_UsesTheFunctionsInStrictRfc3339() =>
        Assert.Equal("{{DATE(2026-03-01T14:05:30Z, SHORT)}} {{TIME(2026-03-01T14:05:30Z)}}",
            AdaptiveText.LocalDateTime(new DateTimeOffset(2026, 3, 1, 16, 5, 30, TimeSpan.FromHours(2))));
}
