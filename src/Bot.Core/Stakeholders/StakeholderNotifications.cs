using System.Globalization;
using System.Text;
using System.Text.Json;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Notices;
using Bot.Core.Notifications;
using Bot.Core.Routing;
using Bot.Core.Scheduling;

namespace Bot.Core.Stakeholders;

/// <summary>
/// Stakeholder notifications (book ch. 8): anyone subscribes to a stakeholder group and receives its notifications in
/// a direct message; the incident's communicator sends bracketed notifications (first, updates, final) to the groups
/// of the rings its priority names that the incident concerns (geography × product), to their channels and their
/// subscribers. Each notification is a notice, a thread reply on the incident and a timeline event, written in one
/// transaction; the first and each update set a <c>status-update</c> timer for when the next one is due
/// (<see cref="StatusUpdateReminders"/>).
/// </summary>
public sealed class StakeholderNotifications(
    CatalogHolder catalog, IStakeholderStore store, DestinationResolver destinations, ITimers timers, TimeProvider time)
{
    /// <summary>The timer that reminds the communicator when the next status update is due.</summary>
    public const string TimerKind = "status-update";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The reminder timer after an incident's notification: <c>status-update</c> / <c>incident-42-1</c>.</summary>
    public static TimerKey TimerFor(long incidentId, int sequence) =>
        new(TimerKind, string.Create(CultureInfo.InvariantCulture, $"incident-{incidentId}-{sequence}"));

    /// <summary>The incident and notification a reminder timer names, or null for a key this class did not make.</summary>
    public static (long IncidentId, int Sequence)? ParseTimer(TimerKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Id.Split('-');
        return key.Kind == TimerKind && parts is ["incident", var incident, var sequence]
            && long.TryParse(incident, NumberStyles.None, CultureInfo.InvariantCulture, out var incidentId)
            && int.TryParse(sequence, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
                ? (incidentId, number)
                : null;
    }

    /// <summary>The notice's dedup key: <c>stakeholders:{incident}:{sequence}</c>, one notice per notification, ever.</summary>
    public static string DedupKey(long incidentId, int sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"stakeholders:{incidentId}:{sequence}");

    /// <summary>
    /// Where a person's notifications go: a direct message on the platform they wrote from, to their user id there
    /// (a catalog member's id on that platform; on the console, the member id). Null for a source that is not a chat.
    /// </summary>
    public static string? DirectKeyOf(ServiceCatalog catalog, Actor by)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(by);
        ChatPlatform? platform = by.Source switch
        {
            ActionSource.Console => ChatPlatform.Console,
            ActionSource.Slack => ChatPlatform.Slack,
            ActionSource.MsTeams => ChatPlatform.MsTeams,
            _ => null,
        };
        if (platform is not { } on)
        {
            return null;
        }
        var userId = catalog.FindMember(by.Id)?.UserIdOn(on);
        return ChatDestination.Direct(on, string.IsNullOrEmpty(userId) ? by.Id : userId).Key;
    }

    /// <summary><c>subscribe</c>: the groups with their geography, products and rings, marking the caller's subscriptions.</summary>
    public async Task<CommandReply> ListGroupsAsync(Actor by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        var current = catalog.Current;
        if (current.StakeholderGroups.Count == 0)
        {
            return new CommandReply(false, "The catalog defines no stakeholder groups (stakeholderGroups, docs/catalog.md); there is nothing to subscribe to.");
        }
        var key = DirectKeyOf(current, by);
        var mine = key is null
            ? []
            : (await store.ListSubscriptionsAsync(cancellationToken)).Where(s => s.DestinationKey == key).Select(s => s.GroupId).ToHashSet(StringComparer.Ordinal);
        var text = new StringBuilder("Stakeholder groups (subscribe <group> to receive its notifications in a direct message):");
        foreach (var group in current.StakeholderGroups)
        {
            var rings = current.Rings.Where(r => r.GroupIds.Contains(group.Id)).Select(r => r.Number.ToString(CultureInfo.InvariantCulture)).ToList();
            text.Append(CultureInfo.InvariantCulture, $"\n• {group.Id}: {group.Name} — {Geography(group)}, {Products(group)}, ")
                .Append(rings.Count == 0 ? "in no ring" : $"ring {string.Join(", ", rings)}")
                .Append(mine.Contains(group.Id) ? " (subscribed)" : "");
        }
        return new CommandReply(true, text.ToString());
    }

    /// <summary><c>subscribe &lt;group&gt;</c>: anyone may, catalog member or not; a second time says so and changes nothing.</summary>
    public async Task<CommandReply> SubscribeAsync(string groupId, Actor by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        var current = catalog.Current;
        if (Find(current, groupId) is not { } group)
        {
            return UnknownGroup(current, groupId);
        }
        if (DirectKeyOf(current, by) is not { } key)
        {
            return new CommandReply(false, "Subscribe from a chat (Slack, Teams or the console): the notifications come as direct messages there.");
        }
        var member = current.FindMember(by.Id);
        var added = await store.SubscribeAsync(
            new StakeholderSubscription(group.Id, key, member?.DisplayName ?? by.Name, member?.Id, time.GetUtcNow()), cancellationToken);
        if (!added)
        {
            var since = (await store.ListSubscriptionsAsync(cancellationToken)).FirstOrDefault(s => s.GroupId == group.Id && s.DestinationKey == key);
            return new CommandReply(true,
                $"You are already subscribed to {group.Name} ({group.Id}){(since is null ? "" : $" since {MessageField.Utc(since.SubscribedAt)}")}; nothing changed.");
        }
        return new CommandReply(true,
            $"Subscribed to {group.Name} ({group.Id}): its stakeholder notifications come to you in a direct message here. 'unsubscribe {group.Id}' stops them.");
    }

    /// <summary><c>unsubscribe &lt;group&gt;</c>: when not subscribed, says so and changes nothing.</summary>
    public async Task<CommandReply> UnsubscribeAsync(string groupId, Actor by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        var current = catalog.Current;
        if (Find(current, groupId) is not { } group)
        {
            return UnknownGroup(current, groupId);
        }
        if (DirectKeyOf(current, by) is not { } key || !await store.UnsubscribeAsync(group.Id, key, cancellationToken))
        {
            return new CommandReply(true, $"You are not subscribed to {group.Name} ({group.Id}); nothing changed.");
        }
        return new CommandReply(true, $"Unsubscribed from {group.Name} ({group.Id}): its notifications no longer come to you.");
    }

    /// <summary>
    /// <c>notify &lt;incident&gt; first|update|final &lt;text&gt;</c>, by a member of the owning team or an admin: the
    /// notice to the channels of the concerned groups and their subscribers, the thread reply, the timeline event and
    /// the notification row in one transaction; then the reminder timer for the next one (replacing the last one's).
    /// </summary>
    public async Task<CommandReply> NotifyAsync(long incidentId, NotificationBracket bracket, string text, Actor by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var current = catalog.Current;
        var sent = await store.WriteAsync(session => WriteAsync(session, current, incidentId, bracket, text.Trim(), by, cancellationToken), cancellationToken);
        if (sent.Notification is not { } notification)
        {
            return new CommandReply(false, sent.Message);
        }
        if (notification.Sequence > 1)
        {
            await timers.CancelAsync(TimerFor(incidentId, notification.Sequence - 1), cancellationToken);
        }
        if (notification.NextDueAt is { } due)
        {
            await timers.ScheduleAsync(TimerFor(incidentId, notification.Sequence), due, cancellationToken);
        }
        return new CommandReply(true, sent.Message);
    }

    private async Task<Sent> WriteAsync(
        IStakeholderSession session, ServiceCatalog current, long incidentId, NotificationBracket bracket, string text, Actor by, CancellationToken cancellationToken)
    {
        if (await session.Incidents.FindAsync(incidentId, cancellationToken) is not { } incident)
        {
            return Sent.Refused($"There is no incident #{incidentId}.");
        }
        if (Refusal(current, incident, by) is { } refusal)
        {
            return Sent.Refused(refusal);
        }
        var record = incident.ToRecord();
        if (record.Priority is not { } level)
        {
            return Sent.Refused(
                $"Incident #{incidentId} has no priority, and the priority says which stakeholders hear of it; set a priority first: incident #{incidentId} priority P2");
        }
        if (current.FindPriority(level) is not { } priority)
        {
            return Sent.Refused(
                $"Incident #{incidentId} is P{level}, which the catalog does not define; set one it does ({string.Join(", ", current.Priorities.Select(p => $"P{p.Level}"))}): incident #{incidentId} priority P2");
        }
        if (!priority.StakeholdersNotified)
        {
            return Sent.Refused($"P{level} ({priority.Name}) does not notify stakeholders (stakeholdersNotified is false in the catalog's priorities); nothing was sent.");
        }
        var earlier = await session.NotificationsAsync(incidentId, cancellationToken);
        if (StakeholderBrackets.Refusal(incidentId, bracket, earlier) is { } outOfOrder)
        {
            return Sent.Refused(outOfOrder);
        }

        var sequence = earlier.Count == 0 ? 1 : earlier.Max(n => n.Sequence) + 1;
        var service = record.ServiceId is { } serviceId ? current.FindService(serviceId) : null;
        var audiences = StakeholderAudience.For(current, priority, record.Region, service?.Product);
        var groups = audiences.SelectMany(a => a.Groups).ToList();
        var channels = groups
            .SelectMany(g => g.Destinations)
            .Where(d => destinations.ActivePlatforms.Contains(d.Platform))
            .Select(d => d.Key)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var subscriptions = groups.Count == 0 ? [] : await session.SubscribersAsync([.. groups.Select(g => g.Id)], cancellationToken);
        var subscribers = subscriptions
            .Select(s => s.DestinationKey)
            .Where(key => DestinationDirectory.FromKey(key) is { } d && destinations.ActivePlatforms.Contains(d.Platform))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var keys = channels.Concat(subscribers).Distinct(StringComparer.Ordinal).ToList();

        var now = time.GetUtcNow();
        var facts = new BracketFacts(
            record, service?.Name, service?.Product, priority, bracket, sequence, text, now, audiences, subscribers.Count, StakeholderBrackets.TimeToRecovery(record, now));
        long? noticeId = null;
        if (keys.Count > 0)
        {
            var data = JsonSerializer.Serialize(new NotificationData(incidentId, sequence, StakeholderBrackets.Word(bracket)), Json);
            var notice = await session.Notices.AddAsync(
                new Notice(0, NoticeKind.StakeholderNotification, record.TeamId ?? "", null, DedupKey(incidentId, sequence), NoticeState.Open, data,
                    StakeholderBrackets.Message(facts), 1, now),
                cancellationToken);
            if (notice is null)
            {
                return Sent.Refused($"Notification {sequence} of #{incidentId} was sent a moment ago; look at the incident's thread.");
            }
            await session.Notices.EnqueuePostsAsync(notice.Id, keys, cancellationToken);
            noticeId = notice.Id;
        }
        var nextDue = StakeholderBrackets.NextDue(bracket, now, priority.StatusUpdateInterval);
        var notification = new StakeholderNotification(
            incidentId, sequence, bracket, text, now, by, level, priority.Rings, [.. groups.Select(g => g.Id)], subscribers.Count, noticeId, nextDue);
        await session.AddNotificationAsync(notification, cancellationToken);
        incident.Record(IncidentEventKind.StakeholdersNotified, by, StakeholderBrackets.TimelineText(facts, by, keys.Count), now);
        await session.Incidents.SaveAsync(incident, cancellationToken);
        var thread = destinations.ChannelKeys(current, record.TeamId);
        await session.Incidents.EnqueueReplyAsync(incidentId, StakeholderBrackets.ThreadReply(facts, by.Name), thread, cancellationToken);

        var reply = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"{StakeholderBrackets.Heading(bracket, sequence)} for #{incidentId} sent to {StakeholderBrackets.RingGroups(audiences)}; {StakeholderBrackets.Subscribers(subscribers.Count)}.");
        if (keys.Count == 0)
        {
            reply.Append(" It reached nobody: no group it concerns has a channel on a platform that is on, and nobody subscribed. It is on the timeline.");
        }
        reply.Append(' ').Append(StakeholderBrackets.ClosingLine(bracket, now, priority.StatusUpdateInterval, facts.TimeToRecovery));
        return new Sent(notification, reply.ToString());
    }

    /// <summary>As for acknowledging (<see cref="WhoMayAct"/>).</summary>
    private static string? Refusal(ServiceCatalog current, Incident incident, Actor by) =>
        WhoMayAct.Refusal(current, incident.TeamId, by, $"notify stakeholders of incident #{incident.Id}");

    private static StakeholderGroup? Find(ServiceCatalog current, string groupId) =>
        current.StakeholderGroups.FirstOrDefault(g => string.Equals(g.Id, groupId.Trim(), StringComparison.OrdinalIgnoreCase));

    private static CommandReply UnknownGroup(ServiceCatalog current, string groupId) => new(false,
        current.StakeholderGroups.Count == 0
            ? $"'{groupId}' is not a stakeholder group; the catalog defines none."
            : $"'{groupId}' is not a stakeholder group; the groups are: {string.Join(", ", current.StakeholderGroups.Select(g => g.Id))}.");

    private static string Geography(StakeholderGroup group) =>
        string.IsNullOrWhiteSpace(group.Geography) ? StakeholderAudience.Worldwide : group.Geography;

    private static string Products(StakeholderGroup group) =>
        group.Products.Count == 0 ? "all products" : string.Join(" + ", group.Products);

    /// <summary>What the write did: the notification stored, or why not; and the reply.</summary>
    private sealed record Sent(StakeholderNotification? Notification, string Message)
    {
        public static Sent Refused(string message) => new(null, message);
    }

    /// <summary>What a stakeholder notice is about (its <see cref="Notice.Data"/>).</summary>
    private sealed record NotificationData(long IncidentId, int Sequence, string Bracket);
}
