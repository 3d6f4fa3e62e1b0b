using Bot.Core.Incidents;

namespace Bot.Core.Catalog;

/// <summary>
/// Which rotation each incident response role is given to when it is given "to the rotation" (book Fig. 9.11): the
/// rotation's current main on-call is pulled in. Null where the catalog names none.
/// </summary>
public sealed record RoleRotations(string? Coordinator, string? Communicator, string? Expert)
{
    public static RoleRotations None { get; } = new(null, null, null);

    /// <summary>The rotation id named for the role, if any.</summary>
    public string? For(IncidentRole role) => role switch
    {
        IncidentRole.Coordinator => Coordinator,
        IncidentRole.Communicator => Communicator,
        _ => Expert,
    };
}
