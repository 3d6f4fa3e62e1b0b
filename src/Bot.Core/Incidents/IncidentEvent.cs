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
    /// <summary>Someone took or was given a response role (coordinator, communicator, technical expert), or left it.</summary>
    RoleAssigned,
    /// <summary>A bracketed stakeholder notification (first, update, final) went out: to whom, the text, the next update.</summary>
    StakeholdersNotified,
    /// <summary>A reminder went out: a status update due, a postmortem not started, a postmortem meeting or an action item review due.</summary>
    Reminded,
    /// <summary>The incident's postmortem was started from a template.</summary>
    PostmortemStarted,
    /// <summary>Sections of the postmortem were edited (which, by whom).</summary>
    PostmortemEdited,
    /// <summary>The postmortem moved to another state, or its meeting was scheduled or held.</summary>
    PostmortemStateChanged,
    /// <summary>An action item was added to the incident's postmortem.</summary>
    ActionItemAdded,
    /// <summary>An action item moved to another state (or its driver or review date changed).</summary>
    ActionItemChanged,
}
