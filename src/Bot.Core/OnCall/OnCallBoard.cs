using Bot.Core.Catalog;
using Bot.Core.Storage;

namespace Bot.Core.OnCall;

/// <summary>
/// "Who is on call for team X right now", answerable by anyone: each of the team's rotations with who holds each role
/// now (overrides applied), since when, the next handoff and the shifts after it.
/// </summary>
public sealed class OnCallBoard(CatalogHolder catalog, IRotationOverrideStore overrides, TimeProvider time)
{
    /// <summary>The team's rotations now and their next <paramref name="upcoming"/> shifts, or null when the team is unknown.</summary>
    public async Task<TeamOnCall?> ForTeamAsync(string teamId, int upcoming, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        if (current.FindTeam(teamId) is not { } team)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var rotations = new List<RotationOnCall>();
        foreach (var rotation in current.RotationsOf(team.Id))
        {
            var shifts = OnCallSchedule.Shifts(rotation, now, upcoming + 1);
            // From the shift's start, so that Since sees an override that began earlier in the shift.
            var known = await overrides.OverlappingAsync(rotation.Id, shifts[0].Start, shifts[^1].End, cancellationToken);
            var onCall = OnCallSchedule.At(rotation, known, now);
            var next = shifts.Skip(1).Select(shift => OnCallSchedule.At(rotation, known, shift.Start)).ToList();
            rotations.Add(new RotationOnCall(rotation, onCall, shifts[0].End, next));
        }
        return new TeamOnCall(team, now, rotations);
    }

    /// <summary>
    /// The team's coming shifts for <paramref name="horizon"/> (from the current one) as an iCalendar feed, each named
    /// with who holds it at its start, overrides applied; null when the team is unknown.
    /// </summary>
    public async Task<string?> CalendarAsync(string teamId, TimeSpan horizon, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        if (current.FindTeam(teamId) is not { } team)
        {
            return null;
        }
        var now = time.GetUtcNow();
        string Name(string memberId) => team.FindMember(memberId)?.DisplayName ?? memberId;
        var entries = new List<CalendarShift>();
        foreach (var rotation in current.RotationsOf(team.Id))
        {
            var shifts = OnCallSchedule.Shifts(rotation, now, Math.Clamp((int)Math.Ceiling(horizon / rotation.Period) + 1, 1, MaxCalendarShifts));
            var known = await overrides.OverlappingAsync(rotation.Id, shifts[0].Start, shifts[^1].End, cancellationToken);
            foreach (var shift in shifts)
            {
                var onCall = OnCallSchedule.At(rotation, known, shift.Start);
                entries.Add(new CalendarShift(shift, Name(onCall.Main), [.. onCall.Backups.Select(Name)]));
            }
        }
        return OnCallCalendar.Render($"On call: {team.Name}", entries, now);
    }

    /// <summary>A day-long rotation still gets a few months of feed, and no more.</summary>
    private const int MaxCalendarShifts = 200;
}

/// <summary>A team's on-call at <see cref="At"/>: one entry per rotation (a team without a rotation has none).</summary>
public sealed record TeamOnCall(Team Team, DateTimeOffset At, IReadOnlyList<RotationOnCall> Rotations);

/// <summary>One rotation now, when it next hands off, and who holds the shifts after that (each as at its start).</summary>
public sealed record RotationOnCall(Rotation Rotation, OnCallNow Now, DateTimeOffset NextHandoff, IReadOnlyList<OnCallNow> Upcoming);
