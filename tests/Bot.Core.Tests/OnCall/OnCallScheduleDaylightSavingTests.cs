using Bot.Core.OnCall;
using static Bot.Core.Tests.OnCall.Rotations;

namespace Bot.Core.Tests.OnCall;

/// <summary>
/// Handoffs stay at local time across daylight-saving changes; local times that a change skips or repeats have the
/// outcomes docs/oncall.md documents. Expected instants are worked out by hand from each zone's rules.
/// </summary>
public sealed class OnCallScheduleDaylightSavingTests
{
    /// <summary>Weekly Sunday 09:00 handoffs; the Sunday is the day the clocks change (or, for Brazil after 2019, would have).</summary>
    [Theory]
    // Europe/Berlin: last Sunday of March 02:00 → 03:00 (CET +1 → CEST +2), last Sunday of October 03:00 → 02:00.
    [InlineData("Europe/Berlin", "2018-03-25T07:00Z", 167)]
    [InlineData("Europe/Berlin", "2018-10-28T08:00Z", 169)]
    [InlineData("Europe/Berlin", "2021-03-28T07:00Z", 167)]
    [InlineData("Europe/Berlin", "2021-10-31T08:00Z", 169)]
    [InlineData("Europe/Berlin", "2025-03-30T07:00Z", 167)]
    [InlineData("Europe/Berlin", "2025-10-26T08:00Z", 169)]
    [InlineData("Europe/Berlin", "2030-03-31T07:00Z", 167)]
    [InlineData("Europe/Berlin", "2030-10-27T08:00Z", 169)]
    // America/New_York: second Sunday of March 02:00 → 03:00 (EST −5 → EDT −4), first Sunday of November 02:00 → 01:00.
    [InlineData("America/New_York", "2018-03-11T13:00Z", 167)]
    [InlineData("America/New_York", "2018-11-04T14:00Z", 169)]
    [InlineData("America/New_York", "2024-03-10T13:00Z", 167)]
    [InlineData("America/New_York", "2024-11-03T14:00Z", 169)]
    [InlineData("America/New_York", "2030-03-10T13:00Z", 167)]
    [InlineData("America/New_York", "2030-11-03T14:00Z", 169)]
    // Australia/Sydney (southern summer): first Sunday of April 03:00 → 02:00 (AEDT +11 → AEST +10), first Sunday of October 02:00 → 03:00.
    [InlineData("Australia/Sydney", "2018-03-31T23:00Z", 169)]
    [InlineData("Australia/Sydney", "2018-10-06T22:00Z", 167)]
    [InlineData("Australia/Sydney", "2025-04-05T23:00Z", 169)]
    [InlineData("Australia/Sydney", "2025-10-04T22:00Z", 167)]
    [InlineData("Australia/Sydney", "2029-03-31T23:00Z", 169)]
    [InlineData("Australia/Sydney", "2029-10-06T22:00Z", 167)]
    // America/Sao_Paulo: summer time ended at midnight on 2018-02-18 and 2019-02-17 and began at midnight on 2018-11-04;
    // Brazil abolished it in 2019, so the first Sunday of November 2019 and 2025 is an ordinary week.
    [InlineData("America/Sao_Paulo", "2018-02-18T12:00Z", 169)]
    [InlineData("America/Sao_Paulo", "2018-11-04T11:00Z", 167)]
    [InlineData("America/Sao_Paulo", "2019-02-17T12:00Z", 169)]
    [InlineData("America/Sao_Paulo", "2019-11-03T12:00Z", 168)]
    [InlineData("America/Sao_Paulo", "2025-11-02T12:00Z", 168)]
    // No daylight saving: every week is 168 hours.
    [InlineData("Asia/Kolkata", "2025-03-30T03:30Z", 168)]
    [InlineData("Asia/Kolkata", "2025-10-26T03:30Z", 168)]
    [InlineData("Etc/UTC", "2025-03-30T09:00Z", 168)]
    [InlineData("UTC", "2025-10-26T09:00Z", 168)]
    public void ShiftAt_WeeklyHandoffOnChangeoverDay_StaysAtNineLocalAndStretchesTheWeekBefore(string zone, string handoff, int hoursOfWeekBefore)
    {
        var rotation = Create(zone, startDate: "2017-01-01", handoffTime: "09:00");
        var at = At(handoff);

        var incoming = OnCallSchedule.ShiftAt(rotation, at);
        var outgoing = OnCallSchedule.ShiftAt(rotation, at.AddTicks(-1));

        Assert.Equal(at, incoming.Start);
        Assert.Equal(at, outgoing.End);
        Assert.Equal(incoming.Number - 1, outgoing.Number);
        Assert.Equal(TimeSpan.FromHours(hoursOfWeekBefore), outgoing.End - outgoing.Start);
        Assert.EndsWith("09:00", Local(incoming.Start, zone)[..16], StringComparison.Ordinal);
        Assert.Equal(Local(incoming.Start, zone), incoming.Start.ToString("yyyy-MM-dd HH:mm zzz", System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>A handoff time the spring-forward change skips happens when the gap ends: the first instant after it.</summary>
    [Theory]
    [InlineData("Europe/Berlin", "2018-03-25", "02:30", "2018-03-25T03:00+02:00")]
    [InlineData("Europe/Berlin", "2025-03-30", "02:30", "2025-03-30T03:00+02:00")]
    [InlineData("Europe/Berlin", "2030-03-31", "02:00", "2030-03-31T03:00+02:00")]
    [InlineData("Europe/Berlin", "2030-03-31", "02:59", "2030-03-31T03:00+02:00")]
    [InlineData("America/New_York", "2025-03-09", "02:30", "2025-03-09T03:00-04:00")]
    [InlineData("America/New_York", "2020-03-08", "02:30", "2020-03-08T03:00-04:00")]
    [InlineData("Australia/Sydney", "2025-10-05", "02:30", "2025-10-05T03:00+11:00")]
    [InlineData("Australia/Sydney", "2019-10-06", "02:30", "2019-10-06T03:00+11:00")]
    // Brazil's summer time began at midnight: 00:00–00:59 never happened on 2018-11-04.
    [InlineData("America/Sao_Paulo", "2018-11-04", "00:30", "2018-11-04T01:00-02:00")]
    // Lord Howe Island moves its clocks by 30 minutes: 02:00 → 02:30.
    [InlineData("Australia/Lord_Howe", "2025-10-05", "02:15", "2025-10-05T02:30+11:00")]
    // Samoa skipped the whole of 30 December 2011 when it crossed the date line (−10 → +14).
    [InlineData("Pacific/Apia", "2011-12-30", "09:00", "2011-12-31T00:00+14:00")]
    public void ShiftAt_HandoffInSpringForwardGap_StartsWhenTheGapEnds(string zone, string day, string handoffTime, string expected)
    {
        var rotation = Create(zone, startDate: "2011-01-01", handoffTime: handoffTime, periodDays: 1);
        var start = At(expected);

        var shift = OnCallSchedule.ShiftAt(rotation, start);

        Assert.Equal(start, shift.Start);
        Assert.Equal(start.Offset, shift.Start.Offset);
        Assert.Equal(Date(day).DayNumber - Date("2011-01-01").DayNumber, shift.Number);
        Assert.Equal(shift.Number - 1, OnCallSchedule.ShiftAt(rotation, start.AddTicks(-1)).Number);
    }

    /// <summary>A handoff time the fall-back change repeats happens at its first occurrence (the earlier instant, summer offset).</summary>
    [Theory]
    [InlineData("Europe/Berlin", "2018-10-28", "02:30", "2018-10-28T02:30+02:00", 25)]
    [InlineData("Europe/Berlin", "2025-10-26", "02:30", "2025-10-26T02:30+02:00", 25)]
    [InlineData("Europe/Berlin", "2029-10-28", "02:00", "2029-10-28T02:00+02:00", 25)]
    [InlineData("America/New_York", "2025-11-02", "01:30", "2025-11-02T01:30-04:00", 25)]
    [InlineData("America/New_York", "2019-11-03", "01:00", "2019-11-03T01:00-04:00", 25)]
    [InlineData("Australia/Sydney", "2025-04-06", "02:30", "2025-04-06T02:30+11:00", 25)]
    [InlineData("Australia/Sydney", "2028-04-02", "02:30", "2028-04-02T02:30+11:00", 25)]
    // Brazil's summer time ended at midnight: 23:00–23:59 on 2018-02-17 happened twice.
    [InlineData("America/Sao_Paulo", "2018-02-17", "23:30", "2018-02-17T23:30-02:00", 25)]
    [InlineData("Australia/Lord_Howe", "2025-04-06", "01:45", "2025-04-06T01:45+11:00", 24.5)]
    public void ShiftAt_HandoffInRepeatedHour_StartsAtFirstOccurrence(string zone, string day, string handoffTime, string expected, double hoursOfShift)
    {
        var rotation = Create(zone, startDate: "2011-01-01", handoffTime: handoffTime, periodDays: 1);
        var first = At(expected);

        var shift = OnCallSchedule.ShiftAt(rotation, first);
        var secondOccurrence = first.AddHours(hoursOfShift - 24);

        Assert.Equal(first, shift.Start);
        Assert.Equal(first.Offset, shift.Start.Offset);
        Assert.Equal(Date(day).DayNumber - Date("2011-01-01").DayNumber, shift.Number);
        Assert.Equal(shift.Number, OnCallSchedule.ShiftAt(rotation, secondOccurrence).Number);
        Assert.Equal(TimeSpan.FromHours(hoursOfShift), shift.End - shift.Start);
    }

    [Fact]
    public void ShiftAt_SamoaSkipsADay_ShiftsAroundTheSkippedDayAreShortened()
    {
        var rotation = Create("Pacific/Apia", startDate: "2011-12-01", handoffTime: "09:00", periodDays: 1);

        var before = OnCallSchedule.ShiftAt(rotation, At("2011-12-29T09:00-10:00"));
        var skipped = OnCallSchedule.ShiftAt(rotation, before.End);

        Assert.Equal(At("2011-12-30T10:00Z"), before.End);
        Assert.Equal(TimeSpan.FromHours(15), before.End - before.Start);
        Assert.Equal(At("2011-12-31T09:00+14:00"), skipped.End);
        Assert.Equal(TimeSpan.FromHours(9), skipped.End - skipped.Start);
    }

    /// <summary>
    /// Every weekly handoff from 2018 to 2030 is at 09:00 local, seven local days after the last, with no gap or overlap
    /// between shifts; exactly the weeks holding a clock change are an hour shorter or longer.
    /// </summary>
    [Theory]
    [InlineData("Europe/Berlin", 13, 13)]
    [InlineData("America/New_York", 13, 13)]
    [InlineData("Australia/Sydney", 13, 13)]
    [InlineData("America/Sao_Paulo", 1, 2)]
    [InlineData("Asia/Kolkata", 0, 0)]
    [InlineData("Etc/UTC", 0, 0)]
    public void HandoffsBetween_ThirteenYears_StayAtLocalTimeAndOnlyChangeoverWeeksDifferInLength(string zone, int shortWeeks, int longWeeks)
    {
        var rotation = Create(zone, startDate: "2017-01-01", handoffTime: "09:00", shape: Catalog.RotationShape.MainTwoBackups, participants: ["ana", "kwame", "mei"]);

        var handoffs = OnCallSchedule.HandoffsBetween(rotation, At("2018-01-01T00:00Z"), At("2031-01-01T00:00Z"));

        Assert.Equal(678, handoffs.Count);
        Assert.All(handoffs, h => Assert.Equal("09:00", Local(h.At, zone).Substring(11, 5)));
        Assert.All(handoffs, h => Assert.Equal(DayOfWeek.Sunday, TimeZoneInfo.ConvertTime(h.At, TimeZoneInfo.FindSystemTimeZoneById(zone)).DayOfWeek));
        Assert.All(handoffs, h => Assert.Equal((h.At, h.At, h.Outgoing.Number + 1), (h.Outgoing.End, h.Incoming.Start, h.Incoming.Number)));
        // The book's Table 7.6: backup 1 becomes main, backup 2 becomes backup 1, main becomes backup 2.
        Assert.All(handoffs, h => Assert.Equal(new[] { h.Outgoing.Backups[0], h.Outgoing.Backups[1], h.Outgoing.Main }, h.Incoming.Backups.Prepend(h.Incoming.Main)));
        var lengths = handoffs.Skip(1).Select(h => (h.Outgoing.End - h.Outgoing.Start).TotalHours).ToList();
        Assert.Equal(shortWeeks, lengths.Count(hours => hours == 167));
        Assert.Equal(longWeeks, lengths.Count(hours => hours == 169));
        Assert.Equal(lengths.Count, lengths.Count(hours => hours is 167 or 168 or 169));
    }
}
