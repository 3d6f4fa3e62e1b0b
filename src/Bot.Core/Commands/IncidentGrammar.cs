using System.Globalization;
using Bot.Core.Incidents;

namespace Bot.Core.Commands;

/// <summary>The <c>incident</c> verb: reclassify an incident (priority, severity) or give out its response roles.</summary>
internal static class IncidentGrammar
{
    public static BotCommand Parse(string[] args)
    {
        var usage = CommandGrammar.Usage("incident");
        if (args.Length == 0 || !CommandGrammar.TryParseIncidentId(args[0], out var id))
        {
            return new InvalidCommand("name the incident first, e.g. 'incident #42 priority P1'.", usage);
        }
        if (args.Length == 1)
        {
            return new InvalidCommand("say what to change: 'priority P1', 'severity critical', a role ('coordinator me'), or 'roles' to see them.", usage);
        }
        var what = args[1].ToLowerInvariant();
        return what switch
        {
            "priority" or "severity" => Classify(id, args, usage),
            "roles" => args.Length == 2
                ? new ShowRolesCommand(id)
                : new InvalidCommand($"'roles' takes nothing after it, got '{string.Join(' ', args[2..])}'.", usage),
            _ when RoleOf(what) is { } role => Role(id, role, args, usage),
            _ => new InvalidCommand($"'{args[1]}' cannot be changed; say 'priority', 'severity', 'coordinator', 'communicator', 'expert' or 'roles'.", usage),
        };
    }

    /// <summary><c>incident &lt;id&gt; priority &lt;P1-P5&gt; [why]</c> or <c>incident &lt;id&gt; severity &lt;level&gt; [why]</c>.</summary>
    private static BotCommand Classify(long id, string[] args, string usage)
    {
        if (args.Length < 3)
        {
            return new InvalidCommand(
                args[1].Equals("priority", StringComparison.OrdinalIgnoreCase) ? "say the new priority, e.g. 'priority P1'." : "say the new severity, e.g. 'severity critical'.",
                usage);
        }
        var why = Why(args, 3);
        var value = args[2].ToLowerInvariant();
        if (args[1].Equals("priority", StringComparison.OrdinalIgnoreCase))
        {
            return int.TryParse(value.TrimStart('p'), NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 5
                ? new ClassifyCommand(id, level, null, why)
                : new InvalidCommand($"'{args[2]}' is not a priority; use P1 to P5 (or 1 to 5).", usage);
        }
        IncidentSeverity? severity = value switch
        {
            "critical" => IncidentSeverity.Critical,
            "error" => IncidentSeverity.Error,
            "warning" => IncidentSeverity.Warning,
            _ => null,
        };
        return severity is { } s
            ? new ClassifyCommand(id, null, s, why)
            : new InvalidCommand($"'{args[2]}' is not a severity; use critical, error or warning.", usage);
    }

    /// <summary>
    /// <c>&lt;role&gt; &lt;@person|me&gt; [why]</c>, <c>&lt;role&gt; rotation [rotation-id [why]]</c>, or
    /// <c>&lt;role&gt; remove [@person] [why]</c> (experts name the person to remove).
    /// </summary>
    private static BotCommand Role(long id, IncidentRole role, string[] args, string usage)
    {
        var name = Incident.RoleName(role);
        if (args.Length < 3)
        {
            return new InvalidCommand($"say who is the {name}: '@person', 'me', or 'rotation' for whoever is on call now.", usage);
        }
        switch (args[2].ToLowerInvariant())
        {
            case "me":
                return new AssignRoleCommand(id, role, RoleAssignee.Me, Why(args, 3));
            case "rotation":
                return new AssignRoleCommand(id, role, RoleAssignee.OnCall(args.Length > 3 ? args[3] : null), Why(args, 4));
            case "remove":
                if (role != IncidentRole.Expert)
                {
                    return new ReleaseRoleCommand(id, role, null, Why(args, 3));
                }
                return args.Length > 3
                    ? new ReleaseRoleCommand(id, role, args[3], Why(args, 4))
                    : new InvalidCommand("say which expert to remove, e.g. 'expert remove @bob'.", usage);
            default:
                return new AssignRoleCommand(id, role, RoleAssignee.Person(args[2]), Why(args, 3));
        }
    }

    private static IncidentRole? RoleOf(string word) => word switch
    {
        "coordinator" => IncidentRole.Coordinator,
        "communicator" => IncidentRole.Communicator,
        "expert" or "experts" => IncidentRole.Expert,
        _ => null,
    };

    private static string? Why(string[] args, int from) => args.Length > from ? string.Join(' ', args[from..]) : null;
}
