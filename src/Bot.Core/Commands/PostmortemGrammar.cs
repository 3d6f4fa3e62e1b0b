using Bot.Core.Postmortems;

namespace Bot.Core.Commands;

/// <summary>
/// The <c>postmortem</c> verb: <c>postmortem [incident]</c> starts (or shows) an incident's postmortem;
/// <c>postmortem PM-3</c> shows one; <c>postmortem &lt;PM-id|#incident&gt; set &lt;section&gt; &lt;text…&gt;</c>,
/// <c>… meeting &lt;when&gt;</c> and <c>… state draft|reviewed|published</c> change it; <c>postmortem list [team] [overdue]</c> lists.
/// </summary>
internal static class PostmortemGrammar
{
    public static BotCommand Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var usage = CommandGrammar.Usage("postmortem");
        if (args.Length == 0)
        {
            return new PostmortemStartCommand(null);
        }
        if (args[0].Equals("list", StringComparison.OrdinalIgnoreCase))
        {
            return List(args[1..], usage);
        }
        if (Target(args[0]) is not { } target)
        {
            return new InvalidCommand($"'{args[0]}' is neither an incident (#42) nor a postmortem (PM-3).", usage);
        }
        if (args.Length == 1)
        {
            return target.PostmortemId is { } id ? new PostmortemShowCommand(id) : new PostmortemStartCommand(target.IncidentId);
        }
        var rest = args[2..];
        switch (args[1].ToLowerInvariant())
        {
            case "set":
                return rest.Length >= 2
                    ? new PostmortemSetCommand(target, rest[0], string.Join(' ', rest[1..]))
                    : new InvalidCommand($"say which section and its new text, e.g. '{args[0]} set summary Card payments failed for 51 minutes'.", usage);
            case "meeting":
                return rest.Length == 1
                    ? new PostmortemMeetingCommand(target, rest[0])
                    : new InvalidCommand($"say when the meeting is as one word, e.g. '{args[0]} meeting 2026-05-06T14:00' (your time zone) or '+2d'.", usage);
            case "state":
                PostmortemState? state = rest.Length == 1 ? rest[0].ToLowerInvariant() switch
                {
                    "draft" => PostmortemState.Draft,
                    "reviewed" => PostmortemState.Reviewed,
                    "published" => PostmortemState.Published,
                    _ => null,
                } : null;
                return state is { } s
                    ? new PostmortemStateCommand(target, s)
                    : new InvalidCommand($"'{string.Join(' ', rest)}' is not a postmortem state; use draft, reviewed or published.", usage);
            default:
                return new InvalidCommand($"'{args[1]}' is not something a postmortem does; use set, meeting or state.", usage);
        }
    }

    private static BotCommand List(string[] args, string usage)
    {
        var overdue = args.Any(a => a.Equals("overdue", StringComparison.OrdinalIgnoreCase));
        var others = args.Where(a => !a.Equals("overdue", StringComparison.OrdinalIgnoreCase)).ToList();
        return others.Count <= 1
            ? new PostmortemListCommand(others.FirstOrDefault()?.TrimStart('@'), overdue)
            : new InvalidCommand($"'postmortem list' takes a team and 'overdue', got '{string.Join(' ', args)}'.", usage);
    }

    /// <summary><c>PM-3</c> names a postmortem; <c>#42</c> or <c>42</c> an incident.</summary>
    private static PostmortemTarget? Target(string word)
    {
        if (word.StartsWith("PM-", StringComparison.OrdinalIgnoreCase))
        {
            return PostmortemReference.TryParse(word, out var postmortemId) ? new PostmortemTarget(postmortemId, null) : null;
        }
        return CommandGrammar.TryParseIncidentId(word, out var incidentId) ? new PostmortemTarget(null, incidentId) : null;
    }
}
