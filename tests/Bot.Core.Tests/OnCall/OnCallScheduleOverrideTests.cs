using Bot.Core.Catalog;
using Bot.Core.OnCall;
using static Bot.Core.Tests.OnCall.Rotations;

namespace Bot.Core.Tests.OnCall;

/// <summary>
/// Overrides replace the scheduled holder of one role while they last; the latest created wins. The rotation: Berlin,
/// weekly on Monday 09:00 from 2025-01-06, main + two backups; shift 0 (Jan 6–13) is ana / kwame, mei; shift 1 is
/// kwame / mei, ana.
/// </summary>
public sealed class OnCallScheduleOverrideTests
{
    private static readonly Rotation Rotation = Create("Europe/Berlin", "2025-01-06", shape: RotationShape.MainTwoBackups, participants: ["ana", "kwame", "mei"]);

    private static readonly DateTimeOffset ShiftZeroStart = At("2025-01-06T08:00Z");

    public static TheoryData<string, RotationOverride[], string, string, string, string, long[]> Cases => new()
    {
        {
            "no override", [], "2025-01-08T12:00Z", "ana", "kwame,mei", "2025-01-06T08:00Z", []
        },
        {
            "main override in force", [Override(1, "diego", "2025-01-08T08:00Z", "2025-01-09T08:00Z")],
            "2025-01-08T12:00Z", "diego", "kwame,mei", "2025-01-08T08:00Z", [1]
        },
        {
            "main override at its first instant", [Override(1, "diego", "2025-01-08T08:00Z", "2025-01-09T08:00Z")],
            "2025-01-08T08:00Z", "diego", "kwame,mei", "2025-01-08T08:00Z", [1]
        },
        {
            "main override ended mid-shift: the scheduled main is back since its end", [Override(1, "diego", "2025-01-08T08:00Z", "2025-01-09T08:00Z")],
            "2025-01-09T08:00Z", "ana", "kwame,mei", "2025-01-09T08:00Z", []
        },
        {
            "main override ended the day before", [Override(1, "diego", "2025-01-08T08:00Z", "2025-01-09T08:00Z")],
            "2025-01-10T12:00Z", "ana", "kwame,mei", "2025-01-09T08:00Z", []
        },
        {
            "main override not yet begun", [Override(1, "diego", "2025-01-08T08:00Z", "2025-01-09T08:00Z")],
            "2025-01-07T12:00Z", "ana", "kwame,mei", "2025-01-06T08:00Z", []
        },
        {
            "backup override only", [Override(1, "diego", "2025-01-07T08:00Z", "2025-01-08T08:00Z", OnCallRole.Backup)],
            "2025-01-07T12:00Z", "ana", "diego,mei", "2025-01-06T08:00Z", [1]
        },
        {
            "second backup override only", [Override(1, "diego", "2025-01-07T08:00Z", "2025-01-08T08:00Z", OnCallRole.SecondBackup)],
            "2025-01-07T12:00Z", "ana", "kwame,diego", "2025-01-06T08:00Z", [1]
        },
        {
            "both roles", [Override(1, "ana", "2025-01-07T08:00Z", "2025-01-08T08:00Z", OnCallRole.Backup), Override(2, "diego", "2025-01-07T08:00Z", "2025-01-08T08:00Z")],
            "2025-01-07T12:00Z", "diego", "ana,mei", "2025-01-07T08:00Z", [2, 1]
        },
        {
            "overlapping: the latest created wins over a higher id",
            [Override(5, "diego", "2025-01-07T00:00Z", "2025-01-09T00:00Z", createdAt: "2025-01-02T00:00Z"), Override(9, "lena", "2025-01-07T00:00Z", "2025-01-09T00:00Z", createdAt: "2025-01-01T00:00Z")],
            "2025-01-08T00:00Z", "diego", "kwame,mei", "2025-01-07T00:00Z", [5]
        },
        {
            "overlapping, created together: the higher id wins",
            [Override(9, "lena", "2025-01-07T00:00Z", "2025-01-09T00:00Z"), Override(5, "diego", "2025-01-07T00:00Z", "2025-01-09T00:00Z")],
            "2025-01-08T00:00Z", "lena", "kwame,mei", "2025-01-07T00:00Z", [9]
        },
        {
            "a newer short override inside an older long one, after the short one ended",
            [Override(1, "diego", "2025-01-07T08:00Z", "2025-01-10T08:00Z"), Override(2, "lena", "2025-01-08T08:00Z", "2025-01-09T08:00Z", createdAt: "2025-01-05T00:00Z")],
            "2025-01-09T12:00Z", "diego", "kwame,mei", "2025-01-09T08:00Z", [1]
        },
        {
            "an override by the shift's own main does not interrupt them", [Override(1, "ana", "2025-01-08T08:00Z", "2025-01-09T08:00Z")],
            "2025-01-08T12:00Z", "ana", "kwame,mei", "2025-01-06T08:00Z", [1]
        },
        {
            "back-to-back overrides by the same person are one stretch",
            [Override(1, "diego", "2025-01-07T08:00Z", "2025-01-08T08:00Z"), Override(2, "diego", "2025-01-08T08:00Z", "2025-01-09T08:00Z")],
            "2025-01-08T12:00Z", "diego", "kwame,mei", "2025-01-07T08:00Z", [2]
        },
        {
            "overrides by the same person with a break between",
            [Override(1, "diego", "2025-01-07T08:00Z", "2025-01-07T10:00Z"), Override(2, "diego", "2025-01-08T08:00Z", "2025-01-09T08:00Z")],
            "2025-01-08T12:00Z", "diego", "kwame,mei", "2025-01-08T08:00Z", [2]
        },
        {
            "an override across the handoff counts from the new shift's start",
            [Override(1, "diego", "2025-01-12T08:00Z", "2025-01-14T08:00Z")],
            "2025-01-13T12:00Z", "diego", "mei,ana", "2025-01-13T08:00Z", [1]
        },
        {
            "another rotation's override is ignored", [Override(1, "diego", "2025-01-07T00:00Z", "2025-01-09T00:00Z", rotationId: "checkout-primary")],
            "2025-01-08T00:00Z", "ana", "kwame,mei", "2025-01-06T08:00Z", []
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void At_Overrides_ReplaceTheirRoleWhileTheyLast(
        string scenario, RotationOverride[] overrides, string at, string main, string backups, string since, long[] inForce)
    {
        var now = OnCallSchedule.At(Rotation, overrides, At(at));

        Assert.True(main == now.Main, $"{scenario}: main is {now.Main}");
        Assert.Equal(backups, string.Join(',', now.Backups));
        Assert.Equal(At(since), now.Since);
        Assert.Equal(inForce, now.Overrides.Select(o => o.Id));
        var scheduled = OnCallSchedule.ShiftAt(Rotation, At(at));
        Assert.Equal((scheduled.Number, scheduled.Main, scheduled.Start), (now.Shift.Number, now.Shift.Main, now.Shift.Start));
        Assert.Equal(scheduled.Backups, now.Shift.Backups);
        Assert.True(now.InCoverage);
    }

    [Fact]
    public void At_Override_LeavesTheScheduledShiftUnchanged()
    {
        var now = OnCallSchedule.At(Rotation, [Override(1, "diego", "2025-01-08T08:00Z", "2025-01-09T08:00Z")], At("2025-01-08T12:00Z"));

        Assert.Equal(("ana", ShiftZeroStart), (now.Shift.Main, now.Shift.Start));
        Assert.Equal(["kwame", "mei"], now.Shift.Backups);
    }

    [Fact]
    public void At_BackupOverrideOnOnePersonShape_IsIgnored()
    {
        var rotation = Create("Europe/Berlin", "2025-01-06", shape: RotationShape.OnePersonRotating, participants: ["ana", "kwame"]);

        var now = OnCallSchedule.At(rotation, [Override(1, "diego", "2025-01-07T00:00Z", "2025-01-09T00:00Z", OnCallRole.Backup)], At("2025-01-08T00:00Z"));

        Assert.Equal("ana", now.Main);
        Assert.Empty(now.Backups);
        Assert.Empty(now.Overrides);
    }

    [Fact]
    public void At_OverrideAcrossDaylightSavingChange_HoldsUntilItsInstant()
    {
        // Diego covers Saturday 12:00 CET to Sunday 12:00 CEST, the night Berlin springs forward: 23 real hours.
        var overrides = new[] { Override(1, "diego", "2025-03-29T11:00Z", "2025-03-30T10:00Z") };

        Assert.Equal("diego", OnCallSchedule.At(Rotation, overrides, At("2025-03-30T09:59Z")).Main);
        // Shift 11 (Mar 24–31): mei is the scheduled main again.
        Assert.Equal("mei", OnCallSchedule.At(Rotation, overrides, At("2025-03-30T10:00Z")).Main);
    }

    [Fact]
    public void Timeline_OverrideMidShift_SplitsTheShiftWhereHoldersChange()
    {
        var overrides = new[] { Override(1, "diego", "2025-01-08T08:00Z", "2025-01-09T08:00Z") };

        var periods = OnCallSchedule.Timeline(Rotation, overrides, ShiftZeroStart, At("2025-01-20T08:00Z"));

        Assert.Equal(
            [
                ("2025-01-06T08:00Z", "2025-01-08T08:00Z", 0L, "ana", "kwame,mei", 0),
                ("2025-01-08T08:00Z", "2025-01-09T08:00Z", 0L, "diego", "kwame,mei", 1),
                ("2025-01-09T08:00Z", "2025-01-13T08:00Z", 0L, "ana", "kwame,mei", 0),
                ("2025-01-13T08:00Z", "2025-01-20T08:00Z", 1L, "kwame", "mei,ana", 0),
            ],
            periods.Select(p => (Utc(p.From), Utc(p.To), p.Shift.Number, p.Main, string.Join(',', p.Backups), p.Overrides.Count)));
    }

    [Fact]
    public void Timeline_OverrideAcrossHandoffAndRangeEdges_ClipsToTheRangeAndSplitsAtTheHandoff()
    {
        var overrides = new[]
        {
            Override(1, "diego", "2025-01-12T08:00Z", "2025-01-14T08:00Z"),
            Override(2, "lena", "2025-01-01T00:00Z", "2025-01-30T00:00Z", OnCallRole.SecondBackup),
        };

        var periods = OnCallSchedule.Timeline(Rotation, overrides, At("2025-01-11T00:00Z"), At("2025-01-15T00:00Z"));

        Assert.Equal(
            [
                ("2025-01-11T00:00Z", "2025-01-12T08:00Z", 0L, "ana", "kwame,lena"),
                ("2025-01-12T08:00Z", "2025-01-13T08:00Z", 0L, "diego", "kwame,lena"),
                ("2025-01-13T08:00Z", "2025-01-14T08:00Z", 1L, "diego", "mei,lena"),
                ("2025-01-14T08:00Z", "2025-01-15T00:00Z", 1L, "kwame", "mei,lena"),
            ],
            periods.Select(p => (Utc(p.From), Utc(p.To), p.Shift.Number, p.Main, string.Join(',', p.Backups))));
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
