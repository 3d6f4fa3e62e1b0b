namespace Bot.Core.OnCall;

/// <summary>
/// A temporary replacement on a rotation: <see cref="MemberId"/> takes <see cref="Role"/> from <see cref="From"/> until
/// <see cref="To"/> (the book's "override" and "swap"). Later overrides win over earlier ones where they overlap.
/// </summary>
/// <param name="Id">The stored override's id (0 before it is stored).</param>
/// <param name="Role">The role taken: <see cref="OnCallRole.Main"/> by default.</param>
/// <param name="CreatedBy">The catalog member who set it.</param>
public sealed record RotationOverride(long Id, string RotationId, string MemberId, OnCallRole Role, DateTimeOffset From, DateTimeOffset To, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>The roles of a shift: the main on-call and, depending on the shape, one or two backups.</summary>
public enum OnCallRole
{
    Main,
    Backup,
    SecondBackup,
}

/// <summary>One shift of a rotation: who holds each role from <see cref="Start"/> until <see cref="End"/> (the next handoff).</summary>
/// <param name="Number">The shift's index since the rotation's start date (0 = the first shift; negative before the start date).</param>
/// <param name="Backups">The backups in order (none, one or two, by shape).</param>
public sealed record Shift(string RotationId, long Number, DateTimeOffset Start, DateTimeOffset End, string Main, IReadOnlyList<string> Backups);

/// <summary>
/// Who is on call for a rotation at one instant, overrides applied.
/// </summary>
/// <param name="Shift">The scheduled shift the instant falls in (before overrides).</param>
/// <param name="Main">Who is main now: the shift's main, or whoever overrides them.</param>
/// <param name="Backups">The backups now, overrides applied.</param>
/// <param name="Since">Since when <see cref="Main"/> has been main without interruption, never before the shift's start.</param>
/// <param name="InCoverage">False outside the rotation's coverage window (nobody is paged then).</param>
/// <param name="Overrides">The overrides in force at the instant: the winning one per role, main first.</param>
public sealed record OnCallNow(Shift Shift, string Main, IReadOnlyList<string> Backups, DateTimeOffset Since, bool InCoverage, IReadOnlyList<RotationOverride> Overrides);

/// <summary>A change of shift at <see cref="At"/>: <see cref="Outgoing"/> hands over to <see cref="Incoming"/> (both as scheduled, before overrides).</summary>
public sealed record Handoff(DateTimeOffset At, Shift Outgoing, Shift Incoming);

/// <summary>
/// A stretch from <see cref="From"/> until <see cref="To"/> in which the same people hold the roles of one shift, overrides
/// applied (<see cref="Overrides"/> are the ones in force, main first).
/// </summary>
public sealed record OnCallPeriod(DateTimeOffset From, DateTimeOffset To, Shift Shift, string Main, IReadOnlyList<string> Backups, IReadOnlyList<RotationOverride> Overrides);
