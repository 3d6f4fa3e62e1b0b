using Bot.Core.Commands;

namespace Bot.Core.Tests.Commands;

public sealed class CommandWordsTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateTimeOffset Now = new(2026, 3, 28, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("now", "2026-03-28T12:00:00+00:00")]
    [InlineData("+30m", "2026-03-28T12:30:00+00:00")]
    [InlineData("+4h", "2026-03-28T16:00:00+00:00")]
    [InlineData("+2d", "2026-03-30T12:00:00+00:00")]
    [InlineData("2026-03-30T09:00", "2026-03-30T09:00:00+02:00")]
    [InlineData("2026-03-27T09:00", "2026-03-27T09:00:00+01:00")]
    [InlineData("2026-03-29T02:30", "2026-03-29T03:00:00+02:00")]
    [InlineData("2026-10-25T02:30", "2026-10-25T02:30:00+02:00")]
    [InlineData("2026-04-01", "2026-04-01T00:00:00+02:00")]
    [InlineData("2026-04-01T09:00Z", "2026-04-01T09:00:00+00:00")]
    [InlineData("2026-04-01T09:00-05:00", "2026-04-01T09:00:00-05:00")]
    public void Instant_ReadsEveryForm_LocalTimesInTheZone_GapsMovedForward_RepeatsTakenFirst(string word, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CommandWords.Instant(word, Berlin, Now));

    [Theory]
    [InlineData("tomorrow")]
    [InlineData("+4w")]
    [InlineData("2026-13-01T09:00")]
    [InlineData("09:00")]
    public void Instant_NotATime_IsNull(string word) => Assert.Null(CommandWords.Instant(word, Berlin, Now));
}
