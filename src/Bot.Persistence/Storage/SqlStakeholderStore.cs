using Bot.Core.Incidents;
using Bot.Core.Stakeholders;
using Bot.Core.Storage;
using Microsoft.Data.Sqlite;
using Npgsql;
using static Bot.Persistence.Storage.StakeholderRows;

namespace Bot.Persistence.Storage;

/// <summary>
/// Stakeholder subscriptions and notifications. A write session carries the incident and notice sessions over the
/// same transaction, so a notification's row, the incident's timeline event and thread reply, and its notice with the
/// posts commit together.
/// </summary>
/// <remarks>
/// Two notifications of one incident at once take turns: the session loads the incident first, which locks it
/// (PostgreSQL <c>FOR UPDATE</c>; SQLite has one writer anyway), and the second then reads the first's row. Should one
/// slip through, the primary key (incident, sequence) or the notice's dedup key refuses it and the write runs again.
/// </remarks>
internal sealed class SqlStakeholderStore(BotDatabase database, TimeProvider time) : IStakeholderStore
{
    public Task<bool> SubscribeAsync(StakeholderSubscription subscription, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscription);
        return database.WriteAsync(
            async session => await session.ExecuteAsync(InsertSubscription, new SubscriptionRow
            {
                GroupId = subscription.GroupId,
                DestinationKey = subscription.DestinationKey,
                Name = subscription.Name,
                MemberId = subscription.MemberId,
                SubscribedAt = subscription.SubscribedAt,
            }) == 1,
            cancellationToken);
    }

    public Task<bool> UnsubscribeAsync(string groupId, string destinationKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(groupId);
        ArgumentNullException.ThrowIfNull(destinationKey);
        return database.WriteAsync(
            async session => await session.ExecuteAsync(
                "DELETE FROM stakeholder_subscriptions WHERE group_id = @groupId AND destination_key = @destinationKey", new { groupId, destinationKey }) == 1,
            cancellationToken);
    }

    public Task<IReadOnlyList<StakeholderSubscription>> ListSubscriptionsAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<StakeholderSubscription>>(
            async session => [.. (await session.QueryAsync<SubscriptionRow>(
                $"SELECT {SubscriptionColumns} FROM stakeholder_subscriptions ORDER BY group_id, subscribed_at, destination_key")).Select(r => r.ToSubscription())],
            cancellationToken);

    public Task<IReadOnlyList<StakeholderNotification>> ListNotificationsAsync(long incidentId, CancellationToken cancellationToken) =>
        database.ReadAsync(session => NotificationsOfAsync(session, incidentId), cancellationToken);

    public Task<IReadOnlyList<StakeholderNotification>> ListAwaitingUpdateAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<StakeholderNotification>>(
            async session => [.. (await session.QueryAsync<NotificationRow>(
                $"""
                SELECT {NotificationColumns} FROM stakeholder_notifications AS n
                WHERE n.next_due_at IS NOT NULL AND n.reminded_at IS NULL
                  AND n.seq = (SELECT MAX(later.seq) FROM stakeholder_notifications AS later WHERE later.incident_id = n.incident_id)
                  AND EXISTS (SELECT 1 FROM incidents AS i WHERE i.id = n.incident_id AND i.state <> 'resolved')
                ORDER BY n.next_due_at, n.incident_id
                """)).Select(r => r.ToNotification())],
            cancellationToken);

    public Task<T> WriteAsync<T>(Func<IStakeholderSession, Task<T>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        return ConflictRetry.WriteAsync(database, session => work(new Session(session, time)), IsConflict, cancellationToken);
    }

    /// <summary>A conflict the next run resolves: the incident's or the notices', or a notification sequence another writer took first.</summary>
    internal static bool IsConflict(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique when unique.ConstraintName == "stakeholder_notifications_pkey" => true,
        // SQLITE_CONSTRAINT_PRIMARYKEY names the columns: "UNIQUE constraint failed: stakeholder_notifications.incident_id, …".
        SqliteException { SqliteErrorCode: 19 } unique when unique.Message.Contains("stakeholder_notifications.", StringComparison.Ordinal) => true,
        _ => SqlIncidentStore.IsConflict(exception) || SqlNoticeStore.IsConflict(exception),
    };

    private static async Task<IReadOnlyList<StakeholderNotification>> NotificationsOfAsync(DbSession session, long incidentId) =>
        [.. (await session.QueryAsync<NotificationRow>(
            $"SELECT {NotificationColumns} FROM stakeholder_notifications WHERE incident_id = @incidentId ORDER BY seq", new { incidentId }))
            .Select(r => r.ToNotification())];

    private sealed class Session(DbSession db, TimeProvider time) : IStakeholderSession
    {
        public IIncidentSession Incidents { get; } = new SqlIncidentStore.Session(db, time);

        public INoticeSession Notices { get; } = new SqlNoticeStore.Session(db, time);

        public Task<IReadOnlyList<StakeholderNotification>> NotificationsAsync(long incidentId, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return NotificationsOfAsync(db, incidentId);
        }

        public async Task<IReadOnlyList<StakeholderSubscription>> SubscribersAsync(IReadOnlyCollection<string> groupIds, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(groupIds);
            cancellationToken.ThrowIfCancellationRequested();
            if (groupIds.Count == 0)
            {
                return [];
            }
            // Dapper expands a list into IN (...) for SQLite, and passes it to Npgsql as one array parameter.
            var inGroups = db.Dialect == SqlDialect.Postgres ? "= ANY(@ids)" : "IN @ids";
            return [.. (await db.QueryAsync<SubscriptionRow>(
                $"SELECT {SubscriptionColumns} FROM stakeholder_subscriptions WHERE group_id {inGroups} ORDER BY subscribed_at, group_id, destination_key",
                new { ids = groupIds.ToArray() })).Select(r => r.ToSubscription())];
        }

        public Task AddNotificationAsync(StakeholderNotification notification, CancellationToken cancellationToken)
        {
            ArgumentNullException.ThrowIfNull(notification);
            cancellationToken.ThrowIfCancellationRequested();
            return db.ExecuteAsync(InsertNotification, NotificationRow.From(notification));
        }

        public async Task<bool> MarkRemindedAsync(long incidentId, int sequence, DateTimeOffset at, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return await db.ExecuteAsync(
                "UPDATE stakeholder_notifications SET reminded_at = @at WHERE incident_id = @incidentId AND seq = @sequence AND reminded_at IS NULL",
                new { incidentId, sequence, at }) == 1;
        }
    }
}
