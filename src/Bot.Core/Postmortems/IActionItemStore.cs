using Bot.Core.Incidents;

namespace Bot.Core.Postmortems;

/// <summary>Storage of postmortem action items.</summary>
public interface IActionItemStore
{
    /// <summary>Action items matching the query, by postmortem then id.</summary>
    Task<IReadOnlyList<ActionItem>> ListAsync(ActionItemQuery query, CancellationToken cancellationToken);

    /// <summary>An action item, or null.</summary>
    Task<ActionItem?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction with the incidents' (their timeline events and thread
    /// replies): everything the session saved or enqueued commits together, or nothing does. On a conflict with a
    /// concurrent writer the work is run again from the start, so it must only act through the session.
    /// </summary>
    Task<T> WriteAsync<T>(Func<IActionItemSession, Task<T>> work, CancellationToken cancellationToken);
}

/// <summary>What an action item write transaction can read and change.</summary>
public interface IActionItemSession
{
    /// <summary>The incidents of the same transaction: the item's incident, its timeline and its messages.</summary>
    IIncidentSession Incidents { get; }

    /// <summary>The postmortem an item is added to (its incident and team), or null when there is none with that id.</summary>
    Task<PostmortemOwner?> FindPostmortemAsync(long postmortemId, CancellationToken cancellationToken);

    /// <summary>The item, read for update: a concurrent writer of the same item waits or conflicts (and the work reruns).</summary>
    Task<ActionItem?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>Stores a new item (<see cref="ActionItem.Id"/> 0, <see cref="ActionItem.Version"/> 1) and returns it with its id.</summary>
    Task<ActionItem> AddAsync(ActionItem item, CancellationToken cancellationToken);

    /// <summary>Saves a change to a stored item: its <see cref="ActionItem.Version"/> must be the stored one plus one (throws otherwise).</summary>
    Task SaveAsync(ActionItem item, CancellationToken cancellationToken);
}

/// <summary>Which incident and team a postmortem belongs to: what its action items inherit.</summary>
public sealed record PostmortemOwner(long PostmortemId, long IncidentId, string? TeamId);

/// <summary>Filters for listing action items; null means any.</summary>
public sealed record ActionItemQuery(long? PostmortemId = null, string? TeamId = null, ActionItemState? State = null, int Limit = 500);
