using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Notices;
using Bot.Core.Notifications;
using Bot.Core.Scheduling;
using Bot.Core.Stakeholders;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Stakeholders.StakeholderTestWorld;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests.Stakeholders;

/// <summary>
/// Subscriptions, bracketed notifications and the status update reminder on the real stores: each notification's
/// row, timeline event, thread reply and notice with its posts in one transaction.
/// </summary>
public abstract class StakeholderNotificationTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private static readonly Actor Pat = new("pat", "Pat Lee", ActionSource.Console);
    private static readonly Actor AnaOnConsole = Ana with { Source = ActionSource.Console };

    private FixedTimeProvider Clock { get; } = new(T0);

    private StakeholderTestWorld? _world;

    private StakeholderTestWorld World => _world ??= new StakeholderTestWorld(Database, Clock);

    private StakeholderNotifications Notifications => World.Notifications;

    [DatabaseFact]
    public async Task Subscribe_Twice_SaysSoAndChangesNothing_AndUnsubscribeLikewise()
    {
        var first = await Notifications.SubscribeAsync("product-management", Pat, CancellationToken.None);
        Clock.Now = T0.AddMinutes(5);
        var again = await Notifications.SubscribeAsync("Product-Management", Pat, CancellationToken.None);
        var slack = await Notifications.SubscribeAsync("product-management", Ana, CancellationToken.None);

        Assert.Equal(new CommandReply(true,
            "Subscribed to Product management (product-management): its stakeholder notifications come to you in a direct message here. 'unsubscribe product-management' stops them."), first);
        Assert.Equal(new CommandReply(true, "You are already subscribed to Product management (product-management) since 2026-05-04 10:15 UTC; nothing changed."), again);
        Assert.True(slack.Succeeded);
        Assert.Equal(
            [
                new StakeholderSubscription("product-management", "console:dm:pat", "Pat Lee", null, T0),
                new StakeholderSubscription("product-management", "slack:dm:U01ANA", "Ana Souza", "ana", T0.AddMinutes(5)),
            ],
            await World.Store.ListSubscriptionsAsync(CancellationToken.None));

        var list = await Notifications.ListGroupsAsync(Pat, CancellationToken.None);
        Assert.Equal(
            """
            Stakeholder groups (subscribe <group> to receive its notifications in a direct message):
            • product-management: Product management — worldwide, all products, ring 1 (subscribed)
            • leadership: Leadership — worldwide, all products, ring 2
            • sales-eu-storefront: Sales EU, storefront — EU, storefront, ring 3
            • sales-us-storefront: Sales US, storefront — US, storefront, ring 3
            """.ReplaceLineEndings("\n"),
            list.Text);

        Assert.Equal(new CommandReply(true, "Unsubscribed from Product management (product-management): its notifications no longer come to you."),
            await Notifications.UnsubscribeAsync("product-management", Pat, CancellationToken.None));
        Assert.Equal(new CommandReply(true, "You are not subscribed to Product management (product-management); nothing changed."),
            await Notifications.UnsubscribeAsync("product-management", Pat, CancellationToken.None));
        Assert.Equal(new CommandReply(false, "'nope' is not a stakeholder group; the groups are: product-management, leadership, sales-eu-storefront, sales-us-storefront."),
            await Notifications.SubscribeAsync("nope", Pat, CancellationToken.None));
        Assert.Single(await World.Store.ListSubscriptionsAsync(CancellationToken.None));
    }

    [DatabaseFact]
    public async Task NotifyFirst_WritesTheNotification_TheTimelineEvent_TheThreadReply_AndTheNoticeToGroupsAndSubscribers()
    {
        var id = await World.OpenIncidentAsync();
        await Notifications.SubscribeAsync("product-management", Pat, CancellationToken.None);
        await Notifications.SubscribeAsync("sales-eu-storefront", Pat, CancellationToken.None);
        // Not concerned (US), and Slack is off here: neither gets it.
        await Notifications.SubscribeAsync("sales-us-storefront", Li, CancellationToken.None);
        await Notifications.SubscribeAsync("leadership", Bo, CancellationToken.None);
        var before = await IncidentTables.OutboxAsync(Database);
        Clock.Now = T0.AddMinutes(4);

        var reply = await Notifications.NotifyAsync(id, NotificationBracket.First, "Checkout fails for EU shoppers; we are on it.", AnaOnConsole, CancellationToken.None);

        Assert.Equal(new CommandReply(true,
            $"First notification for #{id} sent to ring 1: Product management; ring 2: Leadership; ring 3: Sales EU, storefront; 1 subscriber. "
            + "Next notification is planned by 12:19 UTC (in max. 2 h) as events warrant."), reply);
        var notification = Assert.Single(await World.Store.ListNotificationsAsync(id, CancellationToken.None));
        var notice = (await new SqlNoticeStore(Database, Clock).FindByDedupKeyAsync($"stakeholders:{id}:1", CancellationToken.None))!;
        // The lists are compared by their items below; records compare them by reference.
        Assert.Equal(
            new StakeholderNotification(id, 1, NotificationBracket.First, "Checkout fails for EU shoppers; we are on it.", T0.AddMinutes(4), AnaOnConsole, 1,
                notification.Rings, notification.GroupIds, 1, notice.Id, T0.AddMinutes(124)),
            notification);
        Assert.Equal([1, 2, 3], notification.Rings);
        Assert.Equal(["product-management", "leadership", "sales-eu-storefront"], notification.GroupIds);

        Assert.Equal((NoticeKind.StakeholderNotification, Payments), (notice.Kind, notice.TeamId));
        Assert.Equal("[P1 · First notification] Checkout: CheckoutHighErrorRate on a", notice.Message.Title);
        Assert.Equal("Checkout fails for EU shoppers; we are on it.", notice.Message.Summary);
        Assert.Equal("Next notification is planned by 12:19 UTC (in max. 2 h) as events warrant.", notice.Message.Footer);
        Assert.Equal(
            [("Recipients", "Ring 1 (Product management), Ring 2 (Leadership), Ring 3 (Marketing and sales); 1 subscriber"), ("Geography", "eu-west-1"),
             ("Product landscape", "storefront")],
            notice.Message.Fields.Take(3).Select(f => (f.Name, f.Value)));

        var thread = $"Stakeholders notified (first, ring 1: Product management; ring 2: Leadership; ring 3: Sales EU, storefront; 1 subscriber) by Ana Souza: "
            + "Checkout fails for EU shoppers; we are on it.; next update due by 12:19 UTC";
        var added = (await IncidentTables.OutboxAsync(Database)).Skip(before.Count).Select(r => (r.DestinationKey, r.Kind, r.Text, r.NoticeId != 0)).ToList();
        Assert.Equal(
            [
                (ProductManagement, "post", null, true), (Leadership, "post", null, true), (SalesEu, "post", null, true), ("console:dm:pat", "post", null, true),
                (PaymentsChannel, "reply", thread, false), (PaymentsOnCallChannel, "reply", thread, false),
            ],
            added);

        var timeline = (await World.Incidents.FindAsync(id, CancellationToken.None))!.Timeline;
        var notified = timeline[^1];
        Assert.Equal((IncidentEventKind.StakeholdersNotified, T0.AddMinutes(4), AnaOnConsole), (notified.Kind, notified.At, notified.By));
        Assert.StartsWith("First notification to stakeholders by Ana Souza, P1 to ring 1: Product management;", notified.Text, StringComparison.Ordinal);
        Assert.EndsWith("4 destinations: “Checkout fails for EU shoppers; we are on it.”; next update due by 12:19 UTC", notified.Text, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, DateTimeOffset> { [$"status-update/incident-{id}-1"] = T0.AddMinutes(124) }, World.Timers.Pending);
    }

    [DatabaseFact]
    public async Task Notify_OutOfBracketOrder_ByAnOutsider_OrWithoutAPriority_IsRefusedAndWritesNothing()
    {
        var id = await World.OpenIncidentAsync();
        await new IngestAlerts(World.Catalog, World.Incidents, Destinations(), new IncidentOptions(), Clock)
            .ExecuteAsync(Batch(Unrouted("disk", T0)), CancellationToken.None);
        var unprioritised = (await World.Incidents.ListAsync(new IncidentQuery(), CancellationToken.None)).Max(i => i.Id);
        var counts = await IncidentTables.CountsAsync(Database);

        async Task<string> RefusedAsync(long incident, NotificationBracket bracket, Actor by)
        {
            var reply = await Notifications.NotifyAsync(incident, bracket, "text", by, CancellationToken.None);
            Assert.False(reply.Succeeded, reply.Text);
            return reply.Text;
        }

        Assert.Equal($"Incident #{id} has had no first notification yet; send that first: notify #{id} first <text>", await RefusedAsync(id, NotificationBracket.Update, Ana));
        Assert.Equal($"Only members of team 'payments' and admins may notify stakeholders of incident #{id}; Li Wei is not one.", await RefusedAsync(id, NotificationBracket.First, Li));
        Assert.Equal(
            $"Incident #{unprioritised} has no priority, and the priority says which stakeholders hear of it; set a priority first: incident #{unprioritised} priority P2",
            await RefusedAsync(unprioritised, NotificationBracket.First, Ana));
        Assert.Equal("There is no incident #999.", await RefusedAsync(999, NotificationBracket.First, Ana));
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));

        await Actions(World.Incidents, Clock).ClassifyAsync(new IncidentActionRequest(id, Ana, null), 3, null, null, CancellationToken.None);
        counts = await IncidentTables.CountsAsync(Database);
        Assert.Equal(
            "P3 (Minor business impact) does not notify stakeholders (stakeholdersNotified is false in the catalog's priorities); nothing was sent.",
            await RefusedAsync(id, NotificationBracket.First, Ana));
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
        Assert.Empty(await World.Store.ListNotificationsAsync(id, CancellationToken.None));
        Assert.Empty(World.Timers.Pending);
    }

    [DatabaseFact]
    public async Task Notify_WhenTheNoticeOfThatSequenceExists_WritesNothingAtAll()
    {
        var id = await World.OpenIncidentAsync();
        await NoticeTestData.AddAsync(new SqlNoticeStore(Database, Clock), NoticeTestData.Handoff($"stakeholders:{id}:1"));
        var counts = await IncidentTables.CountsAsync(Database);

        var reply = await Notifications.NotifyAsync(id, NotificationBracket.First, "Checkout fails", Ana, CancellationToken.None);

        Assert.Equal(new CommandReply(false, $"Notification 1 of #{id} was sent a moment ago; look at the incident's thread."), reply);
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
        Assert.Empty(await World.Store.ListNotificationsAsync(id, CancellationToken.None));
    }

    [DatabaseFact]
    public async Task FirstUpdateFinal_KeepTheHistory_MoveTheReminderTimer_AndTheFinalGivesTheTimeToRecovery()
    {
        var id = await World.OpenIncidentAsync();
        Assert.True((await Notifications.NotifyAsync(id, NotificationBracket.First, "Checkout fails", Ana, CancellationToken.None)).Succeeded);
        Clock.Now = T0.AddMinutes(30);
        var update = await Notifications.NotifyAsync(id, NotificationBracket.Update, "Fix is rolling out", Bo, CancellationToken.None);
        Assert.Equal(
            $"Update 1 for #{id} sent to ring 1: Product management; ring 2: Leadership; ring 3: Sales EU, storefront; no subscribers. "
            + "Next notification is planned by 12:45 UTC (in max. 2 h) as events warrant.",
            update.Text);
        Assert.Equal(new Dictionary<string, DateTimeOffset> { [$"status-update/incident-{id}-2"] = T0.AddMinutes(150) }, World.Timers.Pending);
        Assert.Equal($"The first notification for #{id} went at 2026-05-04 10:15 UTC; send an update instead: notify #{id} update <text>",
            (await Notifications.NotifyAsync(id, NotificationBracket.First, "again", Ana, CancellationToken.None)).Text);

        Clock.Now = T0.AddMinutes(51);
        await Actions(World.Incidents, Clock).ResolveAsync(new IncidentActionRequest(id, Bo, null), CancellationToken.None);
        Clock.Now = T0.AddMinutes(58);
        var final = await Notifications.NotifyAsync(id, NotificationBracket.Final, "Checkout works again.", Ana, CancellationToken.None);

        Assert.Equal(
            $"Final notification for #{id} sent to ring 1: Product management; ring 2: Leadership; ring 3: Sales EU, storefront; no subscribers. "
            + "Time to recovery: 51 minutes. No further communication planned.",
            final.Text);
        Assert.Empty(World.Timers.Pending);
        Assert.Equal($"The final notification for #{id} went at 2026-05-04 11:13 UTC; nothing follows it.",
            (await Notifications.NotifyAsync(id, NotificationBracket.Update, "more", Ana, CancellationToken.None)).Text);
        var history = await World.Store.ListNotificationsAsync(id, CancellationToken.None);
        Assert.Equal(
            [(1, NotificationBracket.First, "ana", (DateTimeOffset?)T0.AddHours(2)), (2, NotificationBracket.Update, "bo", T0.AddMinutes(150)), (3, NotificationBracket.Final, "ana", null)],
            history.Select(n => (n.Sequence, n.Bracket, n.SentBy.Id, n.NextDueAt)));
        var notice = (await new SqlNoticeStore(Database, Clock).FindByDedupKeyAsync($"stakeholders:{id}:3", CancellationToken.None))!;
        Assert.Equal("[P1 · Final notification] Checkout: CheckoutHighErrorRate on a", notice.Message.Title);
        Assert.Equal("Time to recovery: 51 minutes. No further communication planned.", notice.Message.Footer);
        Assert.Equal(3, (await World.Incidents.FindAsync(id, CancellationToken.None))!.Timeline.Count(e => e.Kind == IncidentEventKind.StakeholdersNotified));
    }

    [DatabaseFact]
    public async Task Reminder_WhenNoUpdateCame_RemindsTheCommunicatorOnce_InADirectMessageAndTheThread()
    {
        var id = await World.OpenIncidentAsync();
        await World.Incidents.WriteAsync(
            async session =>
            {
                var incident = (await session.FindAsync(id, CancellationToken.None))!;
                incident.AssignRole(IncidentRole.Communicator, new RoleHolder(IncidentRole.Communicator, "bo", "Bo Berg"), Ana, null, T0);
                await session.SaveAsync(incident, CancellationToken.None);
                return true;
            },
            CancellationToken.None);
        await Notifications.NotifyAsync(id, NotificationBracket.First, "Checkout fails", Ana, CancellationToken.None);
        var handler = new StatusUpdateTimerHandler(World.Reminders);
        var key = StakeholderNotifications.TimerFor(id, 1);

        Clock.Now = T0.AddHours(1);
        Assert.Equal(ReminderOutcome.Skipped($"the next notification is due only at {T0.AddHours(2):O}"), await World.Reminders.RemindAsync(id, 1, CancellationToken.None));
        var before = await IncidentTables.OutboxAsync(Database);
        Clock.Now = T0.AddHours(2);
        await handler.HandleAsync(new TimerFired(key, T0.AddHours(2), Clock.Now, false), CancellationToken.None);

        var text = $"{ChatText.Mention("bo")} Status update due for #{id}: P1 promises one every 2 h; the last went at 10:15 UTC. notify #{id} update <text>";
        Assert.Equal(
            [("console:dm:bo", "post", null), ("console:dm:bo", "reply", text), (PaymentsChannel, "reply", text), (PaymentsOnCallChannel, "reply", text)],
            (await IncidentTables.OutboxAsync(Database)).Skip(before.Count).Select(r => (r.DestinationKey, r.Kind, r.Text)));
        Assert.Equal(T0.AddHours(2), Assert.Single(await World.Store.ListNotificationsAsync(id, CancellationToken.None)).RemindedAt);
        var reminded = (await World.Incidents.FindAsync(id, CancellationToken.None))!.Timeline[^1];
        Assert.Equal((IncidentEventKind.Reminded, T0.AddHours(2), ActionSource.Scheduler), (reminded.Kind, reminded.At, reminded.By!.Source));
        Assert.Equal(
            "Status update due: reminded Bo Berg (communicator) in a direct message and in the thread; the last notification (first notification) went at 2026-05-04 10:15 UTC, the next was due at 2026-05-04 12:15 UTC.",
            reminded.Text);

        var counts = await IncidentTables.CountsAsync(Database);
        Clock.Now = T0.AddHours(3);
        Assert.Equal(ReminderOutcome.Skipped($"already reminded at {T0.AddHours(2):O}"), await World.Reminders.RemindAsync(id, 1, CancellationToken.None));
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
    }

    [DatabaseFact]
    public async Task Reminder_WithoutRoles_RemindsTheSender_AndNotAfterALaterNotificationOrTheResolution()
    {
        var id = await World.OpenIncidentAsync();
        await Notifications.NotifyAsync(id, NotificationBracket.First, "Checkout fails", AnaOnConsole, CancellationToken.None);
        Clock.Now = T0.AddHours(2);

        var outcome = await World.Reminders.RemindAsync(id, 1, CancellationToken.None);

        Assert.Equal((true, "reminded Ana Souza (sent the last notification)", "ana"), (outcome.Reminded, outcome.Detail, outcome.MemberId));
        Assert.Equal(["console:dm:ana"], outcome.DirectKeys);

        await Notifications.NotifyAsync(id, NotificationBracket.Update, "Still on it", AnaOnConsole, CancellationToken.None);
        Assert.Equal(ReminderOutcome.Skipped("notification 2 went out after 1"), await World.Reminders.RemindAsync(id, 1, CancellationToken.None));
        await Actions(World.Incidents, Clock).ResolveAsync(new IncidentActionRequest(id, Ana, null), CancellationToken.None);
        Clock.Now = T0.AddHours(4);
        Assert.Equal(ReminderOutcome.Skipped($"incident #{id} is resolved"), await World.Reminders.RemindAsync(id, 2, CancellationToken.None));
    }

    [DatabaseFact]
    public async Task TimerSource_SetsALostReminderAgain_AndDropsThoseNoLongerWanted()
    {
        var id = await World.OpenIncidentAsync();
        var other = await World.OpenIncidentAsync("b", "us-east-1");
        await Notifications.NotifyAsync(id, NotificationBracket.First, "Checkout fails", Ana, CancellationToken.None);
        await Notifications.NotifyAsync(other, NotificationBracket.First, "Checkout fails in the US", Ana, CancellationToken.None);
        var source = new StatusUpdateTimerSource(World.Store);
        var lost = new Timers();
        await lost.ScheduleAsync(StakeholderNotifications.TimerFor(other, 7), T0, CancellationToken.None);

        await source.SyncAsync(lost, CancellationToken.None);

        Assert.Equal(
            new Dictionary<string, DateTimeOffset> { [$"status-update/incident-{id}-1"] = T0.AddHours(2), [$"status-update/incident-{other}-1"] = T0.AddHours(2) },
            lost.Pending);
        Clock.Now = T0.AddHours(2);
        Assert.True((await World.Reminders.RemindAsync(id, 1, CancellationToken.None)).Reminded);
        await Actions(World.Incidents, Clock).ResolveAsync(new IncidentActionRequest(other, Ana, null), CancellationToken.None);
        await source.SyncAsync(lost, CancellationToken.None);
        Assert.Empty(lost.Pending);
    }
}

public sealed class SqliteStakeholderNotificationTests() : StakeholderNotificationTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresStakeholderNotificationTests(PostgresServer server) : StakeholderNotificationTests(server);
