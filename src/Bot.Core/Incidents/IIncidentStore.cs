namespace Bot.Core.Incidents;

/// <summary>Storage of incidents, their alert occurrences, timelines and pending chat deliveries.</summary>
public interface IIncidentStore
{
    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction: everything the session saved or enqueued commits
    /// together, or nothing does. On a conflict with a concurrent writer (two replicas opening the same dedup key)
    /// the work is run again from the start, so it must only act through the session.
    /// </summary>
    Task<T> WriteAsync<T>(Func<IIncidentSession, Task<T>> work, CancellationToken cancellationToken);

    /// <summary>An incident with its timeline, or null.</summary>
    Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>Incidents, newest first.</summary>
    Task<IReadOnlyList<IncidentRecord>> ListAsync(IncidentQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The breaches of an SLO that overlap the time since <paramref name="since"/>: each incident of the SLO (not a
    /// missing-data one) from when it started to when it resolved (null: still open), with the burn rate its alerts
    /// last reported. What the estimate from breaches is computed from.
    /// </summary>
    Task<IReadOnlyList<BreachSpan>> ListBreachesAsync(string sloId, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>How many incidents are open or acknowledged per SLO (SLOs with none are absent).</summary>
    Task<IReadOnlyDictionary<string, int>> CountOpenBySloAsync(CancellationToken cancellationToken);
}

/// <summary>An SLO breach as an interval: <see cref="Start"/> (the alert's start) to <see cref="End"/> (null while open).</summary>
public sealed record BreachSpan(long IncidentId, DateTimeOffset Start, DateTimeOffset? End, double? BurnRate);

/// <summary>What a write transaction can read and change.</summary>
public interface IIncidentSession
{
    Task<Incident?> FindAsync(long id, CancellationToken cancellationToken);

    /// <summary>The one incident of this dedup key that is not resolved, if any.</summary>
    Task<Incident?> FindOpenAsync(string dedupKey, CancellationToken cancellationToken);

    /// <summary>The incident (open or resolved) that holds the alert occurrence (fingerprint, starts at), if any.</summary>
    Task<Incident?> FindByOccurrenceAsync(string fingerprint, DateTimeOffset startsAt, CancellationToken cancellationToken);

    /// <summary>The most recently opened unresolved incident of a team, if any.</summary>
    Task<Incident?> FindLatestOpenAsync(string teamId, CancellationToken cancellationToken);

    /// <summary>Inserts (id 0) or updates the incident with its alert occurrences, appends its new timeline events, and marks it saved.</summary>
    Task SaveAsync(Incident incident, CancellationToken cancellationToken);

    /// <summary>Queues the first post of the incident's message to each destination; a destination already posted to is skipped.</summary>
    Task EnqueuePostsAsync(long incidentId, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken);

    /// <summary>
    /// Queues an edit of the incident's message on every destination it was posted to, and a thread reply when
    /// <paramref name="threadReply"/> is set. Edits coalesce: while one is pending (or the post itself is) no
    /// second is queued, since delivery renders the incident's latest state.
    /// </summary>
    Task EnqueueUpdateAsync(long incidentId, string? threadReply, CancellationToken cancellationToken);

    /// <summary>
    /// Queues a thread reply (may hold <see cref="Notifications.ChatText.Mention"/> tokens) under the incident's copy on
    /// each of <paramref name="destinationKeys"/> only, posted or pending (an escalation's mention in the team channels,
    /// its note in a person's direct message). A destination without a copy is skipped.
    /// </summary>
    Task EnqueueReplyAsync(long incidentId, string text, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken);
}

/// <summary>Filters for listing incidents; null means any.</summary>
public sealed record IncidentQuery(string? TeamId = null, IncidentState? State = null, int Limit = 100);

/// <summary>An incident with its whole timeline, oldest first.</summary>
public sealed record IncidentDetails(IncidentRecord Incident, IReadOnlyList<IncidentEvent> Timeline);
