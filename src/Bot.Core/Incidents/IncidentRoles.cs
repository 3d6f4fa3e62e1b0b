using System.Globalization;
using System.Text;
using Bot.Core.Catalog;
using Bot.Core.Commands;

namespace Bot.Core.Incidents;

/// <summary>
/// Gives out an incident's response roles (book §9.3, Tables 9.15/9.16): by command, by button ("I'll coordinate"), or to
/// whoever is on call now in a rotation; and tells who holds what. Members of the owning team and admins may give
/// roles, and so may the people on the incident's coordinator and communicator rotations and those holding those
/// roles, who may be from other teams. Each change is committed with its timeline event and an update of every copy.
/// </summary>
public sealed class IncidentRoles(CatalogHolder catalog, IIncidentStore store, RoleOnCall onCall, TimeProvider time)
{
    /// <summary>The clicker takes the role (the message's "I'll coordinate" / "I'll communicate").</summary>
    public Task<IncidentActionResult> TakeAsync(IncidentActionRequest request, IncidentRole role, CancellationToken cancellationToken) =>
        AssignAsync(request, role, RoleAssignee.Me, null, cancellationToken);

    /// <summary>Gives the role to a catalog member, to the caller, or to the main on-call of a rotation now.</summary>
    public Task<IncidentActionResult> AssignAsync(
        IncidentActionRequest request, IncidentRole role, RoleAssignee assignee, string? why, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(assignee);
        var current = catalog.Current;
        var name = Incident.RoleName(role);
        RoleHolder? person = null;
        Rotation? named = null;
        switch (assignee.Kind)
        {
            case RoleAssigneeKind.Me:
                person = new RoleHolder(role, request.By.Id, request.By.Name);
                break;
            case RoleAssigneeKind.Person when CommandWords.Person(current, assignee.Name!) is { } member:
                person = new RoleHolder(role, member.Id, member.DisplayName);
                break;
            case RoleAssigneeKind.Person:
                return Refused(request, IncidentActionStatus.NotFound, $"'{assignee.Name}' is not a person in the catalog; name them as @id, e.g. @ana, or say 'me'.");
            case RoleAssigneeKind.Rotation when assignee.Name is { } rotationId:
                named = current.FindRotation(rotationId);
                if (named is null)
                {
                    return Refused(request, IncidentActionStatus.NotFound, $"'{rotationId}' is not a rotation in the catalog.");
                }
                break;
        }

        return IncidentActions.ActAsync(store, request, name, incident => Refusal(current, incident, request.By, role), async incident =>
        {
            var holder = person;
            if (holder is null)
            {
                var rotation = named ?? current.RoleRotationFor(incident.TeamId, role);
                if (rotation is null)
                {
                    return (IncidentActionStatus.NotFound, IncidentChange.None,
                        $"{(incident.TeamId is { } team ? $"Team '{team}'" : "The catalog")} has no {name} rotation; name one, e.g. 'incident #{incident.Id} {Word(role)} rotation <rotation-id>', or a person.");
                }
                holder = await onCall.MainNowAsync(rotation, role, cancellationToken);
            }
            var change = incident.AssignRole(role, holder, request.By, why, time.GetUtcNow());
            return change.Changed
                ? (IncidentActionStatus.Done, change, $"Incident #{incident.Id}: {change.ThreadReply}.")
                : (IncidentActionStatus.AlreadyDone, change, $"{holder.Name} is already {(role == IncidentRole.Expert ? "a" : "the")} {name} of incident #{incident.Id}.");
        }, cancellationToken);
    }

    /// <summary>Takes a role back: the coordinator or communicator (whoever holds it), or the named expert.</summary>
    public Task<IncidentActionResult> ReleaseAsync(
        IncidentActionRequest request, IncidentRole role, string? person, string? why, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var current = catalog.Current;
        string? memberId = null;
        if (person is not null)
        {
            if (CommandWords.Person(current, person) is not { } member)
            {
                return Refused(request, IncidentActionStatus.NotFound, $"'{person}' is not a person in the catalog; name them as @id, e.g. @ana.");
            }
            memberId = member.Id;
        }
        var name = Incident.RoleName(role);
        return IncidentActions.ActAsync(store, request, name, incident => Refusal(current, incident, request.By, role), incident =>
        {
            var held = incident.Roles.FirstOrDefault(r => r.Role == role && (memberId is null || r.MemberId == memberId));
            if (held is null)
            {
                return Task.FromResult((IncidentActionStatus.AlreadyDone, IncidentChange.None,
                    memberId is null ? $"Incident #{incident.Id} has no {name}." : $"{current.FindMember(memberId)?.DisplayName ?? memberId} is not a {name} of incident #{incident.Id}."));
            }
            var change = incident.ReleaseRole(role, held.MemberId, request.By, why, time.GetUtcNow());
            return Task.FromResult((IncidentActionStatus.Done, change, $"Incident #{incident.Id}: {change.ThreadReply}."));
        }, cancellationToken);
    }

    /// <summary>Who holds which role, what the severity suggests, and who is on the role rotations now. Anyone may ask.</summary>
    public async Task<IncidentActionResult> DescribeAsync(long incidentId, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(incidentId, cancellationToken) is not { } details)
        {
            return new IncidentActionResult(IncidentActionStatus.NotFound, incidentId, $"There is no incident #{incidentId}.");
        }
        var incident = details.Incident;
        var suggested = SeverityRoles.For(incident.Severity);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Incident #{incident.Id} ({incident.Severity.ToString().ToLowerInvariant()}) roles:");
        foreach (var role in Enum.GetValues<IncidentRole>())
        {
            var holders = incident.Roles.Where(r => r.Role == role).ToList();
            var needed = suggested.Contains(role) ? " (needed)" : "";
            var who = holders.Count == 0 ? $"—{needed}" : string.Join(", ", holders.Select(Describe));
            text.Append(CultureInfo.InvariantCulture, $"\n• {Label(role, plural: true)}: {who}");
        }
        text.Append(CultureInfo.InvariantCulture, $"\nSeverity {incident.Severity.ToString().ToLowerInvariant()}: {SeverityRoles.Needs(incident.Severity)}.");
        var onCallNow = await onCall.ForTeamAsync(incident.TeamId, Enum.GetValues<IncidentRole>(), cancellationToken);
        if (onCallNow.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nOn call now: {string.Join(", ", onCallNow.Select(h => $"{Incident.RoleName(h.Role)} {h.Name} ({h.RotationId})"))}.");
        }
        return new IncidentActionResult(IncidentActionStatus.Done, incident.Id, text.ToString());
    }

    /// <summary>
    /// The incident rule (<see cref="IncidentActions.Refusal"/>), widened for roles: the people on the incident's
    /// coordinator and communicator rotations, and those holding either role, come from other teams to run the response.
    /// </summary>
    private static string? Refusal(ServiceCatalog current, Incident incident, Actor by, IncidentRole role)
    {
        if (IncidentActions.Refusal(current, incident, by, "give out roles in") is not { } refusal)
        {
            return null;
        }
        IncidentRole[] leads = [IncidentRole.Coordinator, IncidentRole.Communicator];
        var onLeadRotation = leads.Select(r => current.RoleRotationFor(incident.TeamId, r)).Any(r => r is not null && r.Participants.Contains(by.Id));
        var leading = incident.Roles.Any(r => r.MemberId == by.Id && r.Role != IncidentRole.Expert);
        if (onLeadRotation || leading)
        {
            return null;
        }
        return incident.TeamId is { } team
            ? $"Only members of team '{team}', admins, and the people on its coordinator and communicator rotations may give out roles in incident #{incident.Id}, such as {Incident.RoleName(role)}; {by.Name} is not one."
            : refusal;
    }

    private static Task<IncidentActionResult> Refused(IncidentActionRequest request, IncidentActionStatus status, string message) =>
        Task.FromResult(new IncidentActionResult(status, request.IncidentId, message));

    private static string Describe(RoleHolder holder) => holder.RotationId is { } rotation ? $"{holder.Name} (on call for {rotation})" : holder.Name;

    private static string Label(IncidentRole role, bool plural) => role switch
    {
        IncidentRole.Coordinator => "Coordinator",
        IncidentRole.Communicator => "Communicator",
        _ => plural ? "Technical experts" : "Technical expert",
    };

    private static string Word(IncidentRole role) => Incident.RoleName(role).Split(' ')[^1];
}

/// <summary>Whom a role goes to: the caller, a person (<see cref="Name"/> as typed), or a rotation's on-call now (<see cref="Name"/> its id, or null for the role's rotation).</summary>
public sealed record RoleAssignee(RoleAssigneeKind Kind, string? Name)
{
    public static RoleAssignee Me { get; } = new(RoleAssigneeKind.Me, null);

    public static RoleAssignee Person(string word) => new(RoleAssigneeKind.Person, word);

    public static RoleAssignee OnCall(string? rotationId) => new(RoleAssigneeKind.Rotation, rotationId);
}

public enum RoleAssigneeKind
{
    Me,
    Person,
    Rotation,
}
