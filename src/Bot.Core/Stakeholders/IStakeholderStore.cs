using Bot.Core.Incidents;
using Bot.Core.Storage;

namespace Bot.Core.Stakeholders;

/// <summary>
/// Stakeholder subscriptions, and the bracketed notifications sent about each incident (book ch. 8), kept for good so
/// the postmortem can list them.
/// </summary>
public interface IStakeholderStore
{
    /// <summary>Adds the subscription; false (nothing written) when that destination already subscribes to the group.</summary>
    Task<bool> SubscribeAsync(StakeholderSubscription subscription, CancellationToken cancellationToken);

    /// <summary>Removes the destination's subscription to the group; false when there was none.</summary>
    Task<bool> UnsubscribeAsync(string groupId, string destinationKey, CancellationToken cancellationToken);

    /// <summary>Every subscription, by group then by when it was made.</summary>
    Task<IReadOnlyList<StakeholderSubscription>> ListSubscriptionsAsync(CancellationToken cancellationToken);

    /// <summary>The notifications sent about an incident, oldest first (sequence 1 is the first notification).</summary>
    Task<IReadOnlyList<StakeholderNotification>> ListNotificationsAsync(long incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// The notifications still waiting for the next one: the latest of each unresolved incident, not the final one,
    /// with a next due time and no reminder yet. What the reminder timers are kept in step with.
    /// </summary>
    Task<IReadOnlyList<StakeholderNotification>> ListAwaitingUpdateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction with the incident and notice sessions over it: the
    /// notification row, the incident's timeline event and thread reply, and the notice with its posts commit together,
    /// or nothing does. On a conflict with a concurrent writer the work runs again from the start.
    /// </summary>
    Task<T> WriteAsync<T>(Func<IStakeholderSession, Task<T>> work, CancellationToken cancellationToken);
}

/// <summary>What a stakeholder write transaction can read and change.</summary>
public interface IStakeholderSession
{
    /// <summary>The incidents, in this transaction (load the incident first: it is locked until the commit).</summary>
    IIncidentSession Incidents { get; }

    /// <summary>The notices, in this transaction.</summary>
    INoticeSession Notices { get; }

    /// <summary>The incident's notifications as this transaction sees them, oldest first.</summary>
    Task<IReadOnlyList<StakeholderNotification>> NotificationsAsync(long incidentId, CancellationToken cancellationToken);

    /// <summary>The subscriptions to any of the groups.</summary>
    Task<IReadOnlyList<StakeholderSubscription>> SubscribersAsync(IReadOnlyCollection<string> groupIds, CancellationToken cancellationToken);

    /// <summary>Stores a notification; its (incident, sequence) must be new.</summary>
    Task AddNotificationAsync(StakeholderNotification notification, CancellationToken cancellationToken);

    /// <summary>Notes that the status update after this notification was reminded; false when it already was (or it does not exist).</summary>
    Task<bool> MarkRemindedAsync(long incidentId, int sequence, DateTimeOffset at, CancellationToken cancellationToken);
}

/// <summary>Someone receives a stakeholder group's notifications in a direct message.</summary>
/// <param name="DestinationKey">Their direct-message destination on the platform they subscribed from, e.g. <c>slack:dm:U0123</c>, <c>console:dm:ana</c>.</param>
/// <param name="Name">Their name as the platform or the catalog gave it.</param>
/// <param name="MemberId">Their catalog member id, when they are in the catalog.</param>
public sealed record StakeholderSubscription(string GroupId, string DestinationKey, string Name, string? MemberId, DateTimeOffset SubscribedAt);

/// <summary>The three brackets of stakeholder notifications (book Table 8.5): the outage announced, its progress, its end.</summary>
public enum NotificationBracket
{
    First,
    Update,
    Final,
}

/// <summary>
/// One stakeholder notification sent about an incident: which bracket, the text, who sent it from where, whom it
/// reached, and when the next one is due.
/// </summary>
/// <param name="Sequence">1 for the first notification, then 2, 3 … in the order sent.</param>
/// <param name="SentBy">Who sent it (<see cref="Actor.Source"/> is the platform).</param>
/// <param name="Priority">The incident's priority level when it was sent (1 for P1).</param>
/// <param name="Rings">The rings the priority named.</param>
/// <param name="GroupIds">The stakeholder groups it was relevant to (geography × product), in ring order.</param>
/// <param name="Subscribers">How many subscribers' direct messages it went to.</param>
/// <param name="NoticeId">The notice its message is, when one was posted.</param>
/// <param name="NextDueAt">When the next notification is due (first and updates with a status update interval); null after the final one.</param>
/// <param name="RemindedAt">When the communicator was reminded that the next one is due, if they were.</param>
public sealed record StakeholderNotification(
    long IncidentId,
    int Sequence,
    NotificationBracket Bracket,
    string Text,
    DateTimeOffset SentAt,
    Actor SentBy,
    int Priority,
    IReadOnlyList<int> Rings,
    IReadOnlyList<string> GroupIds,
    int Subscribers,
    long? NoticeId,
    DateTimeOffset? NextDueAt,
    DateTimeOffset? RemindedAt = null);
