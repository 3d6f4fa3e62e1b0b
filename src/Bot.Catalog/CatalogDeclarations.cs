using Bot.Core.Catalog;

namespace Bot.Catalog;

/// <summary>
/// Everything the catalog files declare, merged in file order, each item with the lines that the
/// cross-file checks (duplicates, references, the org tree) need for their messages.
/// </summary>
internal sealed class CatalogDeclarations
{
    public List<OrgUnitDeclaration> OrgUnits { get; } = [];
    public List<Located<string>> Admins { get; } = [];
    public List<TeamDeclaration> Teams { get; } = [];
    public List<ServiceDeclaration> Services { get; } = [];
    public List<RotationDeclaration> Rotations { get; } = [];
    public List<PolicyDeclaration> EscalationPolicies { get; } = [];
    public List<OutOfHoursDeclaration> OutOfHours { get; } = [];
    public List<Located<StakeholderGroup>> StakeholderGroups { get; } = [];
    public List<RingDeclaration> Rings { get; } = [];
    public List<BudgetPolicyDeclaration> BudgetPolicies { get; } = [];
    public List<OpenSloDeclaration> OpenSlos { get; } = [];
    public List<OpenSliDeclaration> OpenSlis { get; } = [];

    /// <summary>Declared default SLOs, or null when no file declares <c>defaults.slos</c> (the built-in ones apply).</summary>
    public Located<IReadOnlyList<SloTemplateDeclaration>>? DefaultSlos { get; set; }

    /// <summary>Declared priorities, or null when no file declares <c>defaults.priorities</c> (the book's P1–P3 apply).</summary>
    public Located<IReadOnlyList<PriorityDeclaration>>? Priorities { get; set; }

    /// <summary>The declared <c>defaults.incidentRoles</c>, or null when no file declares it (no role rotations).</summary>
    public Located<RoleRotations>? DefaultRoleRotations { get; set; }

    /// <summary>Every rotation that an <c>incidentRoles</c> mapping names, in <c>defaults</c> or on a team.</summary>
    public List<RoleRotationReference> RoleRotationReferences { get; } = [];

    /// <summary>The declared <c>defaults.budgetPriority</c>, or null when no file declares it (off).</summary>
    public Located<BudgetPriorityDeclaration>? BudgetPriority { get; set; }
}

/// <param name="Kind">The declared kind, or null when it was missing or invalid (already reported).</param>
internal sealed record OrgUnitDeclaration(OrgUnit Unit, OrgUnitKind? Kind, SourceLine At, SourceLine ParentAt);

/// <param name="MemberLines">The line of each member, in the order of <see cref="Team.Members"/>.</param>
internal sealed record TeamDeclaration(Team Team, SourceLine At, SourceLine ParentAt, IReadOnlyList<SourceLine> MemberLines);

internal sealed record ServiceDeclaration(Service Service, SourceLine At, SourceLine TeamAt, IReadOnlyList<SloDeclaration> Slos);

internal sealed record SloDeclaration(Slo Slo, SourceLine At, SourceLine PriorityAt);

/// <summary>A default SLO: applied to each service that declares no SLO of its own.</summary>
internal sealed record SloTemplate(string Name, SliKind Sli, double Target, SloWindow Window, TimeSpan? LatencyThreshold, int? Priority, string? Description)
{
    public Slo For(string serviceId) =>
        new($"{serviceId}-{Name}", Name, serviceId, Sli, Target, Window, LatencyThreshold, Priority, Description, [], IsDefault: true);
}

internal sealed record SloTemplateDeclaration(SloTemplate Template, SourceLine At, SourceLine PriorityAt);

internal sealed record RotationDeclaration(
    Rotation Rotation,
    SourceLine At,
    SourceLine TeamAt,
    IReadOnlyList<SourceLine> ParticipantLines,
    SourceLine PolicyAt);

/// <param name="StepTargetLines">Per step, the line of its target id (or of the step when the id is implied).</param>
internal sealed record PolicyDeclaration(EscalationPolicy Policy, SourceLine At, SourceLine TeamAt, IReadOnlyList<SourceLine> StepTargetLines);

internal sealed record OutOfHoursDeclaration(OutOfHoursRoute Route, SourceLine At, SourceLine RotationAt);

internal sealed record RingDeclaration(StakeholderRing Ring, SourceLine At, IReadOnlyList<SourceLine> GroupLines);

internal sealed record PriorityDeclaration(PriorityDefinition Priority, SourceLine At, IReadOnlyList<SourceLine> RingLines);

/// <param name="RingLines">The line of each ring number, in the order of <see cref="ErrorBudgetPolicy.Rings"/>.</param>
internal sealed record BudgetPolicyDeclaration(ErrorBudgetPolicy Policy, SourceLine At, SourceLine TeamAt, IReadOnlyList<SourceLine> RingLines);

/// <param name="Rules">The rules, or null when declared <c>off</c>.</param>
/// <param name="Levels">Each priority the tables name, at its line, for the check that the catalog defines it.</param>
internal sealed record BudgetPriorityDeclaration(BudgetPriorityRules? Rules, IReadOnlyList<Located<int>> Levels);
