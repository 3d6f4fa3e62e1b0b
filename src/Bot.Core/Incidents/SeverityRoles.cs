namespace Bot.Core.Incidents;

/// <summary>
/// The roles a severity calls for (book Table 9.16): critical, a dedicated coordinator, communicator and technical
/// experts; error, a coordinator who also communicates, and experts; warning, the on-call engineer alone, who
/// coordinates and communicates.
/// </summary>
public static class SeverityRoles
{
    /// <summary>The roles to fill, coordinator first; none for a warning.</summary>
    public static IReadOnlyList<IncidentRole> For(IncidentSeverity severity) => severity switch
    {
        IncidentSeverity.Critical => [IncidentRole.Coordinator, IncidentRole.Communicator, IncidentRole.Expert],
        IncidentSeverity.Error => [IncidentRole.Coordinator, IncidentRole.Expert],
        _ => [],
    };

    /// <summary>Whether the severity asks for the role to be held by someone of its own.</summary>
    public static bool Suggests(IncidentSeverity severity, IncidentRole role) => For(severity).Contains(role);

    /// <summary>What the severity needs, in words: "needs a coordinator, a communicator and technical experts".</summary>
    public static string Needs(IncidentSeverity severity) => severity switch
    {
        IncidentSeverity.Critical => "needs a coordinator, a communicator and technical experts",
        IncidentSeverity.Error => "needs a coordinator, who also communicates, and technical experts",
        _ => "the on-call engineer handles it alone, coordinating and communicating",
    };
}
