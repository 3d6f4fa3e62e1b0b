using Bot.Core.Stakeholders;

namespace Bot.Core.Commands;

/// <summary>The <c>subscribe</c>, <c>unsubscribe</c> and <c>notify</c> verbs (stakeholder notifications, book ch. 8).</summary>
internal static class StakeholderGrammar
{
    public static BotCommand Parse(string verb, string[] args) => verb switch
    {
        "subscribe" => args switch
        {
            [] => new SubscribeCommand(null),
            [var group] => new SubscribeCommand(group),
            _ => new InvalidCommand($"'subscribe' takes one group, got '{string.Join(' ', args)}'.", CommandGrammar.Usage("subscribe")),
        },
        "unsubscribe" => args switch
        {
            [var group] => new UnsubscribeCommand(group),
            [] => new InvalidCommand("name the group to leave, e.g. 'unsubscribe product-management'; 'subscribe' lists them.", CommandGrammar.Usage("subscribe")),
            _ => new InvalidCommand($"'unsubscribe' takes one group, got '{string.Join(' ', args)}'.", CommandGrammar.Usage("subscribe")),
        },
        _ => Notify(args),
    };

    /// <summary><c>notify &lt;incident&gt; first|update|final &lt;text&gt;</c>.</summary>
    private static BotCommand Notify(string[] args)
    {
        var usage = CommandGrammar.Usage("notify");
        if (args.Length == 0 || !CommandGrammar.TryParseIncidentId(args[0], out var id))
        {
            return new InvalidCommand(
                args.Length == 0 ? "name the incident first, e.g. 'notify #42 first Card payments fail in the EU'." : $"'{args[0]}' is not an incident id; write it as 42 or #42.",
                usage);
        }
        if (args.Length == 1)
        {
            return new InvalidCommand("say which notification: first, update or final, then its text.", usage);
        }
        NotificationBracket? bracket = args[1].ToLowerInvariant() switch
        {
            "first" => NotificationBracket.First,
            "update" => NotificationBracket.Update,
            "final" => NotificationBracket.Final,
            _ => null,
        };
        if (bracket is not { } kind)
        {
            return new InvalidCommand($"'{args[1]}' is not a notification; use first, update or final.", usage);
        }
        if (args.Length == 2)
        {
            return new InvalidCommand($"write the {args[1].ToLowerInvariant()} notification's text after '{args[1].ToLowerInvariant()}': what the stakeholders need to know, nothing more.", usage);
        }
        return new NotifyCommand(id, kind, string.Join(' ', args[2..]));
    }
}
