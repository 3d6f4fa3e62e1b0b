namespace Bot.Core.OnCall;

/// <summary>
/// What escalation did for one incident and step: paged someone, paged nobody and why, did nothing and why, or set or
/// removed a step's timer. The core reports it (<see cref="IEscalationLog"/>); the host writes it as a structured log.
/// </summary>
/// <param name="Step">The global step number (0 is the first step of the first round).</param>
/// <param name="Detail">What happened or why not, in words (the timeline text for a step that ran).</param>
public sealed record EscalationOutcome(long IncidentId, int Step, EscalationResult Result, string Detail)
{
    /// <summary>The members paged (ids).</summary>
    public IReadOnlyList<string> Paged { get; init; } = [];

    /// <summary>The destinations the step wrote to: direct messages, the team's channels, a destination target.</summary>
    public IReadOnlyList<string> Destinations { get; init; } = [];

    /// <summary>When the timer of <see cref="Step"/> (for <see cref="EscalationResult.Scheduled"/>) or of the next step is due, when one was set.</summary>
    public DateTimeOffset? DueAt { get; init; }
}

public enum EscalationResult
{
    /// <summary>The step ran and paged people or a destination.</summary>
    Paged,
    /// <summary>The step ran and paged nobody (off duty, nobody holds the role, a person no longer in the catalog); the chain goes on.</summary>
    PagedNobody,
    /// <summary>Nothing was done: the incident is acknowledged, resolved or gone, does not escalate, or the step already ran.</summary>
    Skipped,
    /// <summary>A step's timer was set (a new incident, or recovery of a chain without one).</summary>
    Scheduled,
    /// <summary>A pending step's timer was removed: its incident is no longer open.</summary>
    Cancelled,
}

/// <summary>Where escalation reports what it did; the host logs each outcome (the core has no logging of its own).</summary>
public interface IEscalationLog
{
    void Write(EscalationOutcome outcome);
}
