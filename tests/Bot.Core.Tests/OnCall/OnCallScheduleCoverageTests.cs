using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.OnCall;
using static Bot.Core.Tests.OnCall.Rotations;

namespace Bot.Core.Tests.OnCall;

/// <summary>Coverage windows are local days and hours; one that crosses midnight belongs to the day it starts.</summary>
public sealed class OnCallScheduleCoverageTests
{
    [Theory]
    // The book's typical start: business hours Monday to Friday, 09:00–17:00, New York.
    [InlineData("America/New_York", "monday,tuesday,wednesday,thursday,friday", "09:00", "17:00", "2025-01-06T14:00Z", true)]
    [InlineData("America/New_York", "monday,tuesday,wednesday,thursday,friday", "09:00", "17:00", "2025-01-06T13:59Z", false)]
    [InlineData("America/New_York", "monday,tuesday,wednesday,thursday,friday", "09:00", "17:00", "2025-01-06T21:59Z", true)]
    [InlineData("America/New_York", "monday,tuesday,wednesday,thursday,friday", "09:00", "17:00", "2025-01-06T22:00Z", false)]
    [InlineData("America/New_York", "monday,tuesday,wednesday,thursday,friday", "09:00", "17:00", "2025-01-11T15:00Z", false)]
    // The Monday after spring-forward: 09:00 is now 13:00Z.
    [InlineData("America/New_York", "monday,tuesday,wednesday,thursday,friday", "09:00", "17:00", "2025-03-10T13:00Z", true)]
    [InlineData("America/New_York", "monday,tuesday,wednesday,thursday,friday", "09:00", "17:00", "2025-03-10T12:59Z", false)]
    [InlineData("Asia/Kolkata", "monday,tuesday,wednesday,thursday,friday", "09:00", "17:00", "2025-01-06T03:30Z", true)]
    [InlineData("Asia/Kolkata", "monday,tuesday,wednesday,thursday,friday", "09:00", "17:00", "2025-01-06T03:29Z", false)]
    // Friday night 22:00–06:00, Berlin: Saturday 05:59 is still Friday's window; Saturday 23:00 is in none.
    [InlineData("Europe/Berlin", "friday", "22:00", "06:00", "2025-01-10T20:59Z", false)]
    [InlineData("Europe/Berlin", "friday", "22:00", "06:00", "2025-01-10T21:00Z", true)]
    [InlineData("Europe/Berlin", "friday", "22:00", "06:00", "2025-01-11T04:59Z", true)]
    [InlineData("Europe/Berlin", "friday", "22:00", "06:00", "2025-01-11T05:00Z", false)]
    [InlineData("Europe/Berlin", "friday", "22:00", "06:00", "2025-01-11T22:00Z", false)]
    [InlineData("Europe/Berlin", "friday", "22:00", "06:00", "2025-01-09T22:00Z", false)]
    // Saturday night across spring-forward (2025-03-30): 22:00 CET until 06:00 CEST, seven real hours.
    [InlineData("Europe/Berlin", "saturday", "22:00", "06:00", "2025-03-29T20:59Z", false)]
    [InlineData("Europe/Berlin", "saturday", "22:00", "06:00", "2025-03-29T21:00Z", true)]
    [InlineData("Europe/Berlin", "saturday", "22:00", "06:00", "2025-03-30T03:59Z", true)]
    [InlineData("Europe/Berlin", "saturday", "22:00", "06:00", "2025-03-30T04:00Z", false)]
    // Saturday night across fall-back (2025-10-26): 22:00 CEST until 06:00 CET, nine real hours.
    [InlineData("Europe/Berlin", "saturday", "22:00", "06:00", "2025-10-25T19:59Z", false)]
    [InlineData("Europe/Berlin", "saturday", "22:00", "06:00", "2025-10-25T20:00Z", true)]
    [InlineData("Europe/Berlin", "saturday", "22:00", "06:00", "2025-10-26T04:59Z", true)]
    [InlineData("Europe/Berlin", "saturday", "22:00", "06:00", "2025-10-26T05:00Z", false)]
    // A window ending inside the repeated hour ends at its first occurrence and does not come back for the second.
    [InlineData("Europe/Berlin", "saturday", "22:00", "02:30", "2025-10-26T00:29Z", true)]
    [InlineData("Europe/Berlin", "saturday", "22:00", "02:30", "2025-10-26T00:30Z", false)]
    [InlineData("Europe/Berlin", "saturday", "22:00", "02:30", "2025-10-26T01:10Z", false)]
    // Sydney's fall-back (2025-04-06) inside a Saturday night window: 20:00 AEDT until 04:00 AEST, ten real hours.
    [InlineData("Australia/Sydney", "saturday", "20:00", "04:00", "2025-04-05T08:59Z", false)]
    [InlineData("Australia/Sydney", "saturday", "20:00", "04:00", "2025-04-05T09:00Z", true)]
    [InlineData("Australia/Sydney", "saturday", "20:00", "04:00", "2025-04-05T17:59Z", true)]
    [InlineData("Australia/Sydney", "saturday", "20:00", "04:00", "2025-04-05T18:00Z", false)]
    // A window starting in a skipped hour starts when the gap ends (Brazil, midnight on 2018-11-04).
    [InlineData("America/Sao_Paulo", "sunday", "00:00", "08:00", "2018-11-04T02:59Z", false)]
    [InlineData("America/Sao_Paulo", "sunday", "00:00", "08:00", "2018-11-04T03:00Z", true)]
    [InlineData("America/Sao_Paulo", "sunday", "00:00", "08:00", "2018-11-04T09:59Z", true)]
    [InlineData("America/Sao_Paulo", "sunday", "00:00", "08:00", "2018-11-04T10:00Z", false)]
    public void InCoverage_Window_IsTrueOnlyInsideTheLocalDaysAndHours(string zone, string days, string from, string to, string at, bool expected)
    {
        var window = new CoverageWindow(
            [.. days.Split(',').Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true))],
            TimeOnly.Parse(from, CultureInfo.InvariantCulture),
            TimeOnly.Parse(to, CultureInfo.InvariantCulture));
        var rotation = Create(zone, coverage: window);

        Assert.Equal(expected, OnCallSchedule.InCoverage(rotation, At(at)));
        Assert.Equal(expected, OnCallSchedule.At(rotation, [], At(at)).InCoverage);
    }

    [Theory]
    [InlineData("2025-01-11T03:00Z")]
    [InlineData("2025-03-30T01:30Z")]
    [InlineData("2025-10-26T01:30Z")]
    public void InCoverage_NoWindow_IsAlwaysTrue(string at)
    {
        Assert.True(OnCallSchedule.InCoverage(Create("Europe/Berlin"), At(at)));
    }
}
