namespace Bot.Core.OnCall;

/// <summary>
/// Turns a rotation's local wall-clock time into an instant, with defined answers where daylight saving makes the
/// local time ambiguous (fall-back: the first occurrence) or missing (spring-forward: the instant the gap ends).
/// </summary>
/// <remarks>
/// Only <see cref="TimeZoneInfo.GetUtcOffset(DateTime)"/> on UTC instants is used, the one query whose answer does not
/// depend on .NET's own handling of invalid or ambiguous local times. The offsets two days either side of a local time
/// bracket at most one transition: in tzdata, transitions of any zone are at least six days apart (1970–2045).
/// </remarks>
internal static class ZonedClock
{
    private static readonly TimeSpan Probe = TimeSpan.FromDays(2);

    /// <summary>The zone of an IANA id; throws <see cref="TimeZoneNotFoundException"/> for an unknown one.</summary>
    public static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    /// <summary>The wall-clock time in <paramref name="zone"/> at <paramref name="at"/>.</summary>
    public static DateTime LocalAt(TimeZoneInfo zone, DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).DateTime;

    /// <summary>
    /// The instant <paramref name="local"/> (a wall-clock time in <paramref name="zone"/>) happens, carrying the zone's
    /// offset at that instant: the earlier of two occurrences, or the end of the gap when the time is skipped.
    /// </summary>
    public static DateTimeOffset ToInstant(TimeZoneInfo zone, DateTime local)
    {
        var wall = DateTime.SpecifyKind(local, DateTimeKind.Utc);
        var before = OffsetAt(zone, wall - Probe);
        var after = OffsetAt(zone, wall + Probe);

        // Each candidate reads the wall time with one of the offsets; it is real when the zone agrees with that offset.
        var withBefore = wall - before;
        var withAfter = wall - after;
        var beforeFits = OffsetAt(zone, withBefore) == before;
        var afterFits = OffsetAt(zone, withAfter) == after;
        if (beforeFits && afterFits)
        {
            return At(zone, withBefore < withAfter ? withBefore : withAfter);
        }
        if (beforeFits || afterFits)
        {
            return At(zone, beforeFits ? withBefore : withAfter);
        }
        return At(zone, GapEnd(zone, wall, withAfter < withBefore ? withAfter : withBefore, withAfter < withBefore ? withBefore : withAfter));
    }

    /// <summary>
    /// The transition that skips <paramref name="wall"/>: the first instant whose wall clock is past it. Before the
    /// transition the clock shows less than <paramref name="wall"/>, from it on more, so a binary search finds it exactly.
    /// </summary>
    private static DateTime GapEnd(TimeZoneInfo zone, DateTime wall, DateTime earlier, DateTime later)
    {
        var low = earlier.Ticks;
        var high = later.Ticks;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var instant = new DateTime(middle, DateTimeKind.Utc);
            if (instant + OffsetAt(zone, instant) > wall)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }
        return new DateTime(low, DateTimeKind.Utc);
    }

    private static TimeSpan OffsetAt(TimeZoneInfo zone, DateTime utc) => zone.GetUtcOffset(utc);

    private static DateTimeOffset At(TimeZoneInfo zone, DateTime utc) =>
        new DateTimeOffset(utc, TimeSpan.Zero).ToOffset(OffsetAt(zone, utc));
}
