using Bot.Core.Catalog;
using Bot.Core.OnCall;
using Bot.Core.Storage;

namespace Bot.Core.Incidents;

/// <summary>
/// Who is on call now in the rotations that hold an incident's response roles (<see cref="ServiceCatalog.RoleRotationFor"/>),
/// overrides applied: the person "incident 42 coordinator rotation" pulls in, and whom a severity's suggestion names.
/// </summary>
public sealed class RoleOnCall(CatalogHolder catalog, IRotationOverrideStore overrides, TimeProvider time)
{
    /// <summary>The rotation's main on-call now, as a holder of <paramref name="role"/> pulled in from it.</summary>
    public async Task<RoleHolder> MainNowAsync(Rotation rotation, IncidentRole role, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        var now = time.GetUtcNow();
        var known = await overrides.OverlappingAsync(rotation.Id, now, now.AddTicks(1), cancellationToken);
        var main = OnCallSchedule.At(rotation, known, now).Main;
        return new RoleHolder(role, main, catalog.Current.FindMember(main)?.DisplayName ?? main, rotation.Id);
    }

    /// <summary>For each role that has a rotation for the team, who is on call in it now (roles without one are left out).</summary>
    public async Task<IReadOnlyList<RoleHolder>> ForTeamAsync(string? teamId, IEnumerable<IncidentRole> roles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var current = catalog.Current;
        var onCall = new List<RoleHolder>();
        foreach (var role in roles)
        {
            if (current.RoleRotationFor(teamId, role) is { } rotation)
            {
                onCall.Add(await MainNowAsync(rotation, role, cancellationToken));
            }
        }
        return onCall;
    }

    /// <summary>
    /// What the incident's severity needs that nobody holds yet, who is on call for it now, and how to take it, e.g.
    /// "Severity critical: needs a coordinator, a communicator and technical experts. On call now: coordinator Grace
    /// Hopper-Lee (incident-coordinators). Take a role: the buttons, or 'incident #42 coordinator me'." Null for a warning,
    /// and when every role it suggests is held.
    /// </summary>
    /// <param name="onCall">Null: the suggestion names no one on call.</param>
    public static async Task<string?> SuggestionAsync(RoleOnCall? onCall, ServiceCatalog catalog, IncidentRecord incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(incident);
        var open = SeverityRoles.For(incident.Severity).Where(role => !incident.Roles.Any(r => r.Role == role)).ToList();
        if (open.Count == 0)
        {
            return null;
        }
        var text = $"Severity {incident.Severity.ToString().ToLowerInvariant()}: {SeverityRoles.Needs(incident.Severity)}.";
        var now = onCall is null ? [] : await onCall.ForTeamAsync(incident.TeamId, open, cancellationToken);
        if (now.Count > 0)
        {
            text += $" On call now: {string.Join(", ", now.Select(h => $"{Incident.RoleName(h.Role)} {h.Name} ({h.RotationId})"))}.";
        }
        var first = Incident.RoleName(open[0]).Split(' ')[^1];
        var buttons = open.Exists(r => r != IncidentRole.Expert) ? "the buttons, or " : "";
        return text + $" Take a role: {buttons}'incident #{incident.Id} {first} me'.";
    }
}
