using System.Globalization;
using Bot.Core.Catalog;

namespace Bot.Core.OnCall;

/// <summary>
/// Who is on call, as a pure function of a rotation, its overrides and an instant. Handoffs happen at the rotation's
/// local handoff time in its time zone, whatever the UTC offset that day (docs/oncall.md has the daylight-saving rules).
/// </summary>
/// <remarks>
/// Shift <c>n</c> starts at local <c>StartDate + n × Period</c> at <c>HandoffTime</c>, in <c>TimeZone</c>; shifts
/// before the start date have negative numbers and take their turn in the same order. Instants (shift starts and ends)
/// carry the rotation's UTC offset at that instant, so they print as local time. Throws
/// <see cref="TimeZoneNotFoundException"/> for an unknown zone and <see cref="ArgumentException"/> for a period that is
/// not a positive whole number of days or a rotation without participants; the catalog rejects both.
/// </remarks>
public static class OnCallSchedule
{
    /// <summary>The scheduled shift (no overrides) that contains <paramref name="at"/>.</summary>
    public static Shift ShiftAt(Rotation rotation, DateTimeOffset at)
    {
        var clock = new RotationClock(rotation);
        return clock.Shift(clock.NumberAt(at));
    }

    /// <summary>Scheduled shift number <paramref name="number"/> (0 starts on the rotation's start date; negative ones precede it).</summary>
    public static Shift ShiftByNumber(Rotation rotation, long number) => new RotationClock(rotation).Shift(number);

    /// <summary><paramref name="count"/> consecutive scheduled shifts, the first being the one containing <paramref name="from"/>.</summary>
    /// <remarks>A shift whose whole local span is skipped by a time-zone change (Samoa, 30 December 2011) lasts no time and is left out.</remarks>
    public static IReadOnlyList<Shift> Shifts(Rotation rotation, DateTimeOffset from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var clock = new RotationClock(rotation);
        var shifts = new List<Shift>(count);
        var number = clock.NumberAt(from);
        while (shifts.Count < count)
        {
            var shift = clock.Shift(number++);
            if (shift.End > shift.Start)
            {
                shifts.Add(shift);
            }
        }
        return shifts;
    }

    /// <summary>Who holds each role at <paramref name="at"/>, with <paramref name="overrides"/> (of this rotation) applied.</summary>
    /// <remarks>
    /// Of the overrides of this rotation with <c>From ≤ at &lt; To</c>, the latest created (then the highest id) wins
    /// per role; an override of a role the shift does not have (a backup in a one-person shape) is ignored.
    /// <see cref="OnCallNow.Overrides"/> lists the winning ones, main first. <see cref="OnCallNow.Since"/> is the start
    /// of the stretch, within the current shift, in which <see cref="OnCallNow.Main"/> has been main without a break:
    /// pass the overrides since the shift's start for it to see earlier interruptions.
    /// </remarks>
    public static OnCallNow At(Rotation rotation, IReadOnlyList<RotationOverride> overrides, DateTimeOffset at)
    {
        var shift = ShiftAt(rotation, at);
        var inForce = InForce(rotation, shift, overrides, at);
        var main = inForce.FirstOrDefault(o => o.Role == OnCallRole.Main)?.MemberId ?? shift.Main;
        var backups = shift.Backups.ToArray();
        foreach (var taken in inForce.Where(o => o.Role != OnCallRole.Main))
        {
            backups[BackupIndex(taken.Role)] = taken.MemberId;
        }
        return new OnCallNow(shift, main, backups, MainSince(rotation, shift, overrides, at, main), InCoverage(rotation, at), inForce);
    }

    /// <summary>The first handoff instant strictly after <paramref name="at"/>.</summary>
    public static DateTimeOffset NextHandoff(Rotation rotation, DateTimeOffset at) => ShiftAt(rotation, at).End;

    /// <summary>
    /// Every handoff at an instant in [<paramref name="from"/>, <paramref name="to"/>), in order, with the shift
    /// handing over and the one taking over: what a scheduler needs to post handoff prompts.
    /// </summary>
    public static IReadOnlyList<Handoff> HandoffsBetween(Rotation rotation, DateTimeOffset from, DateTimeOffset to)
    {
        var clock = new RotationClock(rotation);
        var handoffs = new List<Handoff>();
        var current = clock.Shift(clock.NumberAt(from));
        var outgoing = current.Start == from ? clock.Shift(clock.NumberAt(from.AddTicks(-1))) : current;
        var at = current.Start == from ? from : current.End;
        while (at < to)
        {
            var incoming = clock.Shift(clock.NumberAt(at));
            handoffs.Add(new Handoff(at, outgoing, incoming));
            outgoing = incoming;
            at = incoming.End;
        }
        return handoffs;
    }

    /// <summary>
    /// Who holds the roles from <paramref name="from"/> until <paramref name="to"/>, overrides applied: one period per
    /// stretch in which the shift, its holders and the overrides in force stay the same. Unlike looking at each shift's
    /// start, this shows an override that begins or ends in the middle of a shift.
    /// </summary>
    public static IReadOnlyList<OnCallPeriod> Timeline(Rotation rotation, IReadOnlyList<RotationOverride> overrides, DateTimeOffset from, DateTimeOffset to)
    {
        var boundaries = new SortedSet<DateTimeOffset> { from };
        foreach (var handoff in HandoffsBetween(rotation, from, to))
        {
            boundaries.Add(handoff.At);
        }
        foreach (var o in overrides.Where(o => o.RotationId == rotation.Id))
        {
            foreach (var edge in (DateTimeOffset[])[o.From, o.To])
            {
                if (edge > from && edge < to)
                {
                    boundaries.Add(edge);
                }
            }
        }

        var periods = new List<OnCallPeriod>();
        var starts = boundaries.Where(b => b < to).ToList();
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1] : to;
            var now = At(rotation, overrides, starts[i]);
            var period = new OnCallPeriod(starts[i], end, now.Shift, now.Main, now.Backups, now.Overrides);
            if (periods.Count > 0 && periods[^1] is var last && SameHolders(last, period))
            {
                periods[^1] = last with { To = end };
            }
            else
            {
                periods.Add(period);
            }
        }
        return periods;
    }

    /// <summary>Whether <paramref name="at"/> lies inside the rotation's coverage window (always true without one).</summary>
    /// <remarks>
    /// A window is the local day's <c>From</c> until <c>To</c> (the next day's when <c>To ≤ From</c>: it crosses
    /// midnight and belongs to the day it starts), each end turned into an instant by the handoff rules.
    /// </remarks>
    public static bool InCoverage(Rotation rotation, DateTimeOffset at)
    {
        if (rotation.Coverage is not { } window)
        {
            return true;
        }
        var zone = ZonedClock.Zone(rotation.TimeZone);
        var today = DateOnly.FromDateTime(ZonedClock.LocalAt(zone, at));
        var crossesMidnight = window.To <= window.From;
        // Yesterday's window may run past midnight; around a transition at midnight, tomorrow's may already have begun.
        for (var day = today.AddDays(-1); day <= today.AddDays(1); day = day.AddDays(1))
        {
            if (!window.Days.Contains(day.DayOfWeek))
            {
                continue;
            }
            var start = ZonedClock.ToInstant(zone, day.ToDateTime(window.From));
            var end = ZonedClock.ToInstant(zone, (crossesMidnight ? day.AddDays(1) : day).ToDateTime(window.To));
            if (start <= at && at < end)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The roles the rotation's shifts have: main, then the backups its shape and participants give.</summary>
    public static IReadOnlyList<OnCallRole> Roles(Rotation rotation) =>
        [OnCallRole.Main, .. new[] { OnCallRole.Backup, OnCallRole.SecondBackup }.Take(BackupCount(rotation))];

    /// <summary><paramref name="at"/> in the rotation's time zone (the same instant, with that zone's offset).</summary>
    public static DateTimeOffset ToLocal(Rotation rotation, DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, ZonedClock.Zone(rotation.TimeZone));

    /// <summary>An instant as the rotation's people read it, e.g. <c>Mon 2025-03-31 09:00 Europe/Berlin (UTC+02:00)</c>.</summary>
    public static string DescribeLocal(Rotation rotation, DateTimeOffset at)
    {
        var local = ToLocal(rotation, at);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{local:ddd yyyy-MM-dd HH:mm} {rotation.TimeZone} (UTC{sign}{offset.Duration():hh\\:mm})");
    }

    private static List<RotationOverride> InForce(Rotation rotation, Shift shift, IReadOnlyList<RotationOverride> overrides, DateTimeOffset at) =>
        [.. overrides
            .Where(o => o.RotationId == rotation.Id && o.From <= at && at < o.To)
            .Where(o => o.Role == OnCallRole.Main || BackupIndex(o.Role) < shift.Backups.Count)
            .GroupBy(o => o.Role)
            .Select(g => g.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).First())
            .OrderBy(o => o.Role)];

    /// <summary>
    /// Walks back from <paramref name="at"/> over the edges of main overrides inside the shift, to the last one where
    /// main changed hands; the shift's start when nobody else was main since the handoff.
    /// </summary>
    private static DateTimeOffset MainSince(Rotation rotation, Shift shift, IReadOnlyList<RotationOverride> overrides, DateTimeOffset at, string main)
    {
        var edges = overrides
            .Where(o => o.RotationId == rotation.Id && o.Role == OnCallRole.Main)
            .SelectMany(o => (DateTimeOffset[])[o.From, o.To])
            .Where(edge => edge > shift.Start && edge <= at)
            .Distinct()
            .OrderDescending();
        foreach (var edge in edges)
        {
            var before = edge.AddTicks(-1);
            var mainBefore = InForce(rotation, shift, overrides, before).FirstOrDefault(o => o.Role == OnCallRole.Main)?.MemberId ?? shift.Main;
            if (mainBefore != main)
            {
                return edge;
            }
        }
        return shift.Start;
    }

    private static bool SameHolders(OnCallPeriod a, OnCallPeriod b) =>
        a.Shift.Number == b.Shift.Number
        && a.Main == b.Main
        && a.Backups.SequenceEqual(b.Backups)
        && a.Overrides.Select(o => o.Id).SequenceEqual(b.Overrides.Select(o => o.Id));

    private static int BackupIndex(OnCallRole role) => role == OnCallRole.Backup ? 0 : 1;

    /// <summary>The book's shapes; with fewer participants than a shape has roles, the roles that can be filled are.</summary>
    private static int BackupCount(Rotation rotation) => rotation.Shape switch
    {
        RotationShape.MainBackupSwap => Math.Min(1, rotation.Participants.Count - 1),
        RotationShape.MainTwoBackups => Math.Min(2, rotation.Participants.Count - 1),
        _ => 0,
    };

    /// <summary>One rotation's calendar arithmetic: its zone and period resolved once.</summary>
    private sealed class RotationClock
    {
        private readonly Rotation _rotation;
        private readonly TimeZoneInfo _zone;
        private readonly int _periodDays;
        private readonly int _backups;

        public RotationClock(Rotation rotation)
        {
            if (rotation.Period <= TimeSpan.Zero || rotation.Period.Ticks % TimeSpan.TicksPerDay != 0)
            {
                throw new ArgumentException($"Rotation '{rotation.Id}' has period {rotation.Period}; a shift lasts a whole number of days.", nameof(rotation));
            }
            if (rotation.Participants.Count == 0)
            {
                throw new ArgumentException($"Rotation '{rotation.Id}' has no participants.", nameof(rotation));
            }
            _rotation = rotation;
            _zone = ZonedClock.Zone(rotation.TimeZone);
            _periodDays = (int)rotation.Period.TotalDays;
            _backups = BackupCount(rotation);
        }

        /// <summary>The number of the shift containing <paramref name="at"/>: the local date gives a first guess, the handoff instants settle it.</summary>
        public long NumberAt(DateTimeOffset at)
        {
            var localDay = DateOnly.FromDateTime(ZonedClock.LocalAt(_zone, at)).DayNumber;
            var number = FloorDivide(localDay - _rotation.StartDate.DayNumber, _periodDays);
            while (StartOf(number) > at)
            {
                number--;
            }
            while (StartOf(number + 1) <= at)
            {
                number++;
            }
            return number;
        }

        public Shift Shift(long number)
        {
            var k = _rotation.Participants.Count;
            var main = _rotation.Shape == RotationShape.OnePersonFixed ? 0 : Modulo(number, k);
            var backups = Enumerable.Range(1, _backups).Select(i => _rotation.Participants[(int)Modulo(main + i, k)]).ToArray();
            return new Shift(_rotation.Id, number, StartOf(number), StartOf(number + 1), _rotation.Participants[(int)main], backups);
        }

        private DateTimeOffset StartOf(long number)
        {
            var day = DateOnly.FromDayNumber(checked((int)(_rotation.StartDate.DayNumber + (number * _periodDays))));
            return ZonedClock.ToInstant(_zone, day.ToDateTime(_rotation.HandoffTime));
        }

        private static long FloorDivide(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);

        private static long Modulo(long a, long b) => ((a % b) + b) % b;
    }
}
