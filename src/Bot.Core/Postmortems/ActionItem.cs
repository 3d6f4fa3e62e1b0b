using Bot.Core.Incidents;

namespace Bot.Core.Postmortems;

/// <summary>
/// Something a postmortem decided to do (book Fig. 9-13, Table 9.23): <c>Priority | ID | Title | Driver | Review date |
/// State</c>. Shown to people as <c>AI-{Id}</c>. The times it entered each state give its lead time (created → done)
/// and cycle time (first in work → done).
/// </summary>
/// <param name="Id">0 before it is stored.</param>
/// <param name="Priority">1 for P1 …; null when not prioritised.</param>
/// <param name="DriverId">The catalog member who drives it.</param>
/// <param name="ReviewOn">The agreed review date (the driver is reminded that morning).</param>
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

    /// <summary>How people name it: <c>AI-12</c>.</summary>
    public string Reference => PostmortemReference.OfActionItem(Id);
}

/// <summary>An action item's states (book Table 9.23): created → scheduled → started → finished → reviewed.</summary>
public enum ActionItemState
{
    New,
    Ready,
    InWork,
    Implemented,
    Done,
}
