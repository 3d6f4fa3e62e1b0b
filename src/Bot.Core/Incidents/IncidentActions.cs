using Bot.Core.Catalog;

namespace Bot.Core.Incidents;

/// <summary>
/// Acknowledge and resolve, as every chat adapter calls them. Only members of the owning team and admins may act
/// (anyone in the catalog, for an unrouted incident); each change is committed with its timeline event and an
/// update of every copy of the incident's message before the caller hears back.
/// </summary>
/// <param name="onCall">Who is on the role rotations now, for the roles a new severity suggests; without it the suggestion names nobody.</param>
public sealed class IncidentActions(CatalogHolder catalog, IIncidentStore store, TimeProvider time, RoleOnCall? onCall = null)
{
    public Task<IncidentActionResult> AcknowledgeAsync(IncidentActionRequest request, CancellationToken cancellationToken) =>
        ActAsync(request, "acknowledge", incident =>
        {
            var outcome = incident.Acknowledge(request.By, time.GetUtcNow());
            return outcome.Result switch
            {
                AcknowledgeResult.Acknowledged => (IncidentActionStatus.Done, outcome.Change, $"Incident #{incident.Id} acknowledged by {request.By.Name}."),
                AcknowledgeResult.AlreadyAcknowledged => (IncidentActionStatus.AlreadyDone, outcome.Change,
                    $"Incident #{incident.Id} was already acknowledged by {outcome.Stamp!.By!.Name} at {outcome.Stamp.At:u}."),
                _ => (IncidentActionStatus.AlreadyDone, outcome.Change, $"Incident #{incident.Id} is already resolved."),
            };
        }, cancellationToken);

    public Task<IncidentActionResult> ResolveAsync(IncidentActionRequest request, CancellationToken cancellationToken) =>
        ActAsync(request, "resolve", incident =>
        {
            var outcome = incident.Resolve(request.By, time.GetUtcNow());
            return outcome.Resolved
                ? (IncidentActionStatus.Done, outcome.Change, $"Incident #{incident.Id} resolved by {request.By.Name}.")
                : (IncidentActionStatus.AlreadyDone, outcome.Change,
                    $"Incident #{incident.Id} was already resolved {(outcome.Stamp?.By is { } by ? $"by {by.Name}" : "when its alerts stopped firing")} at {outcome.Stamp!.At:u}.");
        }, cancellationToken);

    /// <summary>
    /// Sets an incident's priority and/or severity by hand, with the reason on its timeline (book §9.2–9.3). A priority
    /// must be one the catalog defines (a loaded catalog always defines some; the book's P1–P3 by default). Resolved incidents can still be reclassified (the postmortem reads it).
    /// </summary>
    public Task<IncidentActionResult> ClassifyAsync(IncidentActionRequest request, int? priority, IncidentSeverity? severity, string? why, CancellationToken cancellationToken)
    {
        var defined = catalog.Current.Priorities.Select(p => p.Level).Order().ToList();
        if (priority is { } level && defined.Count > 0 && !defined.Contains(level))
        {
            return Task.FromResult(new IncidentActionResult(IncidentActionStatus.NotAllowed, request.IncidentId,
                $"P{level} is not a priority the catalog defines; use {string.Join(", ", defined.Select(l => $"P{l}"))}."));
        }
        return ActAsync(store, request, "classify", incident => Refusal(catalog.Current, incident, request.By, "classify"), async incident =>
        {
            var at = time.GetUtcNow();
            var changes = new List<IncidentChange>();
            if (priority is { } p)
            {
                changes.Add(incident.ChangePriority(p, request.By, why, at));
            }
            var severityChanged = false;
            if (severity is { } s)
            {
                var change = incident.ChangeSeverity(s, request.By, why, at);
                severityChanged = change.Changed;
                changes.Add(change);
            }
            var replies = changes.Where(c => c.Changed).Select(c => c.ThreadReply!).ToList();
            if (replies.Count == 0)
            {
                return (IncidentActionStatus.AlreadyDone, IncidentChange.None, $"Incident #{incident.Id} already has that {(priority is null ? "severity" : "priority")}.");
            }
            var message = $"Incident #{incident.Id}: {string.Join("; ", replies)}.";
            // Setting the severity is how the on-call engineer starts the coordination (book Table 9.18): say who is needed.
            if (severityChanged && await RoleOnCall.SuggestionAsync(onCall, catalog.Current, incident.ToRecord(), cancellationToken) is { } suggestion)
            {
                replies.Add(suggestion);
            }
            return (IncidentActionStatus.Done, IncidentChange.Reply(string.Join("\n", replies)), message);
        }, cancellationToken);
    }

    private Task<IncidentActionResult> ActAsync(
        IncidentActionRequest request,
        string verb,
        Func<Incident, (IncidentActionStatus Status, IncidentChange Change, string Message)> act,
        CancellationToken cancellationToken) =>
        ActAsync(store, request, verb, incident => Refusal(catalog.Current, incident, request.By, verb), incident => Task.FromResult(act(incident)), cancellationToken);

    /// <summary>
    /// Finds the incident (by id, else the latest open one of the channel's team), refuses whom <paramref name="refusal"/>
    /// refuses, runs <paramref name="act"/>, and commits a change with its timeline event and the update of every copy.
    /// </summary>
    internal static Task<IncidentActionResult> ActAsync(
        IIncidentStore store,
        IncidentActionRequest request,
        string verb,
        Func<Incident, string?> refusal,
        Func<Incident, Task<(IncidentActionStatus Status, IncidentChange Change, string Message)>> act,
        CancellationToken cancellationToken) =>
        store.WriteAsync(async session =>
        {
            var incident = request.IncidentId is { } id
                ? await session.FindAsync(id, cancellationToken)
                : request.ContextTeamId is { } teamId ? await session.FindLatestOpenAsync(teamId, cancellationToken) : null;
            if (incident is null)
            {
                return new IncidentActionResult(IncidentActionStatus.NotFound, request.IncidentId,
                    request.IncidentId is { } missing ? $"There is no incident #{missing}."
                    : request.ContextTeamId is { } team ? $"Team '{team}' has no open incident to {verb}; name one, e.g. '{verb} #42'."
                    : $"Name the incident to {verb}, e.g. '{verb} #42'.");
            }
            if (refusal(incident) is { } refused)
            {
                return new IncidentActionResult(IncidentActionStatus.NotAllowed, incident.Id, refused);
            }
            var (status, change, message) = await act(incident);
            if (change.Changed)
            {
                await session.SaveAsync(incident, cancellationToken);
                await session.EnqueueUpdateAsync(incident.Id, change.ThreadReply, cancellationToken);
            }
            return new IncidentActionResult(status, incident.Id, message);
        }, cancellationToken);

    /// <summary>Why <paramref name="by"/> may not <paramref name="verb"/> the incident, or null when they may (<see cref="WhoMayAct"/>).</summary>
    internal static string? Refusal(ServiceCatalog current, Incident incident, Actor by, string verb) =>
        WhoMayAct.Refusal(current, incident.TeamId, by, $"{verb} incident #{incident.Id}");
}

/// <summary>An acknowledge or resolve request. Without an id, the latest open incident of <see cref="ContextTeamId"/> (the channel's team).</summary>
/// <param name="By">The person acting; <see cref="Actor.Id"/> is their catalog member id.</param>
public sealed record IncidentActionRequest(long? IncidentId, Actor By, string? ContextTeamId);

/// <summary>What happened, for the reply to the person who asked.</summary>
public sealed record IncidentActionResult(IncidentActionStatus Status, long? IncidentId, string Message);

public enum IncidentActionStatus
{
    Done,
    AlreadyDone,
    NotFound,
    NotAllowed,
}
