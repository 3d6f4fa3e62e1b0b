using System.Globalization;
using Bot.Core.Incidents;
using Bot.Core.Stakeholders;

namespace Bot.Persistence.Storage;

/// <summary>The SQL shape of stakeholder subscriptions and notifications (tables <c>stakeholder_subscriptions</c>, <c>stakeholder_notifications</c>).</summary>
internal static class StakeholderRows
{
    public const string SubscriptionColumns =
        "group_id AS groupid, destination_key AS destinationkey, name, member_id AS memberid, subscribed_at AS subscribedat";

    public const string NotificationColumns = """
        incident_id AS incidentid, seq, bracket, text, sent_at AS sentat, sent_by AS sentby, sent_by_name AS sentbyname,
        sent_by_source AS sentbysource, priority, rings, group_ids AS groupids, subscribers, notice_id AS noticeid,
        next_due_at AS nextdueat, reminded_at AS remindedat
        """;

    /// <summary>Nothing when that destination already subscribes to the group.</summary>
    public const string InsertSubscription = """
        INSERT INTO stakeholder_subscriptions (group_id, destination_key, name, member_id, subscribed_at)
        VALUES (@GroupId, @DestinationKey, @Name, @MemberId, @SubscribedAt)
        ON CONFLICT (group_id, destination_key) DO NOTHING
        """;

    public const string InsertNotification = """
        INSERT INTO stakeholder_notifications (
            incident_id, seq, bracket, text, sent_at, sent_by, sent_by_name, sent_by_source, priority, rings, group_ids, subscribers,
            notice_id, next_due_at, reminded_at)
        VALUES (
            @IncidentId, @Seq, @Bracket, @Text, @SentAt, @SentBy, @SentByName, @SentBySource, @Priority, @Rings, @GroupIds, @Subscribers,
            @NoticeId, @NextDueAt, @RemindedAt)
        """;

    public sealed class SubscriptionRow
    {
        public string GroupId { get; set; } = "";
        public string DestinationKey { get; set; } = "";
        public string Name { get; set; } = "";
        public string? MemberId { get; set; }
        public DateTimeOffset SubscribedAt { get; set; }

        public StakeholderSubscription ToSubscription() => new(GroupId, DestinationKey, Name, MemberId, SubscribedAt);
    }

    public sealed class NotificationRow
    {
        public long IncidentId { get; set; }
        public int Seq { get; set; }
        public string Bracket { get; set; } = "";
        public string Text { get; set; } = "";
        public DateTimeOffset SentAt { get; set; }
        public string SentBy { get; set; } = "";
        public string SentByName { get; set; } = "";
        public string SentBySource { get; set; } = "";
        public int Priority { get; set; }
        public string Rings { get; set; } = "";
        public string GroupIds { get; set; } = "";
        public int Subscribers { get; set; }
        public long? NoticeId { get; set; }
        public DateTimeOffset? NextDueAt { get; set; }
        public DateTimeOffset? RemindedAt { get; set; }

        public static NotificationRow From(StakeholderNotification notification) => new()
        {
            IncidentId = notification.IncidentId,
            Seq = notification.Sequence,
            Bracket = EnumText<NotificationBracket>.Of(notification.Bracket),
            Text = notification.Text,
            SentAt = notification.SentAt,
            SentBy = notification.SentBy.Id,
            SentByName = notification.SentBy.Name,
            SentBySource = EnumText<ActionSource>.Of(notification.SentBy.Source),
            Priority = notification.Priority,
            Rings = string.Join(',', notification.Rings.Select(r => r.ToString(CultureInfo.InvariantCulture))),
            GroupIds = string.Join(',', notification.GroupIds),
            Subscribers = notification.Subscribers,
            NoticeId = notification.NoticeId,
            NextDueAt = notification.NextDueAt,
            RemindedAt = notification.RemindedAt,
        };

        public StakeholderNotification ToNotification() => new(
            IncidentId,
            Seq,
            EnumText<NotificationBracket>.Parse(Bracket),
            Text,
            SentAt,
            new Actor(SentBy, SentByName, EnumText<ActionSource>.Parse(SentBySource)),
            Priority,
            [.. Split(Rings).Select(r => int.Parse(r, NumberStyles.None, CultureInfo.InvariantCulture))],
            Split(GroupIds),
            Subscribers,
            NoticeId,
            NextDueAt,
            RemindedAt);

        private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);
    }
}
