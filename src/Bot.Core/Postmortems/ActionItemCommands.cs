using Bot.Core.Commands;

namespace Bot.Core.Postmortems;

/// <summary>
/// <c>action add &lt;PM-id&gt; &lt;title&gt; driver @person review &lt;date&gt; [priority P1]</c>: a postmortem's new action
/// item. The person and the date are as typed; the handler reads them against the catalog and the reader's time zone.
/// </summary>
public sealed record AddActionItemCommand(long PostmortemId, string Title, string Driver, string ReviewOn, int? Priority) : ResponseCommand;

/// <summary><c>action &lt;AI-id&gt; state &lt;state&gt;</c>: move an action item (forward any steps, back one).</summary>
public sealed record MoveActionItemCommand(long ActionItemId, ActionItemState State) : ResponseCommand;

/// <summary><c>action &lt;AI-id&gt; driver @person</c>: hand an action item to another driver.</summary>
public sealed record ChangeActionItemDriverCommand(long ActionItemId, string Driver) : ResponseCommand;

/// <summary><c>action &lt;AI-id&gt; review &lt;date&gt;</c>: move an action item's review date (its reminder moves with it).</summary>
public sealed record ChangeActionItemReviewCommand(long ActionItemId, string ReviewOn) : ResponseCommand;

/// <summary><c>action list [team] [open|done|all]</c>: a team's action items as the book's table, with lead and cycle times.</summary>
/// <param name="Team">Null: the channel's team, else the caller's first team.</param>
public sealed record ListActionItemsCommand(string? Team, ActionItemFilter Filter) : ResponseCommand;

/// <summary>Which of a team's action items a list shows.</summary>
public enum ActionItemFilter
{
    /// <summary>Those not done yet.</summary>
    Open,
    /// <summary>Done ones, each with its lead and cycle time.</summary>
    Done,
    All,
}
