namespace Bot.Core.Postmortems;

/// <summary>Storage of postmortem action items.</summary>
public interface IActionItemStore
{
    /// <summary>Action items matching the query, by postmortem then id.</summary>
    Task<IReadOnlyList<ActionItem>> ListAsync(ActionItemQuery query, CancellationToken cancellationToken);
}

/// <summary>Filters for listing action items; null means any.</summary>
public sealed record ActionItemQuery(long? PostmortemId = null, string? TeamId = null, ActionItemState? State = null, int Limit = 500);
