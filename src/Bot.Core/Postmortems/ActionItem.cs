using Bot.Core.Incidents;

namespace Bot.Core.Postmortems;

/// <summary>
/// Something a postmortem decided to do (book Fig. 9-13, Table 9.23): <c>Priority | ID | Title | Driver | Review date |
/// State</c>. Shown to people as <c>AI-{Id}</c>. The times it entered each state give its lead time (created → done)
/// and cycle time (first in work → done).
/// </summary>
/// <remarks>
/// <para>
/// Moves: forward by any number of steps (New → Done when the work was done without being tracked), back by one (a
/// review found the implementation wanting: Done → Implemented). Each state's time is stamped the first time the item
/// enters it and kept when it moves back, except <see cref="DoneAt"/>: an item moved back from Done is not done, and
/// its lead and cycle time end when it is Done again. A state skipped on the way forward gets no stamp.
/// </para>
/// <para>
/// Cycle time starts at <see cref="StartedAt"/>. When In work was skipped, it starts at the last stamp before it
/// (<see cref="ReadyAt"/>, else <see cref="CreatedAt"/>): the work cannot be shown to have started later, so the figure
/// is an upper bound and <see cref="CycleTimeIsUpperBound"/> says so.
/// </para>
/// </remarks>
/// <param name="Id">0 before it is stored.</param>
/// <param name="Priority">1 for P1 …; null when not prioritised.</param>
/// <param name="DriverId">The catalog member who drives it.</param>
/// <param name="ReviewOn">The agreed review date (the driver is reminded that morning, in their time zone).</param>
/// <param name="Version">1 when created; each saved change adds one.</param>
public sealed record ActionItem(
    long Id,
    long PostmortemId,
    long IncidentId,
    string? TeamId,
    int? Priority,
    string Title,
    string DriverId,
    DateOnly ReviewOn,
    ActionItemState State,
    DateTimeOffset CreatedAt,
    Actor CreatedBy,
    int Version)
{
    /// <summary>When it first became <see cref="ActionItemState.Ready"/>.</summary>
    public DateTimeOffset? ReadyAt { get; init; }

    /// <summary>When work first started (<see cref="ActionItemState.InWork"/>): the start of the cycle time.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When it was first <see cref="ActionItemState.Implemented"/>.</summary>
    public DateTimeOffset? ImplementedAt { get; init; }

    /// <summary>When it was reviewed and <see cref="ActionItemState.Done"/>: the end of lead and cycle time.</summary>
    public DateTimeOffset? DoneAt { get; init; }

    /// <summary>The review date its driver was last reminded of; a reminder for <see cref="ReviewOn"/> goes once.</summary>
    public DateOnly? RemindedOn { get; init; }

    /// <summary>How people name it: <c>AI-12</c>.</summary>
    public string Reference => PostmortemReference.OfActionItem(Id);

    public bool IsDone => State == ActionItemState.Done;

    /// <summary>From creation to Done; null while it is not done.</summary>
    public TimeSpan? LeadTime => IsDone && DoneAt is { } done ? done - CreatedAt : null;

    /// <summary>From the start of work to Done (see the remarks for an item whose In work was skipped); null while it is not done.</summary>
    public TimeSpan? CycleTime => IsDone && DoneAt is { } done ? done - (StartedAt ?? ReadyAt ?? CreatedAt) : null;

    /// <summary>True for a done item that skipped In work: its <see cref="CycleTime"/> starts at an earlier stamp, so the real one is at most that long.</summary>
    public bool CycleTimeIsUpperBound => IsDone && StartedAt is null;

    /// <summary>
    /// Moves the item to <paramref name="to"/>: forward by any number of steps or back by one; the same state again
    /// changes nothing (<see cref="ActionItemMove.Changed"/> false). A refused move names the states it could go to.
    /// </summary>
    public ActionItemMove MoveTo(ActionItemState to, DateTimeOffset at)
    {
        if (to == State)
        {
            return new ActionItemMove(this, false, null);
        }
        if (to < State - 1)
        {
            var allowed = string.Join(", ", AllowedMoves.Select(ActionItemStates.Word));
            return new ActionItemMove(this, false,
                $"{Reference} is {ActionItemStates.Describe(State)}: it moves forward any number of steps but back only one, so to {allowed}; not back to {ActionItemStates.Word(to)}.");
        }
        var moved = this with { State = to, Version = Version + 1 };
        moved = to switch
        {
            ActionItemState.Ready => moved with { ReadyAt = ReadyAt ?? at },
            ActionItemState.InWork => moved with { StartedAt = StartedAt ?? at },
            ActionItemState.Implemented => moved with { ImplementedAt = ImplementedAt ?? at, DoneAt = null },
            ActionItemState.Done => moved with { DoneAt = at },
            _ => moved,
        };
        return new ActionItemMove(moved, true, null);
    }

    /// <summary>The next forward states and the one step back, as people type them: what <see cref="MoveTo"/> accepts from here.</summary>
    public IReadOnlyList<ActionItemState> AllowedMoves =>
        [.. Enum.GetValues<ActionItemState>().Where(s => s > State || s == State - 1)];
}

/// <summary>An action item's states (book Table 9.23): created → scheduled → started → finished → reviewed.</summary>
public enum ActionItemState
{
    /// <summary>Created in the postmortem meeting.</summary>
    New,
    /// <summary>Scheduled: it has a slot in someone's plan.</summary>
    Ready,
    /// <summary>Work started: the cycle time runs from here.</summary>
    InWork,
    /// <summary>Finished, waiting for its review.</summary>
    Implemented,
    /// <summary>Reviewed and closed: lead and cycle time end here.</summary>
    Done,
}

/// <summary>What <see cref="ActionItem.MoveTo"/> did: the item as it now stands, whether it changed, or why it was refused.</summary>
public sealed record ActionItemMove(ActionItem Item, bool Changed, string? Refusal);

/// <summary>The states as people type and read them: <c>new</c>, <c>ready</c>, <c>in-work</c>, <c>implemented</c>, <c>done</c>.</summary>
public static class ActionItemStates
{
    /// <summary>The words of the grammar and the API, in order.</summary>
    public static IReadOnlyList<string> Words { get; } = ["new", "ready", "in-work", "implemented", "done"];

    /// <summary>Reads a state word (any case; <c>in-work</c>, <c>inwork</c>, <c>in_work</c> and <c>wip</c> alike).</summary>
    public static bool TryParse(string text, out ActionItemState state)
    {
        ArgumentNullException.ThrowIfNull(text);
        ActionItemState? found = text.ToLowerInvariant() switch
        {
            "new" => ActionItemState.New,
            "ready" => ActionItemState.Ready,
            "in-work" or "inwork" or "in_work" or "wip" => ActionItemState.InWork,
            "implemented" => ActionItemState.Implemented,
            "done" => ActionItemState.Done,
            _ => null,
        };
        state = found ?? default;
        return found is not null;
    }

    /// <summary>The word people type: <c>in-work</c>.</summary>
    public static string Word(ActionItemState state) => Words[(int)state];

    /// <summary>As the book's table shows it: <c>In work</c>.</summary>
    public static string Describe(ActionItemState state) => state switch
    {
        ActionItemState.New => "New",
        ActionItemState.Ready => "Ready",
        ActionItemState.InWork => "In work",
        ActionItemState.Implemented => "Implemented",
        _ => "Done",
    };
}
