using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Core.Routing;
using Bot.Core.Scheduling;
using Bot.Core.Storage;

namespace Bot.Core.OnCall;

/// <summary>
/// Escalation per rotation (book §8.1): a new incident of a team starts the team's policy; each step pages its target
/// by direct message (a copy of the incident's message, with its Acknowledge button) and by a mention in the incident's
/// thread on the team's channels, then waits its ack timeout for the next; any acknowledgement stops the chain.
/// </summary>
/// <remarks>
/// <para>
/// Each step is a durable timer (<see cref="EscalationChain.TimerFor"/>) carrying ids only. When it fires, the step
/// reloads the incident and acts only when it is still open and its timeline does not record the step yet: a late or
/// duplicate firing, a second replica, or a rerun after a crash after the commit pages nobody twice. The step's
/// timeline event and every message it queues commit in one incident transaction; the next step's timer is set after
/// the commit (a crash in between is what <see cref="EscalationTimerSource"/> recovers).
/// </para>
/// <para>
/// Outside a rotation's coverage window a rotation step pages nobody: the step is recorded as run, with the reason,
/// and the chain goes on to the next step after its ack timeout (a member, team or destination step still pages).
/// Out-of-hours breaches are for out-of-hours rotations (docs/oncall.md).
/// </para>
/// </remarks>
public sealed class Escalations(
    CatalogHolder catalog,
    IIncidentStore incidents,
    IRotationOverrideStore overrides,
    DestinationResolver destinations,
    ITimers timers,
    IEscalationLog log,
    TimeProvider time)
{
    /// <summary>
    /// Starts the chains of newly opened incidents (after the ingest's commit): each incident whose team has a policy
    /// gets its step-0 timer, due now. Unrouted incidents, and those of teams without a policy, do not escalate.
    /// </summary>
    public async Task StartAsync(IEnumerable<OpenedIncident> opened, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(opened);
        var current = catalog.Current;
        foreach (var incident in opened)
        {
            if (!EscalationChain.Escalates(current, incident.TeamId))
            {
                log.Write(new EscalationOutcome(incident.Id, 0, EscalationResult.Skipped, DoesNotEscalate(incident.TeamId)));
                continue;
            }
            var now = time.GetUtcNow();
            await timers.ScheduleAsync(EscalationChain.TimerFor(incident.Id, 0), now, cancellationToken);
            log.Write(new EscalationOutcome(incident.Id, 0, EscalationResult.Scheduled, "a new incident starts its team's escalation policy") { DueAt = now });
        }
    }

    /// <summary>Runs step <paramref name="step"/> of the incident's chain when its timer fires, if it is still due (see the remarks of the class).</summary>
    public async Task<EscalationOutcome> RunStepAsync(long incidentId, int step, CancellationToken cancellationToken)
    {
        var outcome = await TryRunStepAsync(incidentId, step, cancellationToken);
        log.Write(outcome);
        return outcome;
    }

    /// <summary>
    /// Removes the incident's pending step timer, for a use case that ends the wait (an acknowledgement or a
    /// resolution). An optimisation: a step that fires after it finds the incident no longer open and does nothing.
    /// </summary>
    public async Task StopAsync(long incidentId, CancellationToken cancellationToken)
    {
        foreach (var pending in await timers.ListAsync(EscalationChain.TimerKind, cancellationToken))
        {
            if (EscalationChain.Parse(pending.Key) is { } step && step.IncidentId == incidentId && await timers.CancelAsync(pending.Key, cancellationToken))
            {
                log.Write(new EscalationOutcome(incidentId, step.Step, EscalationResult.Cancelled, "the incident is no longer open") { DueAt = pending.DueAt });
            }
        }
    }

    private async Task<EscalationOutcome> TryRunStepAsync(long incidentId, int step, CancellationToken cancellationToken)
    {
        EscalationOutcome Skip(string why) => new(incidentId, step, EscalationResult.Skipped, why);

        var details = await incidents.FindAsync(incidentId, cancellationToken);
        if (details is null)
        {
            return Skip("the incident does not exist");
        }
        var record = details.Incident;
        if (record.State != IncidentState.Open)
        {
            return Skip($"the incident is {record.State.ToString().ToLowerInvariant()}, which stops escalation");
        }
        var current = catalog.Current;
        if (EscalationChain.PolicyFor(current, record) is not { } policy)
        {
            return Skip(DoesNotEscalate(record.TeamId));
        }
        var count = EscalationChain.StepCount(policy);
        if (step >= count)
        {
            return Skip($"policy '{policy.Id}' has {count} steps; the chain is over");
        }
        if (EscalationChain.RecordedSteps(details.Timeline).Keys.Any(s => s >= step))
        {
            return await AlreadyRanAsync(incidentId, step, policy, details.Timeline, cancellationToken);
        }

        var now = time.GetUtcNow();
        var page = await PlanAsync(current, policy, record, step, now, cancellationToken);
        var written = await incidents.WriteAsync(session => WriteStepAsync(session, record, step, policy, page, now, cancellationToken), cancellationToken);
        switch (written)
        {
            case Written.NotOpen:
                return Skip("the incident was acknowledged or resolved meanwhile");
            case Written.AlreadyRan:
                var timeline = (await incidents.FindAsync(incidentId, cancellationToken))?.Timeline ?? [];
                return await AlreadyRanAsync(incidentId, step, policy, timeline, cancellationToken);
        }

        DateTimeOffset? nextAt = null;
        if (step + 1 < count)
        {
            nextAt = now + EscalationChain.StepAt(policy, step).AckTimeout;
            await timers.ScheduleAsync(EscalationChain.TimerFor(incidentId, step + 1), nextAt.Value, cancellationToken);
        }
        return new EscalationOutcome(incidentId, step, page.NobodyBecause is null ? EscalationResult.Paged : EscalationResult.PagedNobody, page.TimelineText)
        {
            Paged = [.. page.People.Select(p => p.Member.Id)],
            Destinations = page.Destinations,
            DueAt = nextAt,
        };
    }

    /// <summary>
    /// The step's timeline event and messages, in the incident's transaction. Runs again from the start on a conflict.
    /// </summary>
    private async Task<Written> WriteStepAsync(
        IIncidentSession session, IncidentRecord read, int step, EscalationPolicy policy, Page page, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var incident = await session.FindAsync(read.Id, cancellationToken);
        if (incident is not { State: IncidentState.Open })
        {
            return Written.NotOpen;
        }
        // Changed since it was read: another run of this step (a duplicate firing, another replica) may have recorded
        // it. This transaction holds the incident now, so its committed timeline is the whole story.
        if (incident.Version != read.Version
            && await incidents.FindAsync(read.Id, cancellationToken) is { } fresh
            && EscalationChain.RecordedSteps(fresh.Timeline).Keys.Any(s => s >= step))
        {
            return Written.AlreadyRan;
        }

        incident.RecordEscalation(EscalationChain.ActorFor(read.Id, step, policy), page.TimelineText, now);
        await session.SaveAsync(incident, cancellationToken);
        foreach (var person in page.People)
        {
            // A copy from an earlier step gets a reply (only a destination holding a copy takes one); a new one is
            // posted (a destination already posted to is skipped).
            await session.EnqueueReplyAsync(read.Id, page.DirectReply(person.Member), person.DirectKeys, cancellationToken);
            await session.EnqueuePostsAsync(read.Id, person.DirectKeys, cancellationToken);
        }
        if (page.DestinationKey is { } destination)
        {
            await session.EnqueueReplyAsync(read.Id, page.DestinationReply, [destination], cancellationToken);
            await session.EnqueuePostsAsync(read.Id, [destination], cancellationToken);
        }
        if (page.ThreadText is { } mention)
        {
            await session.EnqueueReplyAsync(read.Id, mention, page.TeamChannels, cancellationToken);
        }
        return Written.Ran;
    }

    /// <summary>A late or duplicate firing: nothing new, but the chain's next timer must exist (the first run may have crashed before setting it).</summary>
    private async Task<EscalationOutcome> AlreadyRanAsync(
        long incidentId, int step, EscalationPolicy policy, IReadOnlyList<IncidentEvent> timeline, CancellationToken cancellationToken)
    {
        var recorded = EscalationChain.RecordedSteps(timeline);
        DateTimeOffset? nextAt = null;
        if (EscalationChain.Next(policy, timeline, time.GetUtcNow()) is { } next)
        {
            nextAt = next.DueAt;
            await timers.ScheduleAsync(EscalationChain.TimerFor(incidentId, next.Step), next.DueAt, cancellationToken);
        }
        var why = recorded.TryGetValue(step, out var ranAt) ? $"step {step} already ran at {ranAt:O}" : "a later step already ran";
        return new EscalationOutcome(incidentId, step, EscalationResult.Skipped, why) { DueAt = nextAt };
    }

    /// <summary>Who the step pages now, and what it says to them; reads the rotation's overrides, writes nothing.</summary>
    private async Task<Page> PlanAsync(
        ServiceCatalog current, EscalationPolicy policy, IncidentRecord incident, int step, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var definition = EscalationChain.StepAt(policy, step);
        var count = EscalationChain.StepCount(policy);
        var teamChannels = destinations.ChannelKeys(current, incident.TeamId);
        var page = new Page(step, count, now - incident.OpenedAt, teamChannels);
        Person PersonOf(Member member) => new(member, [.. destinations.DirectTo(current, member).Select(d => d.Key)]);

        switch (definition.Target)
        {
            case EscalationTarget.RotationMain or EscalationTarget.RotationBackup:
            {
                var role = definition.Target == EscalationTarget.RotationMain ? "main" : "backup";
                var rotation = definition.TargetId is { } rotationId
                    ? current.FindRotation(rotationId)
                    : current.RotationsOf(incident.TeamId!).FirstOrDefault();
                if (rotation is null)
                {
                    return page.Nobody(role, definition.TargetId is { } missing ? $"rotation '{missing}' is not in the catalog" : $"team '{incident.TeamId}' has no rotation");
                }
                var known = await overrides.OverlappingAsync(rotation.Id, now, now.AddTicks(1), cancellationToken);
                var onCall = OnCallSchedule.At(rotation, known, now);
                if (!onCall.InCoverage)
                {
                    return page.Nobody(role, $"{rotation.Name} is off duty ({OnCallSchedule.DescribeLocal(rotation, now)} is outside its coverage window)");
                }
                var holder = definition.Target == EscalationTarget.RotationMain ? onCall.Main : onCall.Backups.Count > 0 ? onCall.Backups[0] : null;
                if (holder is null)
                {
                    return page.Nobody(role, $"{rotation.Name} has no backup");
                }
                return current.FindMember(holder) is { } member
                    ? page.Paging(role, [PersonOf(member)], wholeTeam: false)
                    : page.Nobody(role, $"'{holder}', {role} of {rotation.Name}, is not a person in the catalog");
            }
            case EscalationTarget.Member:
                return definition.TargetId is { } memberId && current.FindMember(memberId) is { } named
                    ? page.Paging(null, [PersonOf(named)], wholeTeam: false)
                    : page.Nobody("member", $"'{definition.TargetId}' is not a person in the catalog");
            case EscalationTarget.Team:
            {
                var team = current.FindTeam(definition.TargetId ?? incident.TeamId!);
                return team is { Members.Count: > 0 }
                    ? page.Paging("team", [.. team.Members.Select(PersonOf)], wholeTeam: true)
                    : page.Nobody("team", $"team '{definition.TargetId ?? incident.TeamId}' has no members in the catalog");
            }
            case EscalationTarget.Destination:
            {
                var key = definition.TargetId;
                return key is not null && DestinationDirectory.FromKey(key) is { } destination && destinations.ActivePlatforms.Contains(destination.Platform)
                    ? page.PostingTo(key)
                    : page.Nobody("destination", $"destination '{key}' is not on a chat platform that is on");
            }
            default:
                return page.Nobody(definition.Target.ToString(), "the bot does not know this kind of target");
        }
    }

    private static string DoesNotEscalate(string? teamId) =>
        teamId is null ? "the incident is unrouted: no team, no escalation" : $"team '{teamId}' has neither a rotation nor an escalation policy";

    private enum Written
    {
        Ran,
        NotOpen,
        AlreadyRan,
    }

    /// <summary>Someone a step pages, and their direct-message destinations (none when they have no id on the platforms that are on).</summary>
    private sealed record Person(Member Member, IReadOnlyList<string> DirectKeys);

    /// <summary>What one step does: whom it pages or where it posts, or why nobody; and its texts (mentions as tokens).</summary>
    private sealed record Page(int Step, int Count, TimeSpan Unacknowledged, IReadOnlyList<string> TeamChannels)
    {
        /// <summary>The rotation role or <c>team</c> the step pages, as its label shows it; null for a named person or a destination.</summary>
        public string? Role { get; private init; }
        public IReadOnlyList<Person> People { get; private init; } = [];
        public string? DestinationKey { get; private init; }
        public string? NobodyBecause { get; private init; }
        public string TimelineText { get; private init; } = "";
        public string? ThreadText { get; private init; }
        public string DestinationReply { get; private init; } = "";

        public IReadOnlyList<string> Destinations
        {
            get
            {
                var keys = People.SelectMany(p => p.DirectKeys).ToList();
                if (DestinationKey is not null)
                {
                    keys.Add(DestinationKey);
                }
                if (ThreadText is not null)
                {
                    keys.AddRange(TeamChannels);
                }
                return keys;
            }
        }

        /// <summary><c>main, step 2 of 4</c>; a named person's step has no role.</summary>
        private string Label(string? role) => role is null ? $"step {Step + 1} of {Count}" : $"{role}, step {Step + 1} of {Count}";

        private string Since => EscalationChain.Describe(Unacknowledged);

        /// <summary>"Paging …" at the first step, "Not acknowledged after 15 min: paging …" after.</summary>
        private string Lead(string what) => Step == 0 ? char.ToUpperInvariant(what[0]) + what[1..] : $"Not acknowledged after {Since}: {what}";

        public Page Paging(string? role, IReadOnlyList<Person> people, bool wholeTeam)
        {
            var mentions = string.Join(", ", people.Select(p => ChatText.Mention(p.Member.Id)));
            var names = string.Join(", ", people.Select(p => p.Member.DisplayName));
            var unreachable = people.Where(p => p.DirectKeys.Count == 0).Select(p => p.Member.DisplayName).ToList();
            return this with
            {
                Role = role,
                People = people,
                ThreadText = $"{Lead($"paging {(wholeTeam ? "the whole team: " : "")}{mentions}")} ({Label(role)})",
                TimelineText = $"Escalation step {Step + 1} of {Count} ({role ?? "member"}): paged {names}"
                    + (unreachable.Count == 0 ? "" : $"; no direct message to {string.Join(", ", unreachable)} (no chat id on the platforms that are on), mentioned only"),
            };
        }

        public Page PostingTo(string destinationKey) => this with
        {
            DestinationKey = destinationKey,
            ThreadText = $"{Lead($"escalated to {destinationKey}")} ({Label(null)})",
            DestinationReply = $"Still not acknowledged after {Since}: escalated here again ({Label(null)})",
            TimelineText = $"Escalation step {Step + 1} of {Count} (destination): posted to {destinationKey}",
        };

        public Page Nobody(string role, string why) => this with
        {
            NobodyBecause = why,
            TimelineText = $"Escalation step {Step + 1} of {Count} ({role}): nobody paged: {why}",
        };

        /// <summary>The note in a person's direct message when a copy is there already (a later round, or a second step paging them).</summary>
        public string DirectReply(Member member) =>
            $"{ChatText.Mention(member.Id)} still not acknowledged after {Since}: paging you again ({Label(Role)})";
    }
}
