using System.Globalization;
using Bot.Core.Postmortems;

namespace Bot.Core.Commands;

/// <summary>
/// The <c>action</c> verb (and <c>actions</c>): postmortem action items. <c>action add &lt;PM-id&gt; &lt;title…&gt; driver
/// @person review &lt;date&gt; [priority P1]</c>; <c>action &lt;AI-id&gt; state|driver|review &lt;value&gt;</c>;
/// <c>action list [team] [open|done|all]</c> (a bare <c>actions [team] [filter]</c> lists too).
/// </summary>
internal static class ActionItemGrammar
{
    /// <summary>The options that end an <c>add</c>, each a keyword and one word, in any order after the title.</summary>
    private static readonly string[] AddOptions = ["driver", "review", "priority"];

    public static BotCommand Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0)
        {
            return new ListActionItemsCommand(null, ActionItemFilter.Open);
        }
        var first = args[0].ToLowerInvariant();
        if (first == "add")
        {
            return Add(args[1..]);
        }
        if (first == "list")
        {
            return List(args[1..]);
        }
        if (PostmortemReference.TryParseActionItem(args[0], out var id))
        {
            return Change(id, args[1..]);
        }
        return args.Length <= 2
            ? List(args)
            : Invalid($"'{args[0]}' is not an action item; start with 'add', 'list' or an item like AI-3.");
    }

    private static BotCommand Add(string[] args)
    {
        if (args.Length == 0 || !PostmortemReference.TryParse(args[0], out var postmortemId))
        {
            return Invalid(args.Length == 0
                ? "name the postmortem first, e.g. 'action add PM-7 Alert on queue depth driver @ana review 2026-06-01'."
                : $"'{args[0]}' is not a postmortem; write it as PM-7 (or 7).");
        }
        var rest = args[1..];
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var end = rest.Length;
        // From the end, so a title may hold the words themselves: "Upgrade the JDBC driver driver @ana review 2026-06-01".
        while (end >= 2 && AddOptions.Contains(rest[end - 2].ToLowerInvariant()) && !options.ContainsKey(rest[end - 2].ToLowerInvariant()))
        {
            options[rest[end - 2].ToLowerInvariant()] = rest[end - 1];
            end -= 2;
        }
        var title = string.Join(' ', rest[..end]).Trim();
        if (title.Length == 0)
        {
            return Invalid("give the action item a title after the postmortem, e.g. 'action add PM-7 Alert on queue depth driver @ana review 2026-06-01'.");
        }
        if (!options.TryGetValue("driver", out var driver))
        {
            return Invalid("name the driver at the end: '… driver @ana review 2026-06-01'.");
        }
        if (!options.TryGetValue("review", out var review))
        {
            return Invalid("give the review date at the end: '… driver @ana review 2026-06-01'.");
        }
        int? priority = null;
        if (options.TryGetValue("priority", out var level))
        {
            if (!TryParsePriority(level, out var p))
            {
                return Invalid($"'{level}' is not a priority; use P1 to P5 (or 1 to 5).");
            }
            priority = p;
        }
        return new AddActionItemCommand(postmortemId, title, driver, review, priority);
    }

    private static BotCommand Change(long id, string[] args) => args switch
    {
        [var what, var value] => what.ToLowerInvariant() switch
        {
            "state" => ActionItemStates.TryParse(value, out var state)
                ? new MoveActionItemCommand(id, state)
                : Invalid($"'{value}' is not an action item state; use {string.Join(", ", ActionItemStates.Words)}."),
            "driver" => new ChangeActionItemDriverCommand(id, value),
            "review" => new ChangeActionItemReviewCommand(id, value),
            _ => Invalid($"'{what}' cannot be changed; say state, driver or review."),
        },
        [] => Invalid($"say what to change of {PostmortemReference.OfActionItem(id)}: 'state in-work', 'driver @bo' or 'review 2026-06-10'."),
        _ => Invalid($"expected 'state', 'driver' or 'review' and one value after {PostmortemReference.OfActionItem(id)}, got '{string.Join(' ', args)}'."),
    };

    /// <summary>Up to a team and a filter, in either order.</summary>
    private static BotCommand List(string[] args)
    {
        string? team = null;
        ActionItemFilter? filter = null;
        foreach (var word in args)
        {
            ActionItemFilter? asFilter = word.ToLowerInvariant() switch
            {
                "open" => ActionItemFilter.Open,
                "done" => ActionItemFilter.Done,
                "all" => ActionItemFilter.All,
                _ => null,
            };
            if (asFilter is not null && filter is null)
            {
                filter = asFilter;
            }
            else if (asFilter is null && team is null)
            {
                team = word.TrimStart('@');
            }
            else
            {
                return Invalid($"expected at most a team and one of open, done or all; got '{string.Join(' ', args)}'.");
            }
        }
        return new ListActionItemsCommand(team, filter ?? ActionItemFilter.Open);
    }

    private static bool TryParsePriority(string text, out int level) =>
        int.TryParse(text.TrimStart('p', 'P'), NumberStyles.None, CultureInfo.InvariantCulture, out level) && level is >= 1 and <= 5;

    private static InvalidCommand Invalid(string problem) => new(problem, CommandGrammar.Usage("action"));
}
