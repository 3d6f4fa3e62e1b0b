namespace Bot.Core.Incidents;

/// <summary>The roles of an incident's response (book Table 9.15).</summary>
public enum IncidentRole
{
    /// <summary>Decides, coordinates the teams, looks after their well-being, runs the postmortem.</summary>
    Coordinator,
    /// <summary>Tells teams and stakeholders; documents the incident and the postmortem.</summary>
    Communicator,
    /// <summary>Analyses, finds and builds the fix; takes part in the postmortem. An incident can have several.</summary>
    Expert,
}

/// <summary>Someone holding a role in an incident's response.</summary>
/// <param name="MemberId">The catalog member id (or the platform user id of someone not in the catalog).</param>
/// <param name="RotationId">The rotation they were pulled in from, when the role was given to a rotation.</param>
public sealed record RoleHolder(IncidentRole Role, string MemberId, string Name, string? RotationId = null);
