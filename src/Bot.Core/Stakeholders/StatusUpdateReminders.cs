using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Core.Routing;
using Bot.Core.Scheduling;

namespace Bot.Core.Stakeholders;

/// <summary>
/// Enforces the status update interval (book Table 9.2): when the next notification is due and none came, the
/// incident's communicator is reminded in a direct message and in the incident's thread, once per notification. The
/// communicator is the role holder (<see cref="IncidentRole.Communicator"/>), else the coordinator, else whoever sent
/// the last notification.
/// </summary>
public sealed class StatusUpdateReminders(CatalogHolder catalog, IStakeholderStore store, DestinationResolver destinations, TimeProvider time)
{
    /// <summary>
    /// Reminds, when it still is due: the incident is not resolved, the notification is its latest and not the final
    /// one, its next one is due, and nobody was reminded of it yet. The reminder, its mark and the <c>Reminded</c>
    /// timeline event commit together.
    /// </summary>
    public async Task<ReminderOutcome> RemindAsync(long incidentId, int sequence, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        return await store.WriteAsync(
            async session =>
            {
                if (await session.Incidents.FindAsync(incidentId, cancellationToken) is not { } incident)
                {
                    return ReminderOutcome.Skipped($"there is no incident #{incidentId}");
                }
                if (incident.IsResolved)
                {
                    return ReminderOutcome.Skipped($"incident #{incidentId} is resolved");
                }
                var sent = await session.NotificationsAsync(incidentId, cancellationToken);
                if (sent.FirstOrDefault(n => n.Sequence == sequence) is not { } notification)
                {
                    return ReminderOutcome.Skipped($"incident #{incidentId} has no notification {sequence}");
                }
                if (sent[^1].Sequence != sequence)
                {
                    return ReminderOutcome.Skipped($"notification {sent[^1].Sequence} went out after {sequence}");
                }
                if (notification.RemindedAt is { } reminded)
                {
                    return ReminderOutcome.Skipped($"already reminded at {reminded:O}");
                }
                var now = time.GetUtcNow();
                if (notification.NextDueAt is not { } due)
                {
                    return ReminderOutcome.Skipped("no next notification is due");
                }
                if (due > now)
                {
                    return ReminderOutcome.Skipped($"the next notification is due only at {due:O}");
                }

                var record = incident.ToRecord();
                var priority = current.FindPriority(notification.Priority)
                    ?? new PriorityDefinition(notification.Priority, $"P{notification.Priority}", false, false, false, true, null, notification.Rings);
                var person = Communicator(current, record, notification);
                var text = StakeholderBrackets.ReminderText(incidentId, priority, notification, now);
                var addressed = person.MemberId is { } id ? $"{ChatText.Mention(id)} {text}" : $"{person.Name}: {text}";
                if (!await session.MarkRemindedAsync(incidentId, sequence, now, cancellationToken))
                {
                    return ReminderOutcome.Skipped("already reminded");
                }
                var by = new Actor(StakeholderNotifications.TimerFor(incidentId, sequence).ToString(), "Status update reminder", ActionSource.Scheduler);
                incident.Record(
                    IncidentEventKind.Reminded,
                    by,
                    string.Create(CultureInfo.InvariantCulture,
                        $"Status update due: reminded {person.Name} ({person.Why}){(person.DirectKeys.Count > 0 ? " in a direct message and" : "")} in the thread; "
                        + $"the last notification ({StakeholderBrackets.Heading(notification.Bracket, notification.Sequence).ToLowerInvariant()}) went at {MessageField.Utc(notification.SentAt)}, "
                        + $"the next was due at {MessageField.Utc(due)}."),
                    now);
                await session.Incidents.SaveAsync(incident, cancellationToken);
                if (person.DirectKeys.Count > 0)
                {
                    // The incident's copy in their direct messages (posted unless they have one), the reminder under it.
                    await session.Incidents.EnqueuePostsAsync(incidentId, person.DirectKeys, cancellationToken);
                    await session.Incidents.EnqueueReplyAsync(incidentId, addressed, person.DirectKeys, cancellationToken);
                }
                var thread = destinations.ChannelKeys(current, record.TeamId);
                await session.Incidents.EnqueueReplyAsync(incidentId, addressed, thread, cancellationToken);
                return new ReminderOutcome(true, $"reminded {person.Name} ({person.Why})") { MemberId = person.MemberId, DirectKeys = person.DirectKeys };
            },
            cancellationToken);
    }

    /// <summary>The communicator, else the coordinator, else who sent the last notification; with where to reach them directly.</summary>
    private Person Communicator(ServiceCatalog current, IncidentRecord incident, StakeholderNotification last)
    {
        foreach (var role in (IncidentRole[])[IncidentRole.Communicator, IncidentRole.Coordinator])
        {
            if (incident.Roles.FirstOrDefault(r => r.Role == role) is { } holder)
            {
                var member = current.FindMember(holder.MemberId);
                return new Person(
                    member?.Id, member?.DisplayName ?? holder.Name, role.ToString().ToLowerInvariant(),
                    member is null ? [] : [.. destinations.DirectTo(current, member).Select(d => d.Key)]);
            }
        }
        var sender = current.FindMember(last.SentBy.Id);
        IReadOnlyList<string> keys = sender is not null
            ? [.. destinations.DirectTo(current, sender).Select(d => d.Key)]
            : StakeholderNotifications.DirectKeyOf(current, last.SentBy) is { } key && Delivery.DestinationDirectory.FromKey(key) is { } direct
                && destinations.ActivePlatforms.Contains(direct.Platform) ? [key] : [];
        return new Person(sender?.Id, sender?.DisplayName ?? last.SentBy.Name, "sent the last notification", keys);
    }

    private sealed record Person(string? MemberId, string Name, string Why, IReadOnlyList<string> DirectKeys);
}

/// <summary>What a status update reminder did: reminded someone, or why it did not.</summary>
public sealed record ReminderOutcome(bool Reminded, string Detail)
{
    /// <summary>The member reminded, when a catalog member was.</summary>
    public string? MemberId { get; init; }

    /// <summary>The direct-message destinations the reminder went to.</summary>
    public IReadOnlyList<string> DirectKeys { get; init; } = [];

    public static ReminderOutcome Skipped(string why) => new(false, why);
}

/// <summary>A <c>status-update</c> timer came due: remind the communicator, if it still is (<see cref="StatusUpdateReminders.RemindAsync"/>).</summary>
public sealed class StatusUpdateTimerHandler(StatusUpdateReminders reminders) : ITimerHandler
{
    public string Kind => StakeholderNotifications.TimerKind;

    public async Task HandleAsync(TimerFired fired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fired);
        if (StakeholderNotifications.ParseTimer(fired.Key) is { } due)
        {
            await reminders.RemindAsync(due.IncidentId, due.Sequence, cancellationToken);
        }
    }
}

/// <summary>
/// Keeps a <c>status-update</c> timer pending for every notification still waiting for the next one (run at start-up
/// and after each catalog reload): a timer lost between a notification's commit and its scheduling (a crash) is set
/// again, one whose notification was followed, reminded or whose incident resolved is dropped.
/// </summary>
public sealed class StatusUpdateTimerSource(IStakeholderStore store) : ITimerSource
{
    public async Task SyncAsync(ITimers timers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timers);
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var waiting in await store.ListAwaitingUpdateAsync(cancellationToken))
        {
            var key = StakeholderNotifications.TimerFor(waiting.IncidentId, waiting.Sequence);
            wanted.Add(key.Id);
            await timers.ScheduleAsync(key, waiting.NextDueAt!.Value, cancellationToken);
        }
        foreach (var pending in await timers.ListAsync(StakeholderNotifications.TimerKind, cancellationToken))
        {
            if (!wanted.Contains(pending.Key.Id))
            {
                await timers.CancelAsync(pending.Key, cancellationToken);
            }
        }
    }
}
