using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>
/// Checks what spans items and files (unique ids, references, the org tree, priorities, out-of-hours routes),
/// applies the default SLOs and the default escalation policies, and builds the catalog only when nothing at all
/// was wrong.
/// </summary>
internal static class CatalogAssembler
{
    public static ServiceCatalog? Assemble(CatalogDeclarations d, string location, ErrorList errors)
    {
        var units = Index(d.OrgUnits, u => u.Unit.Id, u => u.At, "org unit", errors);
        var teams = Index(d.Teams, t => t.Team.Id, t => t.At, "team", errors);
        foreach (var team in d.Teams.Where(t => units.ContainsKey(t.Team.Id)))
        {
            // PathTo walks teams and org units alike, so they share one id space.
            errors.Add(team.At, $"team '{team.Team.Id}': duplicate id, already used by the org unit at {units[team.Team.Id].At}");
        }
        OrgTree.Validate(d.OrgUnits, units, d.Teams, teams, location, errors);
        var people = IndexMembers(d.Teams, errors);
        foreach (var admin in d.Admins.Where(a => !people.ContainsKey(a.Value)))
        {
            errors.Add(admin.At, $"admins: unknown member '{admin.Value}'");
        }

        var groups = Index(d.StakeholderGroups, g => g.Value.Id, g => g.At, "stakeholder group", errors);
        var rings = IndexRings(d.Rings, groups, errors);
        var priorities = EffectivePriorities(d, rings, errors);
        var checkPriority = PriorityCheck(priorities, errors);
        var templates = EffectiveTemplates(d, checkPriority, errors);

        foreach (var service in d.Services.Where(s => s.Service.TeamId.Length > 0 && !teams.ContainsKey(s.Service.TeamId)))
        {
            errors.Add(service.TeamAt, $"service '{service.Service.Id}': unknown team '{service.Service.TeamId}'");
        }
        var services = Index(d.Services, s => s.Service.Id, s => s.At, "service", errors);
        var openSlos = OpenSloLinker.Link(d.OpenSlos, d.OpenSlis, services, errors);
        // A duplicated service is reported once; its SLOs would only repeat the report.
        var slos = SlosOf(d.Services.Where(s => s.Service.Id.Length > 0 && ReferenceEquals(services[s.Service.Id], s)), openSlos, templates, checkPriority, errors);
        var budgetPolicies = CheckBudgetPolicies(d.BudgetPolicies, teams, rings, errors);
        foreach (var level in d.BudgetPriority?.Value.Levels ?? [])
        {
            checkPriority(level.Value, level.At, "defaults.budgetPriority");
        }

        var rotations = Index(d.Rotations, r => r.Rotation.Id, r => r.At, "rotation", errors);
        var policies = Index(d.EscalationPolicies, p => p.Policy.Id, p => p.At, "escalation policy", errors);
        CheckRotations(d.Rotations, teams, policies, errors);
        CheckPolicies(d.EscalationPolicies, teams, rotations, people, errors);
        CheckOutOfHours(d.OutOfHours, rotations, errors);
        foreach (var reference in d.RoleRotationReferences.Where(r => !rotations.ContainsKey(r.RotationId.Value)))
        {
            errors.Add(reference.RotationId.At,
                $"{(reference.Context.Length > 0 ? $"{reference.Context}: " : "")}{reference.Path}: unknown rotation '{reference.RotationId.Value}'");
        }

        if (errors.Count > 0)
        {
            return null;
        }
        // With no error there are no duplicates, so the declarations are the catalog, in file order. A rotation that
        // names no policy gets the book's default as a policy of its own, so escalation never needs to tell them apart.
        var defaults = d.Rotations.Where(r => r.Rotation.EscalationPolicyId is null).Select(r => EscalationPolicy.DefaultFor(r.Rotation)).ToList();
        return new ServiceCatalog(
            [.. d.OrgUnits.Select(u => u.Unit)],
            [.. d.Teams.Select(t => t.Team)],
            [.. d.Services.Select(s => s.Service)],
            slos,
            [.. d.Rotations.Select(r => r.Rotation with { EscalationPolicyId = r.Rotation.EscalationPolicyId ?? EscalationPolicy.DefaultIdFor(r.Rotation.Id) })],
            [.. d.EscalationPolicies.Select(p => p.Policy), .. defaults],
            [.. d.StakeholderGroups.Select(g => g.Value)],
            [.. d.Rings.Select(r => r.Ring).OrderBy(r => r.Number)],
            [.. priorities.OrderBy(p => p.Level)],
            [.. d.Admins.Select(a => a.Value).Distinct(StringComparer.Ordinal)],
            [.. d.OutOfHours.Select(o => o.Route)])
        {
            ErrorBudgetPolicies = budgetPolicies,
            BudgetPriority = EffectiveBudgetPriority(d.BudgetPriority?.Value.Rules, priorities),
            DefaultRoleRotations = d.DefaultRoleRotations?.Value ?? RoleRotations.None,
        };
    }

    /// <summary>Items by id in declaration order; a later item with the same id is reported against the first.</summary>
    public static Dictionary<string, T> Index<T>(
        IEnumerable<T> items, Func<T, string> idOf, Func<T, SourceLine> atOf, string kind, ErrorList errors, string field = "id")
    {
        var index = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var id = idOf(item);
            // An item without an id was reported while reading.
            if (id.Length > 0 && !index.TryAdd(id, item))
            {
                errors.Add(atOf(item), $"{kind} '{id}': duplicate {field}, first declared at {atOf(index[id])}");
            }
        }
        return index;
    }

    /// <summary>
    /// Every member id across teams. A person in two teams is listed in both under one id, so both entries must
    /// agree; otherwise chat ids and time zones would depend on which team is asked.
    /// </summary>
    private static Dictionary<string, (Member Member, string TeamId, SourceLine At)> IndexMembers(IEnumerable<TeamDeclaration> teams, ErrorList errors)
    {
        var people = new Dictionary<string, (Member Member, string TeamId, SourceLine At)>(StringComparer.Ordinal);
        foreach (var team in teams)
        {
            for (var i = 0; i < team.Team.Members.Count; i++)
            {
                var member = team.Team.Members[i];
                if (member.Id.Length == 0)
                {
                    continue;
                }
                if (!people.TryGetValue(member.Id, out var first))
                {
                    people[member.Id] = (member, team.Team.Id, team.MemberLines[i]);
                }
                else if (first.Member != member && first.TeamId != team.Team.Id)
                {
                    errors.Add(team.MemberLines[i], $"team '{team.Team.Id}': member '{member.Id}' differs from member '{member.Id}' of team '{first.TeamId}' at {first.At}; one id is one person, so declare them alike");
                }
            }
        }
        return people;
    }

    private static Dictionary<int, RingDeclaration> IndexRings(IEnumerable<RingDeclaration> declared, Dictionary<string, Located<StakeholderGroup>> groups, ErrorList errors)
    {
        var rings = new Dictionary<int, RingDeclaration>();
        foreach (var ring in declared.Where(r => r.Ring.Number > 0))
        {
            var context = $"ring {ring.Ring.Number}";
            if (!rings.TryAdd(ring.Ring.Number, ring))
            {
                errors.Add(ring.At, $"{context}: duplicate number, first declared at {rings[ring.Ring.Number].At}");
            }
            for (var i = 0; i < ring.Ring.GroupIds.Count; i++)
            {
                if (!groups.ContainsKey(ring.Ring.GroupIds[i]))
                {
                    errors.Add(ring.GroupLines[i], $"{context}: unknown stakeholder group '{ring.Ring.GroupIds[i]}'");
                }
            }
        }
        return rings;
    }

    private static IReadOnlyList<PriorityDefinition> EffectivePriorities(CatalogDeclarations d, Dictionary<int, RingDeclaration> rings, ErrorList errors)
    {
        if (d.Priorities is not { } declared)
        {
            return BuiltInDefaults.Priorities;
        }
        var byLevel = new Dictionary<int, PriorityDeclaration>();
        foreach (var priority in declared.Value.Where(p => p.Priority.Level > 0))
        {
            var context = $"priority {ScalarParsers.FormatPriority(priority.Priority.Level)}";
            if (!byLevel.TryAdd(priority.Priority.Level, priority))
            {
                errors.Add(priority.At, $"{context}: duplicate id, first declared at {byLevel[priority.Priority.Level].At}");
            }
            for (var i = 0; i < priority.Priority.Rings.Count; i++)
            {
                if (!rings.ContainsKey(priority.Priority.Rings[i]))
                {
                    errors.Add(priority.RingLines[i], $"{context}: unknown ring {priority.Priority.Rings[i]}");
                }
            }
        }
        return [.. byLevel.Values.Select(p => p.Priority)];
    }

    /// <summary>
    /// The declared rules. The book's tables go down to P4, which many catalogs (and the built-in priorities) do not
    /// define: <c>book</c> keeps the rows of the priorities the catalog defines, so an SLO is never given one it lacks.
    /// Explicit tables were checked against the defined priorities instead.
    /// </summary>
    private static BudgetPriorityRules? EffectiveBudgetPriority(BudgetPriorityRules? declared, IReadOnlyList<PriorityDefinition> priorities)
    {
        if (!ReferenceEquals(declared, BudgetPriorityRules.Book))
        {
            return declared;
        }
        bool Defined(int level) => priorities.Any(p => p.Level == level);
        return declared.BudgetLeft.All(r => Defined(r.Level)) && declared.Velocity.All(r => Defined(r.Level))
            ? declared
            : new BudgetPriorityRules([.. declared.BudgetLeft.Where(r => Defined(r.Level))], [.. declared.Velocity.Where(r => Defined(r.Level))]);
    }

    /// <summary>Reports a priority that the catalog does not define, e.g. P4 when only P1–P3 exist.</summary>
    private static Action<int?, SourceLine, string> PriorityCheck(IReadOnlyList<PriorityDefinition> priorities, ErrorList errors)
    {
        var defined = string.Join(", ", priorities.Select(p => p.Level).Order().Select(ScalarParsers.FormatPriority));
        return (level, at, context) =>
        {
            if (level is { } l && !priorities.Any(p => p.Level == l))
            {
                errors.Add(at, $"{context}: priority {ScalarParsers.FormatPriority(l)} is not defined; defined: {(defined.Length > 0 ? defined : "none")}");
            }
        };
    }

    private static IReadOnlyList<SloTemplate> EffectiveTemplates(CatalogDeclarations d, Action<int?, SourceLine, string> checkPriority, ErrorList errors)
    {
        if (d.DefaultSlos is not { } declared)
        {
            return BuiltInDefaults.Slos;
        }
        var byName = Index(declared.Value, t => t.Template.Name, t => t.At, "default slo", errors, field: "name");
        foreach (var template in byName.Values)
        {
            checkPriority(template.Template.Priority, template.PriorityAt, $"default slo '{template.Template.Name}'");
        }
        return [.. byName.Values.Select(t => t.Template)];
    }

    /// <summary>
    /// The declared SLOs, the service's own then its OpenSLO ones, and for each service that declares none, one SLO
    /// per default template.
    /// </summary>
    private static List<Slo> SlosOf(
        IEnumerable<ServiceDeclaration> services,
        IReadOnlyDictionary<string, List<SloDeclaration>> openSlos,
        IReadOnlyList<SloTemplate> templates,
        Action<int?, SourceLine, string> checkPriority,
        ErrorList errors)
    {
        var slos = new List<(Slo Slo, SourceLine At)>();
        foreach (var service in services)
        {
            var declared = service.Slos.Concat(openSlos.GetValueOrDefault(service.Service.Id) ?? []).ToList();
            if (declared.Count == 0)
            {
                slos.AddRange(templates.Select(t => (t.For(service.Service.Id), service.At)));
                continue;
            }
            foreach (var slo in declared.Where(s => s.Slo.Name.Length > 0))
            {
                checkPriority(slo.Slo.Priority, slo.PriorityAt, $"slo '{slo.Slo.Id}'");
                slos.Add((slo.Slo, slo.At));
            }
        }
        Index(slos, s => s.Slo.Id, s => s.At, "slo", errors);
        return [.. slos.Select(s => s.Slo)];
    }

    /// <summary>Each policy's team and rings exist; a team has at most one policy, the one its budgets answer to.</summary>
    private static List<ErrorBudgetPolicy> CheckBudgetPolicies(
        IEnumerable<BudgetPolicyDeclaration> policies, Dictionary<string, TeamDeclaration> teams, Dictionary<int, RingDeclaration> rings, ErrorList errors)
    {
        var declared = policies.ToList();
        Index(declared, p => p.Policy.Id, p => p.At, "error budget policy", errors);
        var byTeam = new Dictionary<string, BudgetPolicyDeclaration>(StringComparer.Ordinal);
        foreach (var declaration in declared)
        {
            var policy = declaration.Policy;
            var context = $"error budget policy '{policy.Id}'";
            if (policy.TeamId.Length > 0 && !teams.ContainsKey(policy.TeamId))
            {
                errors.Add(declaration.TeamAt, $"{context}: unknown team '{policy.TeamId}'");
            }
            else if (policy.TeamId.Length > 0 && !byTeam.TryAdd(policy.TeamId, declaration))
            {
                var first = byTeam[policy.TeamId];
                errors.Add(declaration.TeamAt,
                    $"{context}: team '{policy.TeamId}' already has error budget policy '{first.Policy.Id}' at {first.At}; a team has at most one, so merge their conditions");
            }
            for (var i = 0; i < policy.Rings.Count; i++)
            {
                if (!rings.ContainsKey(policy.Rings[i]))
                {
                    errors.Add(declaration.RingLines[i], $"{context}: unknown ring {policy.Rings[i]}");
                }
            }
        }
        return [.. declared.Select(p => p.Policy)];
    }

    private static void CheckRotations(
        IEnumerable<RotationDeclaration> rotations, Dictionary<string, TeamDeclaration> teams, Dictionary<string, PolicyDeclaration> policies, ErrorList errors)
    {
        foreach (var declaration in rotations)
        {
            var rotation = declaration.Rotation;
            var context = $"rotation '{rotation.Id}'";
            if (teams.TryGetValue(rotation.TeamId, out var team))
            {
                for (var i = 0; i < rotation.Participants.Count; i++)
                {
                    if (team.Team.FindMember(rotation.Participants[i]) is null)
                    {
                        errors.Add(declaration.ParticipantLines[i], $"{context}: participant '{rotation.Participants[i]}' is not a member of team '{rotation.TeamId}'");
                    }
                }
            }
            else if (rotation.TeamId.Length > 0)
            {
                errors.Add(declaration.TeamAt, $"{context}: unknown team '{rotation.TeamId}'");
            }
            if (rotation.EscalationPolicyId is not { } policyId)
            {
                // The default policy takes an id of its own; a declared policy must not hold it already.
                var defaultId = EscalationPolicy.DefaultIdFor(rotation.Id);
                if (rotation.Id.Length > 0 && policies.TryGetValue(defaultId, out var taken))
                {
                    errors.Add(declaration.At,
                        $"{context}: names no escalationPolicy, so it gets the default policy '{defaultId}', but that id is declared at {taken.At}; " +
                        $"name that policy in escalationPolicy, or give it another id");
                }
                continue;
            }
            if (!policies.TryGetValue(policyId, out var policy))
            {
                errors.Add(declaration.PolicyAt, $"{context}: unknown escalation policy '{policyId}'");
            }
            else if (policy.Policy.TeamId != rotation.TeamId && policy.Policy.TeamId.Length > 0 && rotation.TeamId.Length > 0)
            {
                errors.Add(declaration.PolicyAt, $"{context}: escalation policy '{policyId}' belongs to team '{policy.Policy.TeamId}', not to team '{rotation.TeamId}'");
            }
        }
    }

    private static void CheckPolicies(
        IEnumerable<PolicyDeclaration> policies,
        Dictionary<string, TeamDeclaration> teams,
        Dictionary<string, RotationDeclaration> rotations,
        Dictionary<string, (Member Member, string TeamId, SourceLine At)> people,
        ErrorList errors)
    {
        foreach (var declaration in policies)
        {
            var policy = declaration.Policy;
            var context = $"escalation policy '{policy.Id}'";
            if (policy.TeamId.Length > 0 && !teams.ContainsKey(policy.TeamId))
            {
                errors.Add(declaration.TeamAt, $"{context}: unknown team '{policy.TeamId}'");
            }
            for (var i = 0; i < policy.Steps.Count; i++)
            {
                if (StepProblem(policy.Steps[i], policy.TeamId, teams, rotations, people) is { } problem)
                {
                    errors.Add(declaration.StepTargetLines[i], $"{context}: step {i + 1}: {problem}");
                }
            }
        }
    }

    private static string? StepProblem(
        EscalationStep step,
        string policyTeam,
        Dictionary<string, TeamDeclaration> teams,
        Dictionary<string, RotationDeclaration> rotations,
        Dictionary<string, (Member Member, string TeamId, SourceLine At)> people)
    {
        // A missing target id was reported while reading.
        if (step.TargetId is not { } id)
        {
            return null;
        }
        return step.Target switch
        {
            EscalationTarget.RotationMain or EscalationTarget.RotationBackup when !rotations.TryGetValue(id, out _) => $"unknown rotation '{id}'",
            EscalationTarget.RotationBackup when !rotations[id].Rotation.HasBackup =>
                $"rotation '{id}' has no backup (shape {ScalarParsers.CamelCase(rotations[id].Rotation.Shape)})",
            EscalationTarget.Member when !people.ContainsKey(id) => $"unknown member '{id}'",
            // The policy's own team is reported once, on the policy.
            EscalationTarget.Team when id != policyTeam && !teams.ContainsKey(id) => $"unknown team '{id}'",
            _ => null,
        };
    }

    /// <summary>
    /// One route per region, to a rotation that exists. The rotation may belong to any team and may have a coverage
    /// window of its own (outside it, alerts stay with their owning team).
    /// </summary>
    private static void CheckOutOfHours(IEnumerable<OutOfHoursDeclaration> routes, Dictionary<string, RotationDeclaration> rotations, ErrorList errors)
    {
        var regions = new Dictionary<string, OutOfHoursDeclaration>(StringComparer.Ordinal);
        foreach (var declaration in routes)
        {
            var route = declaration.Route;
            var context = $"out-of-hours route '{route.Region}'";
            // A route without a region was reported while reading; its rotation is still checked.
            if (route.Region.Length > 0 && !regions.TryAdd(route.Region, declaration))
            {
                errors.Add(declaration.At, $"{context}: duplicate region, first declared at {regions[route.Region].At}");
            }
            if (route.RotationId.Length > 0 && !rotations.ContainsKey(route.RotationId))
            {
                errors.Add(declaration.RotationAt, $"{(route.Region.Length > 0 ? context : "out-of-hours route")}: unknown rotation '{route.RotationId}'");
            }
        }
    }
}
