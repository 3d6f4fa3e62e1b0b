using Bot.Core.Notifications;

namespace Bot.Core.Notices;

/// <summary>
/// A message about a team that people act on, kept up to date on every copy like an incident's: a handoff prompt
/// (accept), a cover request (take it). <see cref="Message"/> is what the copies show, rendered by the use case
/// whenever the notice changes; <see cref="Data"/> is the use case's own state (JSON) it renders from.
/// </summary>
/// <param name="Id">0 before it is stored.</param>
/// <param name="DedupKey">One notice per key, ever: what makes "post the 09:00 handoff prompt" happen once across retries and replicas.</param>
/// <param name="RotationId">The rotation it concerns, if any.</param>
/// <param name="TakenBy">The member who accepted or took it.</param>
/// <param name="Version">1 when created; each saved change adds one, and the copies are edited to it.</param>
public sealed record Notice(
    long Id,
    NoticeKind Kind,
    string TeamId,
    string? RotationId,
    string DedupKey,
    NoticeState State,
    string Data,
    NoticeMessage Message,
    int Version,
    DateTimeOffset CreatedAt,
    string? TakenBy = null,
    DateTimeOffset? TakenAt = null);

public enum NoticeKind
{
    /// <summary>The prompt at a rotation's handoff: outgoing → incoming, what carries over; the incoming accepts.</summary>
    Handoff,
    /// <summary>Someone asks for cover for a stretch of their shift; the first member to take it gets the override.</summary>
    CoverRequest,
    /// <summary>An error budget policy condition became true for an SLO: the numbers and the agreed consequence.</summary>
    BudgetPolicy,
    /// <summary>A bracketed stakeholder notification about an incident (first, update, final), to the groups it concerns and their subscribers.</summary>
    StakeholderNotification,
}

public enum NoticeState
{
    /// <summary>Waiting: not accepted, not taken.</summary>
    Open,
    /// <summary>Accepted or taken by <see cref="Notice.TakenBy"/>.</summary>
    Taken,
    /// <summary>No longer wanted (the requester cancelled, the stretch passed, a later handoff superseded it).</summary>
    Closed,
}
