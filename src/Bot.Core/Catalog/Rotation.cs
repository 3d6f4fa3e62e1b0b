using System.Globalization;

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
    string? EscalationPolicyId)
{
    /// <summary>Whether the shape has a backup to escalate to (Tables 7.5 and 7.6).</summary>
    public bool HasBackup => Shape is RotationShape.MainBackupSwap or RotationShape.MainTwoBackups;
}

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
public sealed record CoverageWindow(IReadOnlyList<DayOfWeek> Days, TimeOnly From, TimeOnly To)
{
    private static readonly DayOfWeek[] Week =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    /// <summary>
    /// The window as people write it, Monday first, runs of three or more days joined by a dash:
    /// <c>Mon–Fri 09:00–17:00</c>, <c>Fri, Sat 22:00–06:00</c>, <c>daily 08:00–20:00</c>.
    /// </summary>
    public string Describe()
    {
        var days = Week.Where(Days.Contains).ToList();
        var runs = new List<string>();
        for (var i = 0; i < days.Count;)
        {
            var j = i;
            while (j + 1 < days.Count && Array.IndexOf(Week, days[j + 1]) == Array.IndexOf(Week, days[j]) + 1)
            {
                j++;
            }
            runs.Add(j - i >= 2 ? $"{Short(days[i])}–{Short(days[j])}" : string.Join(", ", days[i..(j + 1)].Select(Short)));
            i = j + 1;
        }
        var when = days.Count == Week.Length ? "daily" : string.Join(", ", runs);
        return $"{when} {From.ToString("HH:mm", CultureInfo.InvariantCulture)}–{To.ToString("HH:mm", CultureInfo.InvariantCulture)}";
    }

    private static string Short(DayOfWeek day) => day.ToString()[..3];
}
