namespace Bot.Core.Incidents;

/// <summary>One entry of an incident's timeline: what happened, when, and who did it (null for the system).</summary>
public sealed record IncidentEvent(IncidentEventKind Kind, DateTimeOffset At, Actor? By, string Text);

public enum IncidentEventKind
{
    Opened,
    Repeated,
    SeverityRaised,
    AlertResolved,
    Acknowledged,
    Resolved,
    /// <summary>An escalation step notified someone (who, which step).</summary>
    Escalated,
    /// <summary>Someone set the priority by hand (from, to, who, why).</summary>
    PriorityChanged,
    /// <summary>Someone set the severity by hand (from, to, who, why).</summary>
    SeverityChanged,
}
