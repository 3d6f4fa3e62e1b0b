namespace Bot.Core.Catalog;

/// <summary>
/// The organisation the bot serves, as one immutable, validated snapshot: the org tree, teams and their
/// people, services and their SLOs (defaults already applied), rotations, escalation policies, stakeholder
/// groups and rings, and incident priority definitions.
/// </summary>
/// <remarks>
/// Invariants the loader guarantees before it builds one: ids are unique per kind, every reference resolves,
/// the org tree is acyclic with teams as leaves, targets lie in (0, 1), time zones are known IANA ids.
/// </remarks>
public sealed class ServiceCatalog
{
    private readonly Dictionary<string, OrgUnit> _orgUnits;
    private readonly Dictionary<string, Team> _teams;
    private readonly Dictionary<string, Service> _services;
    private readonly Dictionary<string, Slo> _slos;

    public ServiceCatalog(
        IReadOnlyList<OrgUnit> orgUnits,
        IReadOnlyList<Team> teams,
        IReadOnlyList<Service> services,
        IReadOnlyList<Slo> slos,
        IReadOnlyList<Rotation> rotations,
        IReadOnlyList<EscalationPolicy> escalationPolicies,
        IReadOnlyList<StakeholderGroup> stakeholderGroups,
        IReadOnlyList<StakeholderRing> rings,
        IReadOnlyList<PriorityDefinition> priorities,
        IReadOnlyList<string> adminMemberIds)
    {
        OrgUnits = orgUnits;
        Teams = teams;
        Services = services;
        Slos = slos;
        Rotations = rotations;
        EscalationPolicies = escalationPolicies;
        StakeholderGroups = stakeholderGroups;
        Rings = rings;
        Priorities = priorities;
        AdminMemberIds = adminMemberIds;
        _orgUnits = orgUnits.ToDictionary(u => u.Id, StringComparer.Ordinal);
        _teams = teams.ToDictionary(t => t.Id, StringComparer.Ordinal);
        _services = services.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _slos = slos.ToDictionary(s => s.Id, StringComparer.Ordinal);
    }

    /// <summary>An empty catalog: what a freshly started host holds before the first load.</summary>
    public static ServiceCatalog Empty { get; } = new([], [], [], [], [], [], [], [], [], []);

    /// <summary>Org units other than teams (org, business lines, domains); teams are leaves of this tree.</summary>
    public IReadOnlyList<OrgUnit> OrgUnits { get; }
    public IReadOnlyList<Team> Teams { get; }
    public IReadOnlyList<Service> Services { get; }
    /// <summary>Every SLO, the declared ones and the defaults generated for services that declare none.</summary>
    public IReadOnlyList<Slo> Slos { get; }
    public IReadOnlyList<Rotation> Rotations { get; }
    public IReadOnlyList<EscalationPolicy> EscalationPolicies { get; }
    public IReadOnlyList<StakeholderGroup> StakeholderGroups { get; }
    public IReadOnlyList<StakeholderRing> Rings { get; }
    public IReadOnlyList<PriorityDefinition> Priorities { get; }
    /// <summary>Members (by id) who may act on any team's incidents and schedule.</summary>
    public IReadOnlyList<string> AdminMemberIds { get; }

    public OrgUnit? FindOrgUnit(string id) => _orgUnits.GetValueOrDefault(id);
    public Team? FindTeam(string id) => _teams.GetValueOrDefault(id);
    public Service? FindService(string id) => _services.GetValueOrDefault(id);
    public Slo? FindSlo(string id) => _slos.GetValueOrDefault(id);

    public IEnumerable<Service> ServicesOf(string teamId) => Services.Where(s => s.TeamId == teamId);
    public IEnumerable<Slo> SlosOf(string serviceId) => Slos.Where(s => s.ServiceId == serviceId);
    public IEnumerable<Rotation> RotationsOf(string teamId) => Rotations.Where(r => r.TeamId == teamId);
    public PriorityDefinition? FindPriority(int level) => Priorities.FirstOrDefault(p => p.Level == level);

    /// <summary>Every team whose membership lists a person with this chat user id on that platform.</summary>
    public IEnumerable<(Team Team, Member Member)> MembershipsOf(ChatPlatform platform, string userId) =>
        from team in Teams
        from member in team.Members
        where member.UserIdOn(platform) == userId
        select (team, member);

    /// <summary>The team that posts to this destination (by its key, e.g. <c>slack:C0123ABCD</c>), if any: a channel's team.</summary>
    public Team? TeamOwning(string destinationKey) =>
        Teams.FirstOrDefault(t => t.Destinations.Any(d => d.Key == destinationKey));

    /// <summary>Whether the person is a catalog-wide admin.</summary>
    public bool IsAdmin(string memberId) => AdminMemberIds.Contains(memberId, StringComparer.Ordinal);

    /// <summary>The org units from the root down to (and including) the given unit or team.</summary>
    public IReadOnlyList<string> PathTo(string orgUnitOrTeamId)
    {
        var path = new List<string>();
        string? current = orgUnitOrTeamId;
        while (current is not null && path.Count <= _orgUnits.Count + 1)
        {
            path.Add(current);
            current = _teams.TryGetValue(current, out var team) ? team.ParentId : _orgUnits.GetValueOrDefault(current)?.ParentId;
        }
        path.Reverse();
        return path;
    }
}
