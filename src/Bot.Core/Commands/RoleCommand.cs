using Bot.Core.Incidents;

namespace Bot.Core.Commands;

/// <summary>
/// <c>incident &lt;id&gt; coordinator|communicator|expert &lt;@person|me|rotation [id]&gt; [why]</c>: give a response role to
/// a person, to the caller, or to whoever is on call now in a rotation.
/// </summary>
public sealed record AssignRoleCommand(long IncidentId, IncidentRole Role, RoleAssignee Assignee, string? Why) : ResponseCommand;

/// <summary>
/// <c>incident &lt;id&gt; coordinator|communicator remove [why]</c> or <c>incident &lt;id&gt; expert remove @person [why]</c>:
/// take a role back. <see cref="Person"/> is null for the coordinator or communicator, whoever holds it.
/// </summary>
public sealed record ReleaseRoleCommand(long IncidentId, IncidentRole Role, string? Person, string? Why) : ResponseCommand;

/// <summary><c>incident &lt;id&gt; roles</c>: who holds which role, what the severity suggests, who is on the role rotations now.</summary>
public sealed record ShowRolesCommand(long IncidentId) : ResponseCommand;
