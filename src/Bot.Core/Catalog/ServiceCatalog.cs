using Bot.Core.Incidents;

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
    private readonly Dictionary<string, Rotation> _rotations;
    private readonly Dictionary<string, EscalationPolicy> _policies;
    private readonly Dictionary<string, OutOfHoursRoute> _outOfHours;

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
        IReadOnlyList<string> adminMemberIds,
        IReadOnlyList<OutOfHoursRoute>? outOfHoursRoutes = null)
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
        OutOfHoursRoutes = outOfHoursRoutes ?? [];
        _orgUnits = orgUnits.ToDictionary(u => u.Id, StringComparer.Ordinal);
        _teams = teams.ToDictionary(t => t.Id, StringComparer.Ordinal);
        _services = services.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _slos = slos.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _rotations = FirstById(rotations, r => r.Id);
        _policies = FirstById(escalationPolicies, p => p.Id);
        _outOfHours = FirstById(OutOfHoursRoutes, r => r.Region);
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
    /// <summary>The declared policies, then the default policy of each rotation that names none (<see cref="EscalationPolicy.DefaultFor"/>).</summary>
    public IReadOnlyList<EscalationPolicy> EscalationPolicies { get; }
    public IReadOnlyList<StakeholderGroup> StakeholderGroups { get; }
    public IReadOnlyList<StakeholderRing> Rings { get; }
    public IReadOnlyList<PriorityDefinition> Priorities { get; }
    /// <summary>Members (by id) who may act on any team's incidents and schedule.</summary>
    public IReadOnlyList<string> AdminMemberIds { get; }
    /// <summary>Where alerts of each region go outside their owning team's coverage (book Table 7.9); at most one per region.</summary>
    public IReadOnlyList<OutOfHoursRoute> OutOfHoursRoutes { get; }

    /// <summary>The teams' error budget policies, at most one per team.</summary>
    public IReadOnlyList<ErrorBudgetPolicy> ErrorBudgetPolicies { get; init; } = [];

    /// <summary>When set, an SLO without a priority gets one derived from its budget (book Tables 9.5/9.6); null: off.</summary>
    public BudgetPriorityRules? BudgetPriority { get; init; }

    /// <summary>The catalog-wide role rotations (<c>defaults.incidentRoles</c>), e.g. an organisation's coordinator rotation.</summary>
    public RoleRotations DefaultRoleRotations { get; init; } = RoleRotations.None;

    /// <summary>
    /// The rotation whose current on-call takes <paramref name="role"/> in an incident of the team: the team's own
    /// <c>incidentRoles</c>, else the catalog's defaults; for experts, else the team's first rotation. Null when none applies.
    /// </summary>
    public Rotation? RoleRotationFor(string? teamId, IncidentRole role)
    {
        var team = teamId is null ? null : FindTeam(teamId);
        if ((team?.IncidentRoles.For(role) ?? DefaultRoleRotations.For(role)) is { } id)
        {
            return FindRotation(id);
        }
        return role == IncidentRole.Expert && team is not null ? RotationsOf(team.Id).FirstOrDefault() : null;
    }

    public ErrorBudgetPolicy? ErrorBudgetPolicyFor(string teamId) => ErrorBudgetPolicies.FirstOrDefault(p => p.TeamId == teamId);

    public OrgUnit? FindOrgUnit(string id) => _orgUnits.GetValueOrDefault(id);
    public Team? FindTeam(string id) => _teams.GetValueOrDefault(id);

    /// <summary>A person by member id, whichever team lists them (the first that does).</summary>
    public Member? FindMember(string memberId) => Teams.Select(t => t.FindMember(memberId)).FirstOrDefault(m => m is not null);
    public Service? FindService(string id) => _services.GetValueOrDefault(id);
    public Slo? FindSlo(string id) => _slos.GetValueOrDefault(id);
    public Rotation? FindRotation(string id) => _rotations.GetValueOrDefault(id);
    public EscalationPolicy? FindEscalationPolicy(string id) => _policies.GetValueOrDefault(id);

    /// <summary>The out-of-hours route of an alert's region (compared exactly), if the catalog declares one.</summary>
    public OutOfHoursRoute? OutOfHoursRouteFor(string? region) => region is null ? null : _outOfHours.GetValueOrDefault(region);

    /// <summary>
    /// The policy an incident of the team follows: that of the team's rotation, the first it declares when it has
    /// several (role rotations keep theirs, reachable through <see cref="EscalationPolicyOf"/>). A team without a
    /// rotation follows the first policy declared for it; null when there is none either.
    /// </summary>
    public EscalationPolicy? EscalationPolicyFor(string teamId) =>
        RotationsOf(teamId).FirstOrDefault() is { } rotation
            ? EscalationPolicyOf(rotation)
            : EscalationPolicies.FirstOrDefault(p => p.TeamId == teamId);

    /// <summary>
    /// The rotation's policy: the one it names, else its default (main, then backup, repeated once). A loaded catalog
    /// names a policy for every rotation; the default is built here for catalogs assembled in code.
    /// </summary>
    public EscalationPolicy EscalationPolicyOf(Rotation rotation)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        return (rotation.EscalationPolicyId is { } id ? FindEscalationPolicy(id) : null) ?? EscalationPolicy.DefaultFor(rotation);
    }

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

    /// <summary>A loaded catalog has no duplicates; one assembled in code keeps the first, as the lists' lookups would.</summary>
    private static Dictionary<string, T> FirstById<T>(IEnumerable<T> items, Func<T, string> idOf)
    {
        var index = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            index.TryAdd(idOf(item), item);
        }
        return index;
    }
}
