using System.Globalization;
using Bot.Core.Incidents;

namespace Bot.Core.Commands;

/// <summary>The <c>incident</c> verb: reclassify an incident (priority, severity) or give out its response roles.</summary>
internal static class IncidentGrammar
{
    public static BotCommand Parse(string[] args) => Classify(args);

    /// <summary><c>incident &lt;id&gt; priority &lt;P1-P5&gt; [why]</c> or <c>incident &lt;id&gt; severity &lt;level&gt; [why]</c>.</summary>
    private static BotCommand Classify(string[] args)
    {
        var usage = CommandGrammar.Usage("incident");
        if (args.Length < 3 || !CommandGrammar.TryParseIncidentId(args[0], out var id))
        {
            return new InvalidCommand(
                args.Length == 0 || !CommandGrammar.TryParseIncidentId(args[0], out _)
                    ? "name the incident first, e.g. 'incident #42 priority P1'."
                    : "say what to change: 'priority P1' or 'severity critical'.",
                usage);
        }
        var why = args.Length > 3 ? string.Join(' ', args[3..]) : null;
        var value = args[2].ToLowerInvariant();
        switch (args[1].ToLowerInvariant())
        {
            case "priority":
                return int.TryParse(value.TrimStart('p'), NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 5
                    ? new ClassifyCommand(id, level, null, why)
                    : new InvalidCommand($"'{args[2]}' is not a priority; use P1 to P5 (or 1 to 5).", usage);
            case "severity":
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
            default:
                return new InvalidCommand($"'{args[1]}' cannot be changed; say 'priority' or 'severity'.", usage);
        }
    }

}
