using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Scheduling;

namespace Bot.Core.OnCall;

/// <summary>
/// Recovers escalation chains when the scheduler starts and after a catalog reload: every open incident of a team with
/// a policy whose chain has no pending timer gets the timer of its next step (from its timeline: the last step that
/// ran plus its ack timeout; step 0 now when none ran), and the pending step timers of incidents that are no longer
/// open are removed. This covers a crash between an ingest's commit and its step-0 timer, or between a step's commit and
/// the next step's timer, and a team that gained a policy.
/// </summary>
public sealed class EscalationTimerSource(CatalogHolder catalog, IIncidentStore incidents, IEscalationLog log, TimeProvider time) : ITimerSource
{
    public async Task SyncAsync(ITimers timers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timers);
        // The timers first: a timer set after this list was read belongs to an incident committed before it was set, so
        // the list of open incidents read next holds that incident and its timer is never taken for stale.
        var pending = await timers.ListAsync(EscalationChain.TimerKind, cancellationToken);
        var open = await incidents.ListAsync(new IncidentQuery(State: IncidentState.Open, Limit: int.MaxValue), cancellationToken);
        var openIds = open.Select(i => i.Id).ToHashSet();
        var waiting = new HashSet<long>();
        foreach (var timer in pending)
        {
            var step = EscalationChain.Parse(timer.Key);
            if (step is { } known && openIds.Contains(known.IncidentId))
            {
                waiting.Add(known.IncidentId);
                continue;
            }
            if (await timers.CancelAsync(timer.Key, cancellationToken))
            {
                log.Write(new EscalationOutcome(step?.IncidentId ?? 0, step?.Step ?? -1, EscalationResult.Cancelled,
                    step is null ? $"timer {timer.Key} names no incident step" : "the incident is no longer open") { DueAt = timer.DueAt });
            }
        }

        var current = catalog.Current;
        foreach (var incident in open.Where(i => !waiting.Contains(i.Id)))
        {
            if (EscalationChain.PolicyFor(current, incident) is not { } policy
                || await incidents.FindAsync(incident.Id, cancellationToken) is not { } details
                || EscalationChain.Next(policy, details.Timeline, time.GetUtcNow()) is not { } next)
            {
                continue;
            }
            await timers.ScheduleAsync(EscalationChain.TimerFor(incident.Id, next.Step), next.DueAt, cancellationToken);
            log.Write(new EscalationOutcome(incident.Id, next.Step, EscalationResult.Scheduled, "recovered: the open incident's chain had no pending step") { DueAt = next.DueAt });
        }
    }
}
