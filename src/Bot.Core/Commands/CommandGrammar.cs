using System.Globalization;
using System.Text.RegularExpressions;

namespace Bot.Core.Commands;

/// <summary>
/// The one command grammar of every chat adapter: <c>/slo &lt;verb&gt; …</c> on Slack, <c>@SLO Bot &lt;verb&gt; …</c>
/// on Teams, the same text in the console. Adapters only translate to and from it.
/// </summary>
public static partial class CommandGrammar
{
    /// <summary>Every verb, in the order help lists them.</summary>
    public static IReadOnlyList<VerbHelp> Verbs { get; } =
    [
        new("help", "help", "List every command with an example.", "help"),
        new("status", "status [team|service|domain|all]", "SLO compliance and error budgets, worst first, with open incidents (your team when omitted).", "status payments"),
        new("ack", "ack [incident]", "Acknowledge an incident (the channel team's latest open one when omitted).", "ack #42"),
        new("resolve", "resolve [incident]", "Resolve an incident by hand.", "resolve #42"),
        new("oncall", "oncall [team]", "Who is on call for a team right now, and the next shifts.", "oncall payments"),
        new("rotate", "rotate [team] [confirm]", "Hand the team's on-call over to the next shift now (asks to confirm).", "rotate payments"),
        new("override", "override @person <from> <to> | override @person until <to> | override cancel", "Someone covers on-call as main for a while.", "override @ana 2026-12-24T18:00 2026-12-27T09:00"),
        new("cover", "cover <from> <to> | cover until <to>", "Ask your team for someone to take your on-call shift for a while; the first to accept gets it.", "cover 2026-12-24T18:00 2026-12-27T09:00"),
        new("incident", "incident <id> priority|severity|coordinator|communicator|expert <value> [why] | roles", "Reclassify an incident (priority P1-P5, severity critical|error|warning) or give out its response roles (@person, me, rotation [id]); the why goes on its timeline.", "incident #42 priority P1 hotfix needed"),
        new("subscribe", "subscribe [group] | unsubscribe <group>", "Receive a stakeholder group's notifications in a direct message (no group: list the groups).", "subscribe product-management"),
        new("notify", "notify <incident> first|update|final <text>", "Send the stakeholders a bracketed notification; first and updates say when the next comes, final the time to recovery.", "notify #42 first Card payments fail in the EU"),
        new("postmortem", "postmortem [incident] | postmortem <PM-id> set|meeting|state|edit … | postmortem list", "Start an incident's postmortem from the template; set <section> <text>, meeting <when>, state draft|reviewed|published, edit (Slack: a form); list [team] [overdue].", "postmortem #42"),
        new("action", "action add <PM-id> <title> driver @x review <date> | action <AI-id> state <s> | action list", "Track a postmortem's action items New → Ready → In work → Implemented → Done (also driver @x, review <date>, priority P1-P5); list [team] [open|done|all] with lead and cycle times.", "action add PM-7 Alert on queue depth driver @ana review 2026-06-01"),
    ];

    /// <summary>Ordinary white space only: the no-break spaces inside a Teams mention keep it one word.</summary>
    private static readonly char[] WordSeparators = [' ', '\t', '\r', '\n'];

    public static BotCommand Parse(string? text)
    {
        // A Teams mention of a person, <at>Ana Kovač</at>, is one word of the grammar: @Ana Kovač with no-break spaces.
        text = TeamsMention().Replace(text ?? string.Empty, m => "@" + m.Groups[1].Value.Trim().Replace(' ', '\u00A0'));
        var words = text.Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0)
        {
            return new HelpCommand();
        }
        var verb = words[0].ToLowerInvariant();
        var args = words[1..];
        return verb switch
        {
            "help" => new HelpCommand(),
            "status" => args.Length <= 1 ? new StatusCommand(args.FirstOrDefault()) : TooMany(verb, args, 1),
            "oncall" or "on-call" => args.Length <= 1 ? new OnCallCommand(args.FirstOrDefault()?.TrimStart('@')) : TooMany("oncall", args, 1),
            "ack" or "acknowledge" => IncidentArgument(Usage("ack"), args, id => new AcknowledgeCommand(id)),
            "resolve" => IncidentArgument(Usage("resolve"), args, id => new ResolveCommand(id)),
            "override" => Override(args),
            "cover" => args switch
            {
                ["until", var to] => new CoverCommand(null, to),
                [var from, var to] when from != "until" => new CoverCommand(from, to),
                _ => new InvalidCommand(
                    args.Length == 0 ? "say when you need cover, e.g. 'cover now +4h' or 'cover until 2026-12-27T09:00'." : $"expected two times, or 'until' and a time; got '{string.Join(' ', args)}'.",
                    Usage("cover")),
            },
            "rotate" => args switch
            {
                [] => new RotateCommand(null, false),
                ["confirm"] => new RotateCommand(null, true),
                [var team] => new RotateCommand(team.TrimStart('@'), false),
                [var team, "confirm"] => new RotateCommand(team.TrimStart('@'), true),
                _ => new InvalidCommand($"expected at most a team and 'confirm', got '{string.Join(' ', args)}'.", Usage("rotate")),
            },
            "incident" => IncidentGrammar.Parse(args),
            "subscribe" or "unsubscribe" or "notify" => StakeholderGrammar.Parse(verb, args),
            "postmortem" or "postmortems" => PostmortemGrammar.Parse(args),
            "action" or "actions" => ActionItemGrammar.Parse(args),
            _ => new InvalidCommand($"'{words[0]}' is not a command. Try one of: {string.Join(", ", Verbs.Select(v => v.Verb))}.", "help"),
        };
    }

    /// <summary>Reads an incident id written as <c>42</c> or <c>#42</c>.</summary>
    public static bool TryParseIncidentId(string text, out long id) =>
        long.TryParse(text.TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out id) && id > 0;

    public static string Usage(string verb) => Verbs.First(v => v.Verb == verb).Syntax;

    private static BotCommand IncidentArgument(string usage, string[] args, Func<long?, BotCommand> build)
    {
        if (args.Length == 0)
        {
            return build(null);
        }
        if (args.Length > 1)
        {
            return new InvalidCommand($"expected at most one incident id, got '{string.Join(' ', args)}'.", usage);
        }
        return TryParseIncidentId(args[0], out var id)
            ? build(id)
            : new InvalidCommand($"'{args[0]}' is not an incident id; write it as 42 or #42.", usage);
    }

    private static BotCommand Override(string[] args) => args switch
    {
        ["cancel"] => new OverrideCancelCommand(),
        [var person, "until", var to] => new OverrideCommand(person, null, to),
        [var person, var from, var to] when from != "until" => new OverrideCommand(person, from, to),
        _ => new InvalidCommand(
            args.Length == 0 ? "name who covers and when, e.g. 'override @ana until +4h'." : $"expected a person and two times, or a person, 'until' and a time; got '{string.Join(' ', args)}'.",
            Usage("override")),
    };

    private static InvalidCommand TooMany(string verb, string[] args, int allowed) =>
        new($"'{verb}' takes at most {allowed} argument(s), got '{string.Join(' ', args)}'.", Usage(verb));

    [GeneratedRegex("<at>([^<]*)</at>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TeamsMention();
}

/// <summary>One verb of the grammar as help shows it.</summary>
public sealed record VerbHelp(string Verb, string Syntax, string Description, string Example);
