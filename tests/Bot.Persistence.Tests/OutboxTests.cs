using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Routing;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests;

public abstract class OutboxTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private const string Slack = "slack:C0123";
    private const string Teams = "msteams:19:abc@thread.tacv2";
    private static readonly AlertRoute Route = new(Payments, "checkout", CheckoutSlo, "production", "eu-west-1", IncidentSeverity.Critical, "test", null);

    protected FixedTimeProvider Clock { get; } = new(T0);

    protected IIncidentStore Store => new SqlIncidentStore(Database, Clock);

    protected IOutbox Outbox => new SqlOutbox(Database);

    [DatabaseFact]
    public async Task Head_TwoIncidentsOnOneDestination_DeliversInQueueOrder()
    {
        var first = await OpenAsync("k1", [Slack]);
        var second = await OpenAsync("k2", [Slack]);
        await UpdateAsync(first, "Acknowledged");

        var delivered = new List<(long, DeliveryKind)>();
        while (await Outbox.HeadAsync(Slack, CancellationToken.None) is { } head)
        {
            delivered.Add((head.Subject.Id, head.Kind));
            await Outbox.CompleteAsync(head, Posted(head), 1, T0, CancellationToken.None);
        }

        Assert.Equal([(first, DeliveryKind.Post), (second, DeliveryKind.Post), (first, DeliveryKind.Reply)], delivered);
    }

    [DatabaseFact]
    public async Task RetryLater_HeadDueInTheFuture_HoldsBackTheEntriesBehindIt()
    {
        await OpenAsync("k1", [Slack]);
        await OpenAsync("k2", [Slack]);
        var head = (await Outbox.HeadAsync(Slack, CancellationToken.None))!;

        await Outbox.RetryLaterAsync(head, T0.AddSeconds(30), "429 rate_limited", CancellationToken.None);

        Assert.Empty(await Outbox.DueDestinationsAsync(T0.AddSeconds(29), 10, CancellationToken.None));
        Assert.Equal(T0.AddSeconds(30), await Outbox.NextDueAsync(CancellationToken.None));
        Assert.Equal(head with { Attempts = 1, DueAt = T0.AddSeconds(30) }, await Outbox.HeadAsync(Slack, CancellationToken.None));
        Assert.Equal([Slack], await Outbox.DueDestinationsAsync(T0.AddSeconds(30), 10, CancellationToken.None));
        Assert.Equal("429 rate_limited", (await IncidentTables.OutboxAsync(Database))[0].LastError);
    }

    [DatabaseFact]
    public async Task DueDestinations_SeveralQueues_LongestWaitingHeadFirstUpToTheLimit()
    {
        Clock.Now = T0.AddSeconds(2);
        await OpenAsync("k1", [Slack]);
        Clock.Now = T0;
        await OpenAsync("k2", [Teams]);
        Clock.Now = T0.AddSeconds(1);
        await OpenAsync("k3", [PaymentsChannel]);

        Assert.Equal([Teams, PaymentsChannel, Slack], await Outbox.DueDestinationsAsync(T0.AddSeconds(2), 10, CancellationToken.None));
        Assert.Equal([Teams, PaymentsChannel], await Outbox.DueDestinationsAsync(T0.AddSeconds(1), 10, CancellationToken.None));
        Assert.Equal([Teams], await Outbox.DueDestinationsAsync(T0.AddSeconds(5), 1, CancellationToken.None));
        Assert.Equal(T0, await Outbox.NextDueAsync(CancellationToken.None));
    }

    [DatabaseFact]
    public async Task NextDue_NothingPending_IsNull()
    {
        Assert.Null(await Outbox.NextDueAsync(CancellationToken.None));
        var id = await OpenAsync("k1", [Slack]);
        var head = (await Outbox.HeadAsync(Slack, CancellationToken.None))!;
        await Outbox.CompleteAsync(head, Posted(head), 1, T0, CancellationToken.None);

        Assert.Null(await Outbox.NextDueAsync(CancellationToken.None));
        Assert.Empty(await Outbox.DueDestinationsAsync(T0.AddDays(1), 10, CancellationToken.None));
        Assert.Equal(0, await Outbox.PendingCountAsync(CancellationToken.None));
        Assert.NotEqual(0, id);
    }

    [DatabaseFact]
    public async Task Complete_Post_StoresTheCopyOnceEvenWhenCompletedTwice()
    {
        var id = await OpenAsync("k1", [Slack, Teams]);
        var post = (await Outbox.HeadAsync(Slack, CancellationToken.None))!;
        var message = new ChatMessageRef(MessageSubject.Incident(id), Slack, "1714817742.000100", "1714817742.000100", 1, T0.AddSeconds(1));

        await Outbox.CompleteAsync(post, message, 1, T0.AddSeconds(1), CancellationToken.None);
        await Outbox.CompleteAsync(post, message with { MessageId = "other" }, 1, T0.AddSeconds(2), CancellationToken.None);

        Assert.Equal(message, await Outbox.FindMessageAsync(MessageSubject.Incident(id), Slack, CancellationToken.None));
        Assert.Null(await Outbox.FindMessageAsync(MessageSubject.Incident(id), Teams, CancellationToken.None));
        Assert.Equal([message], await Outbox.MessagesOfAsync(MessageSubject.Incident(id), CancellationToken.None));
        var row = (await IncidentTables.OutboxAsync(Database))[0];
        Assert.Equal((T0.AddSeconds(1), 1), (row.DeliveredAt, row.RenderedVersion));
        Assert.Null(await Outbox.HeadAsync(Slack, CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Complete_PostRenderedBeforeTheIncidentChanged_QueuesAnUpdateBehindTheReply()
    {
        var id = await OpenAsync("k1", [Slack]);
        var post = (await Outbox.HeadAsync(Slack, CancellationToken.None))!;
        await AcknowledgeAsync(id);

        await Outbox.CompleteAsync(post, Posted(post), renderedVersion: 1, T0.AddSeconds(3), CancellationToken.None);

        Assert.Equal(
            [("post", false, (int?)1), ("reply", true, null), ("update", true, null)],
            (await IncidentTables.OutboxAsync(Database)).Select(r => (r.Kind, r.IsPending, r.RenderedVersion)));
        Assert.Equal(1, (await Outbox.FindMessageAsync(MessageSubject.Incident(id), Slack, CancellationToken.None))!.RenderedVersion);
    }

    [DatabaseFact]
    public async Task Complete_UpdateRenderedBeforeTheIncidentChangedAgain_StaysPendingAndDueAtOnce()
    {
        var id = await OpenAsync("k1", [Slack]);
        var post = (await Outbox.HeadAsync(Slack, CancellationToken.None))!;
        await Outbox.CompleteAsync(post, Posted(post), 1, T0, CancellationToken.None);
        await UpdateAsync(id, null);
        var update = (await Outbox.HeadAsync(Slack, CancellationToken.None))!;
        await Outbox.RetryLaterAsync(update, T0.AddSeconds(1), "timeout", CancellationToken.None);
        update = (await Outbox.HeadAsync(Slack, CancellationToken.None))!;
        await AcknowledgeAsync(id);

        await Outbox.CompleteAsync(update, null, renderedVersion: 1, T0.AddSeconds(5), CancellationToken.None);

        Assert.Equal(update with { DueAt = T0.AddSeconds(5) }, await Outbox.HeadAsync(Slack, CancellationToken.None));
        Assert.Equal(1, update.Attempts);

        await Outbox.CompleteAsync(update, null, renderedVersion: 2, T0.AddSeconds(6), CancellationToken.None);

        Assert.Equal(DeliveryKind.Reply, (await Outbox.HeadAsync(Slack, CancellationToken.None))!.Kind);
        Assert.Equal(2, (await Outbox.FindMessageAsync(MessageSubject.Incident(id), Slack, CancellationToken.None))!.RenderedVersion);
    }

    [DatabaseFact]
    public async Task Fail_Head_TheQueueMovesOnAndThePendingCountDrops()
    {
        await OpenAsync("k1", [Slack]);
        var second = await OpenAsync("k2", [Slack, Teams]);
        Assert.Equal(3, await Outbox.PendingCountAsync(CancellationToken.None));
        var head = (await Outbox.HeadAsync(Slack, CancellationToken.None))!;

        await Outbox.FailAsync(head, "channel_not_found", T0.AddSeconds(1), CancellationToken.None);

        var next = (await Outbox.HeadAsync(Slack, CancellationToken.None))!;
        Assert.Equal((second, DeliveryKind.Post), (next.Subject.Id, next.Kind));
        Assert.Equal(2, await Outbox.PendingCountAsync(CancellationToken.None));
        var failed = (await IncidentTables.OutboxAsync(Database))[0];
        Assert.Equal((T0.AddSeconds(1), "channel_not_found", (DateTimeOffset?)null), (failed.FailedAt, failed.LastError, failed.DeliveredAt));
    }

    [DatabaseFact]
    public async Task Pending_AfterARestart_AnotherDatabaseInstanceSeesTheQueue()
    {
        var id = await OpenAsync("k1", [Slack, Teams]);
        await UpdateAsync(id, "Fired again");

        var restarted = new SqlOutbox(Test.OpenReplica());

        Assert.Equal(4, await restarted.PendingCountAsync(CancellationToken.None));
        Assert.Equal([Teams, Slack], (await restarted.DueDestinationsAsync(T0, 10, CancellationToken.None)).Order(StringComparer.Ordinal));
        var head = (await restarted.HeadAsync(Teams, CancellationToken.None))!;
        Assert.Equal(new OutboxEntry(head.Id, Teams, MessageSubject.Incident(id), DeliveryKind.Post, null, 0, T0, T0), head);
    }

    private async Task<long> OpenAsync(string key, IReadOnlyList<string> destinations) =>
        await Store.WriteAsync(
            async session =>
            {
                var incident = Incident.Open(key, Firing(key, T0), Route, new IncidentFacts("t", 1, IncidentLinks.None), Clock.Now, TimeSpan.FromHours(2));
                await session.SaveAsync(incident, CancellationToken.None);
                await session.EnqueuePostsAsync(incident.Id, destinations, CancellationToken.None);
                return incident.Id;
            },
            CancellationToken.None);

    private async Task UpdateAsync(long id, string? reply) =>
        await Store.WriteAsync(async session => { await session.EnqueueUpdateAsync(id, reply, CancellationToken.None); return true; }, CancellationToken.None);

    private async Task AcknowledgeAsync(long id) =>
        await Store.WriteAsync(
            async session =>
            {
                var incident = (await session.FindAsync(id, CancellationToken.None))!;
                var outcome = incident.Acknowledge(Ana, Clock.Now);
                await session.SaveAsync(incident, CancellationToken.None);
                await session.EnqueueUpdateAsync(id, outcome.Change.ThreadReply, CancellationToken.None);
                return true;
            },
            CancellationToken.None);

    private static ChatMessageRef? Posted(OutboxEntry entry) =>
        entry.Kind == DeliveryKind.Post ? new ChatMessageRef(entry.Subject, entry.DestinationKey, $"m-{entry.Id}", null, 1, T0) : null;
}

public sealed class SqliteOutboxTests() : OutboxTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresOutboxTests(PostgresServer server) : OutboxTests(server);
