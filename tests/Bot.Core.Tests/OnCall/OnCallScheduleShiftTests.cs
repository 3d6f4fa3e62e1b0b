using Bot.Core.OnCall;
using static Bot.Core.Tests.OnCall.Rotations;

namespace Bot.Core.Tests.OnCall;

/// <summary>Which shift contains an instant, for periods of 1, 7 and 14 days, at and around handoffs and before the start date.</summary>
public sealed class OnCallScheduleShiftTests
{
    [Theory]
    // 1 day, no daylight saving: the instant before the handoff is yesterday's shift.
    [InlineData("Asia/Kolkata", "2025-01-01", "09:00", 1, "2025-03-10T03:29:59Z", 67, "2025-03-09T03:30Z", "2025-03-10T03:30Z")]
    [InlineData("Asia/Kolkata", "2025-01-01", "09:00", 1, "2025-03-10T03:30Z", 68, "2025-03-10T03:30Z", "2025-03-11T03:30Z")]
    // 14 days across New York's spring-forward on 2025-03-09: that shift is an hour short.
    [InlineData("America/New_York", "2025-01-07", "10:00", 14, "2025-03-18T13:59:59Z", 4, "2025-03-04T15:00Z", "2025-03-18T14:00Z")]
    [InlineData("America/New_York", "2025-01-07", "10:00", 14, "2025-03-18T14:00Z", 5, "2025-03-18T14:00Z", "2025-04-01T14:00Z")]
    // 14 days across São Paulo's last fall-back (2018-02-18): that shift is an hour long.
    [InlineData("America/Sao_Paulo", "2018-01-03", "10:00", 14, "2018-02-20T00:00Z", 3, "2018-02-14T12:00Z", "2018-02-28T13:00Z")]
    // 7 days in UTC, at the first handoff and a tick before it.
    [InlineData("Etc/UTC", "2025-01-06", "08:00", 7, "2025-01-06T08:00Z", 0, "2025-01-06T08:00Z", "2025-01-13T08:00Z")]
    [InlineData("Etc/UTC", "2025-01-06", "08:00", 7, "2025-01-06T07:59:59.9999999Z", -1, "2024-12-30T08:00Z", "2025-01-06T08:00Z")]
    // Before the start date, shift numbers count down and keep the same days and times.
    [InlineData("Australia/Sydney", "2025-01-07", "10:00", 14, "2024-12-24T00:00Z", -1, "2024-12-23T23:00Z", "2025-01-06T23:00Z")]
    [InlineData("Australia/Sydney", "2025-01-07", "10:00", 14, "2024-12-23T22:59:59Z", -2, "2024-12-09T23:00Z", "2024-12-23T23:00Z")]
    [InlineData("Europe/Berlin", "2025-01-06", "09:00", 7, "2020-01-01T00:00Z", -262, "2019-12-30T08:00Z", "2020-01-06T08:00Z")]
    // The local date alone would guess the wrong shift: 08:00 local on handoff day is still the previous one.
    [InlineData("Europe/Berlin", "2025-01-06", "09:00", 7, "2025-01-13T07:00Z", 0, "2025-01-06T08:00Z", "2025-01-13T08:00Z")]
    // A zone far from UTC: Monday 09:00 in Sydney is still Sunday in UTC.
    [InlineData("Australia/Sydney", "2025-01-06", "09:00", 7, "2025-01-12T22:00Z", 1, "2025-01-12T22:00Z", "2025-01-19T22:00Z")]
    public void ShiftAt_Period_ReturnsTheShiftContainingTheInstant(
        string zone, string startDate, string handoffTime, int periodDays, string at, long number, string start, string end)
    {
        var rotation = Create(zone, startDate, handoffTime, periodDays);

        var shift = OnCallSchedule.ShiftAt(rotation, At(at));

        Assert.Equal((number, At(start), At(end)), (shift.Number, shift.Start, shift.End));
        Assert.Equal("payments-primary", shift.RotationId);
    }

    [Theory]
    [InlineData("2025-01-06T07:00Z", "2025-01-06T08:00Z")]
    [InlineData("2025-01-06T08:00Z", "2025-01-13T08:00Z")]
    [InlineData("2025-03-24T08:00Z", "2025-03-31T07:00Z")]
    [InlineData("2024-12-01T12:00Z", "2024-12-02T08:00Z")]
    public void NextHandoff_Instant_IsTheFirstHandoffStrictlyAfterIt(string at, string next)
    {
        var rotation = Create("Europe/Berlin", "2025-01-06");

        Assert.Equal(At(next), OnCallSchedule.NextHandoff(rotation, At(at)));
    }

    [Fact]
    public void Shifts_Count_AreConsecutiveFromTheOneContainingTheInstant()
    {
        var rotation = Create("Europe/Berlin", "2025-01-06", shape: Catalog.RotationShape.MainBackupSwap, participants: ["ana", "kwame"]);

        var shifts = OnCallSchedule.Shifts(rotation, At("2025-03-20T12:00Z"), 3);

        Assert.Equal([10L, 11L, 12L], shifts.Select(s => s.Number));
        Assert.Equal([At("2025-03-17T08:00Z"), At("2025-03-24T08:00Z"), At("2025-03-31T07:00Z")], shifts.Select(s => s.Start));
        Assert.Equal(shifts[1].Start, shifts[0].End);
        Assert.Equal(shifts[2].Start, shifts[1].End);
        Assert.Equal(["ana", "kwame", "ana"], shifts.Select(s => s.Main));
        Assert.Empty(OnCallSchedule.Shifts(rotation, At("2025-03-20T12:00Z"), 0));
    }

    [Theory]
    // [from, to): a handoff exactly at from is included, one exactly at to is not.
    [InlineData("2025-01-06T08:00Z", "2025-01-20T08:00Z", "2025-01-06T08:00Z,2025-01-13T08:00Z")]
    [InlineData("2025-01-06T08:00:01Z", "2025-01-20T08:00:01Z", "2025-01-13T08:00Z,2025-01-20T08:00Z")]
    [InlineData("2025-01-07T00:00Z", "2025-01-08T00:00Z", "")]
    // Across Berlin's spring-forward on 2025-03-30: 09:00 local is 08:00Z, then 07:00Z.
    [InlineData("2025-03-20T00:00Z", "2025-04-10T00:00Z", "2025-03-24T08:00Z,2025-03-31T07:00Z,2025-04-07T07:00Z")]
    public void HandoffsBetween_Range_ListsHandoffsFromInclusiveToExclusive(string from, string to, string expected)
    {
        var rotation = Create("Europe/Berlin", "2025-01-06");

        var handoffs = OnCallSchedule.HandoffsBetween(rotation, At(from), At(to));

        Assert.Equal(expected, string.Join(',', handoffs.Select(h => h.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture))));
        Assert.All(handoffs, h => Assert.Equal((h.At, h.At), (h.Outgoing.End, h.Incoming.Start)));
        Assert.All(handoffs, h => Assert.Equal(h.Outgoing.Number + 1, h.Incoming.Number));
    }

    [Fact]
    public void HandoffsBetween_FirstHandoffAtStartDate_OutgoingIsTheShiftBefore()
    {
        var rotation = Create("Europe/Berlin", "2025-01-06");

        var handoff = Assert.Single(OnCallSchedule.HandoffsBetween(rotation, At("2025-01-06T08:00Z"), At("2025-01-06T09:00Z")));

        Assert.Equal((-1L, "diego", 0L, "ana"), (handoff.Outgoing.Number, handoff.Outgoing.Main, handoff.Incoming.Number, handoff.Incoming.Main));
    }

    [Theory]
    [InlineData("Europe/Berlin", "2025-03-31T07:00Z", "Mon 2025-03-31 09:00 Europe/Berlin (UTC+02:00)")]
    [InlineData("America/New_York", "2025-11-02T05:30Z", "Sun 2025-11-02 01:30 America/New_York (UTC-04:00)")]
    [InlineData("America/New_York", "2025-11-02T06:30Z", "Sun 2025-11-02 01:30 America/New_York (UTC-05:00)")]
    [InlineData("Asia/Kolkata", "2025-01-06T03:30Z", "Mon 2025-01-06 09:00 Asia/Kolkata (UTC+05:30)")]
    public void DescribeLocal_Instant_ShowsWallClockZoneAndOffset(string zone, string at, string expected)
    {
        Assert.Equal(expected, OnCallSchedule.DescribeLocal(Create(zone), At(at)));
    }

    [Fact]
    public void ShiftAt_PeriodNotWholeDays_Throws()
    {
        var rotation = Create() with { Period = TimeSpan.FromHours(12) };

        var error = Assert.Throws<ArgumentException>(() => OnCallSchedule.ShiftAt(rotation, At("2025-01-06T08:00Z")));
        Assert.Contains("whole number of days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ShiftAt_NoParticipants_Throws()
    {
        var rotation = Create(participants: []);

        Assert.Throws<ArgumentException>(() => OnCallSchedule.ShiftAt(rotation, At("2025-01-06T08:00Z")));
    }

    [Fact]
    public void ShiftAt_UnknownTimeZone_Throws()
    {
        var rotation = Create("Europe/Berlinn");

        Assert.Throws<TimeZoneNotFoundException>(() => OnCallSchedule.ShiftAt(rotation, At("2025-01-06T08:00Z")));
    }
}
