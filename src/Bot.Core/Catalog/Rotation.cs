namespace Bot.Core.Catalog;

/// <summary>
/// A team's on-call schedule: who takes shifts, in what shape, how long a shift lasts and when (local time,
/// in <see cref="TimeZone"/>) one hands off to the next. Behaviour comes with the on-call feature.
/// </summary>
/// <param name="Period">The length of one shift; a whole number of days (weekly by default).</param>
/// <param name="StartDate">The local date of the first handoff: the anchor the schedule is computed from.</param>
/// <param name="Participants">Member ids in rotation order.</param>
/// <param name="Coverage">When the rotation is on duty; null means around the clock.</param>
/// <param name="EscalationPolicyId">The policy that applies when nobody acknowledges (one per rotation).</param>
public sealed record Rotation(
    string Id,
    string Name,
    string TeamId,
    RotationShape Shape,
    TimeSpan Period,
    DayOfWeek HandoffDay,
    TimeOnly HandoffTime,
    string TimeZone,
    DateOnly StartDate,
    IReadOnlyList<string> Participants,
    CoverageWindow? Coverage,
    string? EscalationPolicyId);

/// <summary>The shapes of the book's Tables 7.3–7.6.</summary>
public enum RotationShape
{
    /// <summary>One person every period, no backup.</summary>
    OnePersonFixed,
    /// <summary>One person per period, taking turns; no backup.</summary>
    OnePersonRotating,
    /// <summary>Two people; main and backup swap every period.</summary>
    MainBackupSwap,
    /// <summary>Three roles rotating round-robin: main, backup 1, backup 2.</summary>
    MainTwoBackups,
}

/// <summary>Local days and hours the rotation covers, e.g. Monday to Friday 09:00–17:00.</summary>
public sealed record CoverageWindow(IReadOnlyList<DayOfWeek> Days, TimeOnly From, TimeOnly To);
