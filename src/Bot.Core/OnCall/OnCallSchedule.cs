using Bot.Core.Catalog;

namespace Bot.Core.OnCall;

/// <summary>
/// Who is on call, as a pure function of a rotation, its overrides and an instant. Handoffs happen at the rotation's
/// local handoff time in its time zone, whatever the UTC offset that day (docs/oncall.md has the daylight-saving rules).
/// </summary>
public static class OnCallSchedule
{
    /// <summary>The scheduled shift (no overrides) that contains <paramref name="at"/>.</summary>
    public static Shift ShiftAt(Rotation rotation, DateTimeOffset at) => throw new NotImplementedException();

    /// <summary><paramref name="count"/> consecutive scheduled shifts, the first being the one containing <paramref name="from"/>.</summary>
    public static IReadOnlyList<Shift> Shifts(Rotation rotation, DateTimeOffset from, int count) => throw new NotImplementedException();

    /// <summary>Who holds each role at <paramref name="at"/>, with <paramref name="overrides"/> (of this rotation) applied.</summary>
    public static OnCallNow At(Rotation rotation, IReadOnlyList<RotationOverride> overrides, DateTimeOffset at) => throw new NotImplementedException();

    /// <summary>The first handoff instant strictly after <paramref name="at"/>.</summary>
    public static DateTimeOffset NextHandoff(Rotation rotation, DateTimeOffset at) => throw new NotImplementedException();

    /// <summary>Whether <paramref name="at"/> lies inside the rotation's coverage window (always true without one).</summary>
    public static bool InCoverage(Rotation rotation, DateTimeOffset at) => throw new NotImplementedException();
}
