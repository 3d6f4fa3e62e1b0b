using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Notices;
using Bot.Core.Routing;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;
using static Bot.Persistence.Tests.Support.NoticeTestData;

namespace Bot.Persistence.Tests;

/// <summary>The outbox delivering notices, alone and in one queue with incidents.</summary>
public abstract class NoticeOutboxTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private const string Slack = "slack:C0123";
    private const string DirectToBo = "slack:dm:U01BO";
    private static readonly AlertRoute Route = new(Payments, "checkout", CheckoutSlo, "production", "eu-west-1", IncidentSeverity.Critical, "test", null);

    protected FixedTimeProvider Clock { get; } = new(T0);

    private SqlNoticeStore Notices => new(Database, Clock);

    private SqlIncidentStore Incidents => new(Database, Clock);

    private SqlOutbox Outbox => new(Database);

    [DatabaseFact]
    public async Task Head_IncidentAndNoticeOnOneDestination_DeliversInQueueOrderWithTheirSubjects()
    {
        var incident = await OpenIncidentAsync("k1", [Slack]);
        var notice = await AddAsync(Notices, Handoff(), [Slack, DirectToBo]);
        var later = await OpenIncidentAsync("k2", [Slack]);

        var delivered = new List<MessageSubject>();
        while (await Outbox.HeadAsync(Slack, CancellationToken.None) is { } head)
        {
            delivered.Add(head.Subject);
            await Outbox.CompleteAsync(head, Posted(head), 1, T0, CancellationToken.None);
        }

        Assert.Equal([MessageSubject.Incident(incident), MessageSubject.Notice(notice.Id), MessageSubject.Incident(later)], delivered);
        var direct = (await Outbox.HeadAsync(DirectToBo, CancellationToken.None))!;
        Assert.Equal(
            (MessageSubject.Notice(notice.Id), DeliveryKind.Post, (string?)null, 0, T0, T0),
            (direct.Subject, direct.Kind, direct.Text, direct.Attempts, direct.CreatedAt, direct.DueAt));
        Assert.Equal([DirectToBo], await Outbox.DueDestinationsAsync(T0, 10, CancellationToken.None));
        Assert.Equal(1, await Outbox.PendingCountAsync(CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Complete_Posts_StoreEachSubjectsCopyWithItsConversationApart()
    {
        // Incident 1 and notice 1 share an id; their copies on one destination are different messages.
        var incident = await OpenIncidentAsync("k1", [DirectToBo]);
        var notice = await AddAsync(Notices, Handoff(), [DirectToBo, Slack]);
        Assert.Equal(incident, notice.Id);
        var incidentCopy = new ChatMessageRef(MessageSubject.Incident(incident), DirectToBo, "1714817742.000100", "1714817742.000100", 1, T0, "D0BO");
        var noticeCopy = new ChatMessageRef(MessageSubject.Notice(notice.Id), DirectToBo, "1714817742.000200", null, 1, T0.AddSeconds(1), "D0BO");
        var channelCopy = new ChatMessageRef(MessageSubject.Notice(notice.Id), Slack, "1714817742.000300", null, 1, T0.AddSeconds(2));

        await CompleteHeadAsync(DirectToBo, incidentCopy);
        await CompleteHeadAsync(DirectToBo, noticeCopy);
        await CompleteHeadAsync(Slack, channelCopy);
        var repeated = (await IncidentTables.OutboxAsync(Database)).Single(r => r.NoticeId == notice.Id && r.DestinationKey == DirectToBo);
        await Outbox.CompleteAsync(
            new OutboxEntry(repeated.Id, DirectToBo, MessageSubject.Notice(notice.Id), DeliveryKind.Post, null, 0, T0, T0),
            noticeCopy with { MessageId = "other", ConversationId = "D0OTHER" }, 1, T0.AddSeconds(9), CancellationToken.None);

        Assert.Equal(incidentCopy, await Outbox.FindMessageAsync(MessageSubject.Incident(incident), DirectToBo, CancellationToken.None));
        Assert.Equal(noticeCopy, await Outbox.FindMessageAsync(MessageSubject.Notice(notice.Id), DirectToBo, CancellationToken.None));
        Assert.Null(await Outbox.FindMessageAsync(MessageSubject.Incident(incident), Slack, CancellationToken.None));
        Assert.Equal([noticeCopy, channelCopy], await Outbox.MessagesOfAsync(MessageSubject.Notice(notice.Id), CancellationToken.None));
        Assert.Equal([incidentCopy], await Outbox.MessagesOfAsync(MessageSubject.Incident(incident), CancellationToken.None));
        var counts = await IncidentTables.CountsAsync(Database);
        Assert.Equal((1L, 2L), (counts.Messages, counts.NoticeMessages));
    }

    [DatabaseFact]
    public async Task Complete_PostRenderedBeforeTheNoticeChanged_QueuesAnUpdateBehindTheReply()
    {
        var notice = await AddAsync(Notices, Handoff(), [Slack]);
        var post = (await Outbox.HeadAsync(Slack, CancellationToken.None))!;
        await Notices.WriteAsync(
            async session =>
            {
                await session.SaveAsync(Taken(notice, T0), CancellationToken.None);
                await session.EnqueueReplyAsync(notice.Id, "Bo took it", null, CancellationToken.None);
                return true;
            },
            CancellationToken.None);

        await Outbox.CompleteAsync(post, Posted(post), renderedVersion: 1, T0.AddSeconds(3), CancellationToken.None);

        Assert.Equal(
            [("post", false, (int?)1), ("reply", true, null), ("update", true, null)],
            (await IncidentTables.OutboxAsync(Database)).Select(r => (r.Kind, r.IsPending, r.RenderedVersion)));
        var update = (await IncidentTables.OutboxAsync(Database))[2];
        Assert.Equal((notice.Id, 0L, T0.AddSeconds(3)), (update.NoticeId, update.IncidentId, update.DueAt));
        Assert.Equal(1, (await Outbox.FindMessageAsync(MessageSubject.Notice(notice.Id), Slack, CancellationToken.None))!.RenderedVersion);
    }

    [DatabaseFact]
    public async Task Complete_PostShowingTheLatestVersion_QueuesNothing()
    {
        var notice = await AddAsync(Notices, Handoff(), [Slack]);
        await SaveAsync(Notices, Taken(notice, T0));
        var post = (await Outbox.HeadAsync(Slack, CancellationToken.None))!;

        await Outbox.CompleteAsync(post, Posted(post), renderedVersion: 2, T0, CancellationToken.None);

        Assert.Equal(0, await Outbox.PendingCountAsync(CancellationToken.None));
        Assert.Equal(2, (await Outbox.FindMessageAsync(MessageSubject.Notice(notice.Id), Slack, CancellationToken.None))!.RenderedVersion);
    }

    [DatabaseFact]
    public async Task Complete_UpdateRenderedBeforeTheNoticeChangedAgain_StaysPendingAndDueAtOnce()
    {
        var notice = await AddAsync(Notices, Handoff(), [Slack]);
        var post = (await Outbox.HeadAsync(Slack, CancellationToken.None))!;
        await Outbox.CompleteAsync(post, Posted(post), 1, T0, CancellationToken.None);
        var v2 = Taken(notice, T0);
        await SaveAsync(Notices, v2);
        var update = (await Outbox.HeadAsync(Slack, CancellationToken.None))!;
        await Outbox.RetryLaterAsync(update, T0.AddSeconds(1), "timeout", CancellationToken.None);
        update = (await Outbox.HeadAsync(Slack, CancellationToken.None))!;
        await SaveAsync(Notices, v2 with { Version = 3, State = NoticeState.Closed });

        await Outbox.CompleteAsync(update, null, renderedVersion: 2, T0.AddSeconds(5), CancellationToken.None);

        Assert.Equal(update with { DueAt = T0.AddSeconds(5) }, await Outbox.HeadAsync(Slack, CancellationToken.None));
        Assert.Equal((DeliveryKind.Update, 1), (update.Kind, update.Attempts));
        Assert.Equal(2, (await Outbox.FindMessageAsync(MessageSubject.Notice(notice.Id), Slack, CancellationToken.None))!.RenderedVersion);

        await Outbox.CompleteAsync(update, null, renderedVersion: 3, T0.AddSeconds(6), CancellationToken.None);

        Assert.Null(await Outbox.HeadAsync(Slack, CancellationToken.None));
        Assert.Equal(3, (await Outbox.FindMessageAsync(MessageSubject.Notice(notice.Id), Slack, CancellationToken.None))!.RenderedVersion);
    }

    [DatabaseFact]
    public async Task Fail_NoticePost_TheQueueMovesOnAndLaterChangesSkipThatDestination()
    {
        var notice = await AddAsync(Notices, Handoff(), [DirectToBo, Slack]);
        var incident = await OpenIncidentAsync("k1", [DirectToBo]);
        var head = (await Outbox.HeadAsync(DirectToBo, CancellationToken.None))!;

        await Outbox.FailAsync(head, "user_not_found", T0.AddSeconds(1), CancellationToken.None);

        var next = (await Outbox.HeadAsync(DirectToBo, CancellationToken.None))!;
        Assert.Equal(MessageSubject.Incident(incident), next.Subject);
        await CompleteHeadAsync(Slack, new ChatMessageRef(MessageSubject.Notice(notice.Id), Slack, "m", null, 1, T0));
        await Notices.WriteAsync(
            async session =>
            {
                await session.SaveAsync(Taken(notice, T0), CancellationToken.None);
                await session.EnqueueReplyAsync(notice.Id, "taken", null, CancellationToken.None);
                return true;
            },
            CancellationToken.None);
        Assert.Equal(
            [(DirectToBo, "post", false), (Slack, "post", false), (DirectToBo, "post", true), (Slack, "update", true), (Slack, "reply", true)],
            (await IncidentTables.OutboxAsync(Database)).Select(r => (r.DestinationKey, r.Kind, r.IsPending)));
        var failed = (await IncidentTables.OutboxAsync(Database))[0];
        Assert.Equal((T0.AddSeconds(1), "user_not_found"), (failed.FailedAt, failed.LastError));
    }

    private async Task CompleteHeadAsync(string destinationKey, ChatMessageRef copy)
    {
        var head = (await Outbox.HeadAsync(destinationKey, CancellationToken.None))!;
        Assert.Equal((DeliveryKind.Post, copy.Subject), (head.Kind, head.Subject));
        await Outbox.CompleteAsync(head, copy, copy.RenderedVersion, copy.PostedAt, CancellationToken.None);
    }

    private async Task<long> OpenIncidentAsync(string key, IReadOnlyList<string> destinations) =>
        await Incidents.WriteAsync(
            async session =>
            {
                var incident = Incident.Open(key, Firing(key, T0), Route, new IncidentFacts("t", 1, IncidentLinks.None), Clock.Now, TimeSpan.FromHours(2));
                await session.SaveAsync(incident, CancellationToken.None);
                await session.EnqueuePostsAsync(incident.Id, destinations, CancellationToken.None);
                return incident.Id;
            },
            CancellationToken.None);

    private static ChatMessageRef? Posted(OutboxEntry entry) =>
        entry.Kind == DeliveryKind.Post ? new ChatMessageRef(entry.Subject, entry.DestinationKey, $"m-{entry.Id}", null, 1, T0) : null;
}

public sealed class SqliteNoticeOutboxTests() : NoticeOutboxTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresNoticeOutboxTests(PostgresServer server) : NoticeOutboxTests(server);
