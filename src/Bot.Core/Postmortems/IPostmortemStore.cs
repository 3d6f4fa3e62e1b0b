using Bot.Core.Incidents;

namespace Bot.Core.Postmortems;

/// <summary>Storage of postmortems (one per incident) and of the timeliness reminders sent about them.</summary>
public interface IPostmortemStore
{
    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction with the incident store: the postmortem, the incident's
    /// timeline events and the outbox rows commit together, or nothing does. Run again from the start on a conflict.
    /// </summary>
    Task<T> WriteAsync<T>(Func<IPostmortemSession, Task<T>> work, CancellationToken cancellationToken);

    Task<Postmortem?> FindAsync(long id, CancellationToken cancellationToken);

    Task<Postmortem?> FindByIncidentAsync(long incidentId, CancellationToken cancellationToken);

    /// <summary>Postmortems, newest first.</summary>
    Task<IReadOnlyList<Postmortem>> ListAsync(PostmortemQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The incidents of <paramref name="priorities"/> resolved since <paramref name="resolvedSince"/>, oldest resolution
    /// first, each with its postmortem (if started) and the reminders already sent: what timeliness is judged on.
    /// </summary>
    Task<IReadOnlyList<PostmortemDue>> ListDueAsync(IReadOnlyCollection<int> priorities, DateTimeOffset resolvedSince, string? teamId, CancellationToken cancellationToken);
}

/// <summary>What a postmortem write can read and change; <see cref="Incidents"/> writes in the same transaction.</summary>
public interface IPostmortemSession
{
    IIncidentSession Incidents { get; }

    /// <summary>The postmortem, locked until the commit.</summary>
    Task<Postmortem?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>The incident's postmortem, locked until the commit.</summary>
    Task<Postmortem?> FindByIncidentAsync(long incidentId, CancellationToken cancellationToken);

    /// <summary>Stores a new postmortem (id 0, version 1); null when its incident already has one (also one committing now).</summary>
    Task<Postmortem?> AddAsync(Postmortem postmortem, CancellationToken cancellationToken);

    /// <summary>Stores a change: its <see cref="Postmortem.Version"/> must be the stored one plus one.</summary>
    Task SaveAsync(Postmortem postmortem, CancellationToken cancellationToken);

    /// <summary>Notes that a reminder of <paramref name="kind"/> went out about the incident; false when one already had (send nothing then).</summary>
    Task<bool> ClaimReminderAsync(long incidentId, string kind, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>Filters for listing postmortems; null means any.</summary>
public sealed record PostmortemQuery(string? TeamId = null, PostmortemState? State = null, int Limit = 100);

/// <summary>A resolved incident whose priority requires a postmortem, as timeliness sees it.</summary>
/// <param name="RemindersSent">The kinds of reminder already sent (<c>postmortem-start</c>, <c>postmortem-meeting</c>).</param>
public sealed record PostmortemDue(
    long IncidentId,
    string? TeamId,
    string Title,
    int Priority,
    DateTimeOffset ResolvedAt,
    Postmortem? Postmortem,
    IReadOnlyList<string> RemindersSent);
