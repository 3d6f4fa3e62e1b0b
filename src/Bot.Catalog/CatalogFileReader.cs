using Bot.Core.Catalog;
using YamlDotNet.RepresentationModel;

namespace Bot.Catalog;

/// <summary>
/// Reads one catalog document into <see cref="CatalogDeclarations"/>. Each top-level key is a section, so a big
/// organisation can split its catalog over files as it likes; a document with an <c>apiVersion</c> is OpenSLO
/// (<see cref="OpenSloReader"/>). Checks that need one item only (field syntax, required fields, a rotation's shape
/// against its participants) happen here; checks across items and files happen in <see cref="CatalogAssembler"/>.
/// </summary>
internal static class CatalogFileReader
{
    private static readonly string[] SectionKeys =
        ["org", "admins", "teams", "services", "rotations", "escalationPolicies", "outOfHours", "stakeholderGroups", "rings", "errorBudgetPolicies", "defaults"];
    private static readonly string[] OrgUnitKeys = ["id", "name", "kind", "parent"];
    private static readonly string[] TeamKeys = ["id", "name", "parent", "members", "destinations", "admins", "incidentRoles"];
    private static readonly string[] MemberKeys = ["id", "name", "email", "slackUserId", "msTeamsUserId", "timeZone"];
    private static readonly string[] DefaultsKeys = ["slos", "priorities", "budgetPriority", "incidentRoles"];

    public static void Read(YamlNode root, string file, CatalogDeclarations into, ErrorList errors)
    {
        if (root is not YamlMappingNode mapping)
        {
            // An empty document (or one holding only comments) declares nothing, which is fine.
            if (root is not YamlScalarNode { Value: null or "" })
            {
                errors.Add(new SourceLine(file, (int)root.Start.Line), $"a catalog file must be a mapping of sections ({string.Join(", ", SectionKeys)})");
            }
            return;
        }

        var document = MappingReader.Document(mapping, file, errors);
        if (OpenSloReader.IsOpenSlo(document))
        {
            OpenSloReader.Read(document, into);
            return;
        }
        document.RejectUnknownKeys(SectionKeys);
        into.OrgUnits.AddRange(document.Items("org", "org unit").Select(ReadOrgUnit));
        into.Admins.AddRange(document.Strings("admins"));
        into.Teams.AddRange(document.Items("teams", "team").Select(team => ReadTeam(team, into.RoleRotationReferences)));
        into.Services.AddRange(document.Items("services", "service").Select(ServiceReader.ReadService));
        into.Rotations.AddRange(document.Items("rotations", "rotation").Select(OnCallReader.ReadRotation));
        into.EscalationPolicies.AddRange(document.Items("escalationPolicies", "escalation policy").Select(OnCallReader.ReadPolicy));
        into.OutOfHours.AddRange(document.Items("outOfHours", "out-of-hours route").Select(OnCallReader.ReadOutOfHours));
        into.StakeholderGroups.AddRange(document.Items("stakeholderGroups", "stakeholder group").Select(StakeholderReader.ReadGroup));
        into.Rings.AddRange(document.Items("rings", "ring").Select(StakeholderReader.ReadRing));
        into.BudgetPolicies.AddRange(document.Items("errorBudgetPolicies", "error budget policy").Select(BudgetReader.ReadPolicy));
        if (document.Mapping("defaults") is { } defaults)
        {
            ReadDefaults(defaults, into);
        }
    }

    private static OrgUnitDeclaration ReadOrgUnit(MappingReader r)
    {
        var id = r.Id();
        r.RejectUnknownKeys(OrgUnitKeys);
        var name = r.RequiredString("name");
        var kind = r.Get(
            "kind", ScalarParsers.AsNullable<OrgUnitKind>(TryParseOrgKind),
            ScalarParsers.Allowed(OrgUnitKind.Org, OrgUnitKind.BusinessLine, OrgUnitKind.Domain) + " (teams go under 'teams')",
            null, required: true);
        var parent = r.Reference("parent");
        if (kind == OrgUnitKind.Org && parent is not null)
        {
            r.Error(parent.At, $"{r.Context}: the org is the root of the tree and has no parent");
        }
        else if (kind is not null and not OrgUnitKind.Org && parent is null)
        {
            r.Error("missing required field 'parent' (only the org has none)");
        }
        var unit = new OrgUnit(id, name, kind ?? OrgUnitKind.Domain, kind == OrgUnitKind.Org ? null : parent?.Value);
        return new OrgUnitDeclaration(unit, kind, r.At, parent?.At ?? r.At);
    }

    private static bool TryParseOrgKind(string text, out OrgUnitKind kind) =>
        ScalarParsers.TryParseEnum(text, out kind) && kind != OrgUnitKind.Team;

    private static TeamDeclaration ReadTeam(MappingReader r, List<RoleRotationReference> roleRotations)
    {
        var id = r.Id();
        r.RejectUnknownKeys(TeamKeys);
        var name = r.RequiredString("name");
        var parent = r.Reference("parent", required: true);

        var members = new List<Member>();
        var memberLines = new List<SourceLine>();
        foreach (var item in r.Items("members", $"{r.Context}: member"))
        {
            var member = ReadMember(item);
            if (member.Id.Length > 0 && members.FindIndex(m => m.Id == member.Id) is var first and >= 0)
            {
                item.Error($"duplicate id, first declared at {memberLines[first]}");
            }
            members.Add(member);
            memberLines.Add(item.At);
        }

        var admins = r.Strings("admins");
        foreach (var admin in admins.Where(a => !members.Exists(m => m.Id == a.Value)))
        {
            r.Error(admin.At, $"{r.Context}: admin '{admin.Value}' is not a member of the team");
        }

        var team = new Team(id, name, parent?.Value ?? string.Empty, members, DestinationReader.Read(r, required: true), [.. admins.Select(a => a.Value)])
        {
            IncidentRoles = RoleRotationReader.Read(r, roleRotations),
        };
        return new TeamDeclaration(team, r.At, parent?.At ?? r.At, memberLines);
    }

    private static Member ReadMember(MappingReader r)
    {
        var id = r.Id();
        r.RejectUnknownKeys(MemberKeys);
        var name = r.RequiredString("name");
        var email = r.Get<string?>("email", ScalarParsers.TryParseEmail, "expected an address like ana@example.com", null);
        var slack = r.Get<string?>("slackUserId", ScalarParsers.TryParseSlackUserId, "a Slack user id looks like U0123ABCD", null);
        var msTeams = r.Get<string?>("msTeamsUserId", ScalarParsers.TryParseMsTeamsUserId, "a Teams user id looks like 29:1AbC…", null);
        return new Member(id, name, email, slack, msTeams, ReadTimeZone(r));
    }

    /// <summary>The required <c>timeZone</c>: <c>team 'payments': member 'ana' has unknown time zone 'Europe/Berlinn'</c>.</summary>
    public static string ReadTimeZone(MappingReader r)
    {
        var text = r.RequiredString("timeZone");
        if (text.Length == 0)
        {
            return text;
        }
        if (ScalarParsers.TryParseTimeZone(text, out var zone))
        {
            return zone;
        }
        r.ValueError("timeZone", $"unknown time zone '{text}'");
        return text;
    }

    private static void ReadDefaults(MappingReader r, CatalogDeclarations into)
    {
        r.RejectUnknownKeys(DefaultsKeys);
        if (r.Has("slos"))
        {
            var templates = r.Items("slos", "default slo").Select(ServiceReader.ReadTemplate).ToList();
            if (into.DefaultSlos is { } earlier)
            {
                r.Error(r.LineOf("slos"), $"defaults.slos is declared twice; first at {earlier.At}");
            }
            else
            {
                into.DefaultSlos = new Located<IReadOnlyList<SloTemplateDeclaration>>(templates, r.LineOf("slos"));
            }
        }
        if (r.Has("priorities"))
        {
            var priorities = r.Items("priorities", "priority").Select(StakeholderReader.ReadPriority).ToList();
            if (into.Priorities is { } earlier)
            {
                r.Error(r.LineOf("priorities"), $"defaults.priorities is declared twice; first at {earlier.At}");
            }
            else
            {
                into.Priorities = new Located<IReadOnlyList<PriorityDeclaration>>(priorities, r.LineOf("priorities"));
            }
        }
        if (r.Has("incidentRoles"))
        {
            var roles = RoleRotationReader.Read(r, into.RoleRotationReferences);
            if (into.DefaultRoleRotations is { } earlier)
            {
                r.Error(r.LineOf("incidentRoles"), $"defaults.incidentRoles is declared twice; first at {earlier.At}");
            }
            else
            {
                into.DefaultRoleRotations = new Located<RoleRotations>(roles, r.LineOf("incidentRoles"));
            }
        }
        if (r.Has("budgetPriority"))
        {
            var rules = BudgetReader.ReadBudgetPriority(r);
            if (into.BudgetPriority is { } earlier)
            {
                r.Error(r.LineOf("budgetPriority"), $"defaults.budgetPriority is declared twice; first at {earlier.At}");
            }
            else if (rules is not null)
            {
                into.BudgetPriority = new Located<BudgetPriorityDeclaration>(rules, r.LineOf("budgetPriority"));
            }
        }
    }
}
