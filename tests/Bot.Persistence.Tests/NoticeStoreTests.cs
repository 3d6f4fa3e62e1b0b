using Bot.Core.Delivery;
using Bot.Core.Notices;
using Bot.Core.OnCall;
using Bot.Core.Storage;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;
using static Bot.Persistence.Tests.Support.NoticeTestData;

namespace Bot.Persistence.Tests;

public abstract class NoticeStoreTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    protected const string Channel = PaymentsChannel;
    protected const string OnCall = PaymentsOnCallChannel;
    protected const string DirectToBo = "slack:dm:U01BO";

    protected FixedTimeProvider Clock { get; } = new(T0);

    protected INoticeStore Store => new SqlNoticeStore(Database, Clock);

    protected IOutbox Outbox => new SqlOutbox(Database);

    [DatabaseFact]
    public async Task Add_ThenFind_StoresEveryFieldAndStampsTheMessageWithIdAndVersion()
    {
        var notice = Handoff() with { TakenBy = "bo", TakenAt = T0.AddMinutes(3) };

        var added = await AddAsync(notice);

        Assert.True(added.Id > 0);
        var expected = notice with { Id = added.Id, Message = notice.Message with { NoticeId = added.Id, Version = 1 } };
        AssertSame(expected, added);
        AssertSame(expected, await Store.FindAsync(added.Id, CancellationToken.None));
        AssertSame(expected, await Store.FindByDedupKeyAsync(HandoffKey, CancellationToken.None));
        AssertSame(expected, await Store.WriteAsync(session => session.FindAsync(added.Id, CancellationToken.None), CancellationToken.None));
        Assert.Null(await Store.FindAsync(added.Id + 1, CancellationToken.None));
        Assert.Null(await Store.FindByDedupKeyAsync("handoff:other", CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Add_NoRotationAndNothingTaken_LoadsTheNullsBack()
    {
        var notice = Handoff(kind: NoticeKind.CoverRequest) with { RotationId = null, Message = Prompt(footer: null) };

        var added = await AddAsync(notice);

        var found = await Store.FindAsync(added.Id, CancellationToken.None);
        AssertSame(notice with { Id = added.Id, Message = notice.Message with { NoticeId = added.Id, Version = 1 } }, found);
        Assert.Equal("cover_request", await Database.ReadAsync(session => session.QuerySingleAsync<string>("SELECT kind FROM notices"), CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Add_BudgetPolicyNotice_StoresItsKindAsBudgetPolicyAndListsItByKind()
    {
        var notice = Handoff("budget-policy:payments:checkout-availability:consumed-50:2026-05-04", NoticeKind.BudgetPolicy) with { RotationId = null };

        var added = await AddAsync(notice, [Channel]);

        var expected = notice with { Id = added.Id, Message = notice.Message with { NoticeId = added.Id, Version = 1 } };
        AssertSame(expected, await Store.FindAsync(added.Id, CancellationToken.None));
        AssertSame(expected, Assert.Single(await Store.ListAsync(Payments, NoticeKind.BudgetPolicy, NoticeState.Open, 10, CancellationToken.None)));
        Assert.Empty(await Store.ListAsync(Payments, NoticeKind.Handoff, null, 10, CancellationToken.None));
        Assert.Equal("budget_policy", await Database.ReadAsync(session => session.QuerySingleAsync<string>("SELECT kind FROM notices"), CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Add_DedupKeyTaken_ReturnsNullAndWritesNothing()
    {
        var first = await AddAsync(Handoff(), [Channel]);
        var counts = await IncidentTables.CountsAsync(Database);

        var again = await Store.WriteAsync(
            async session =>
            {
                var second = await session.AddAsync(Handoff() with { Data = "{}", TeamId = "search" }, CancellationToken.None);
                return second;
            },
            CancellationToken.None);

        Assert.Null(again);
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
        AssertSame(first, await Store.FindByDedupKeyAsync(HandoffKey, CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Add_SameKeyTwiceInOneSession_TheSecondIsNull()
    {
        var (first, second) = await Store.WriteAsync(
            async session => (await session.AddAsync(Handoff(), CancellationToken.None), await session.AddAsync(Handoff(), CancellationToken.None)),
            CancellationToken.None);

        Assert.NotNull(first);
        Assert.Null(second);
        Assert.Equal(1, (await IncidentTables.CountsAsync(Database)).Notices);
    }

    [DatabaseFact]
    public async Task Add_TwoReplicasAddOneKeyAtOnce_ExactlyOneNoticeAndItsPosts()
    {
        // PostgreSQL: both transactions find no notice before either inserts; the second insert waits for the first to
        // commit and then inserts nothing. SQLite: one writer at a time, so the second finds the first's notice.
        var meet = Dialect == SqlDialect.Postgres ? new Rendezvous(2, Patience) : null;
        var replicas = new INoticeStore[] { Store, new SqlNoticeStore(Test.OpenReplica(), Clock) };

        var results = await Task.WhenAll(replicas.Select((replica, i) => Task.Run(() => replica.WriteAsync(
            async session =>
            {
                if (await session.FindByDedupKeyAsync(HandoffKey, CancellationToken.None) is not null)
                {
                    return null;
                }
                if (meet is not null)
                {
                    await meet.ArriveAsync();
                }
                var added = await session.AddAsync(Handoff() with { Data = $$"""{"replica":{{i}}}""" }, CancellationToken.None);
                if (added is not null)
                {
                    await session.EnqueuePostsAsync(added.Id, [Channel, OnCall], CancellationToken.None);
                }
                return added;
            },
            CancellationToken.None)))).WaitAsync(Patience);

        var winner = Assert.Single(results, r => r is not null)!;
        AssertSame(winner, Assert.Single(await Store.ListAsync(Payments, null, null, 10, CancellationToken.None)));
        Assert.Equal(
            [(winner.Id, Channel, "post"), (winner.Id, OnCall, "post")],
            (await IncidentTables.OutboxAsync(Database)).Select(r => (r.NoticeId, r.DestinationKey, r.Kind)));
    }

    [DatabaseFact]
    public async Task Add_NotANewNotice_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(session => session.AddAsync(Handoff() with { Id = 4 }, CancellationToken.None), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(session => session.AddAsync(Handoff() with { Version = 2 }, CancellationToken.None), CancellationToken.None));

        Assert.Equal(0, (await IncidentTables.CountsAsync(Database)).Notices);
    }

    [DatabaseFact]
    public async Task Save_NextVersion_StoresTheChangeAndKeepsWhatIsFixed()
    {
        var added = await AddAsync(Handoff());
        Clock.Now = T0.AddMinutes(5);
        var taken = Taken(added, T0.AddMinutes(5));

        await SaveAsync(taken with { DedupKey = "changed", TeamId = "search", CreatedAt = T0.AddDays(1) });

        AssertSame(taken, await Store.FindAsync(added.Id, CancellationToken.None));
        Assert.Equal(
            T0.AddMinutes(5),
            await Database.ReadAsync(session => session.QuerySingleAsync<DateTimeOffset>("SELECT updated_at FROM notices WHERE id = @Id", new { added.Id }), CancellationToken.None));
    }

    [DatabaseTheory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Save_NotTheNextVersion_ThrowsNamingTheNoticeAndBothVersionsAndWritesNothing(int version)
    {
        var added = await AddAsync(Handoff(), [Channel]);
        await DeliverAsync(Channel, "m-1");
        var counts = await IncidentTables.CountsAsync(Database);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteAsync(
            async session =>
            {
                await session.EnqueueReplyAsync(added.Id, "written first", null, CancellationToken.None);
                await session.SaveAsync(Taken(added, T0) with { Version = version }, CancellationToken.None);
                return true;
            },
            CancellationToken.None));

        Assert.Contains($"Notice {added.Id}", error.Message, StringComparison.Ordinal);
        Assert.Contains("version 1", error.Message, StringComparison.Ordinal);
        Assert.Contains($"not {version}", error.Message, StringComparison.Ordinal);
        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
        AssertSame(added, await Store.FindAsync(added.Id, CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Save_UnknownNotice_Throws()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Store.WriteAsync(async session => { await session.SaveAsync(Handoff() with { Id = 99, Version = 2 }, CancellationToken.None); return true; }, CancellationToken.None));

        Assert.Contains("Notice 99 does not exist", error.Message, StringComparison.Ordinal);
    }

    [DatabaseFact]
    public async Task Save_CopiesPostedPendingAndFailed_QueuesOneEditPerPostedCopyAndCoalesces()
    {
        var added = await AddAsync(Handoff(), [Channel, OnCall, DirectToBo]);
        await DeliverAsync(Channel, "m-1");
        await DeliverAsync(DirectToBo, "m-2");
        await Outbox.FailAsync((await Outbox.HeadAsync(OnCall, CancellationToken.None))!, "channel_not_found", T0, CancellationToken.None);
        await AddAsync(Handoff("handoff:other"), [Channel]);

        var v2 = Taken(added, T0);
        await SaveAsync(v2);
        await SaveAsync(v2 with { Version = 3 });

        Assert.Equal(
            [(Channel, "post"), (Channel, "update"), (DirectToBo, "update")],
            (await IncidentTables.OutboxAsync(Database)).Where(r => r.IsPending).Select(r => (r.DestinationKey, r.Kind)));
        Assert.All((await IncidentTables.OutboxAsync(Database)).Where(r => r.Kind == "update"), r => Assert.Equal(added.Id, r.NoticeId));
        Assert.Equal(3, (await Store.FindAsync(added.Id, CancellationToken.None))!.Version);
    }

    [DatabaseFact]
    public async Task Save_PostStillPending_QueuesNoEdit()
    {
        var added = await AddAsync(Handoff(), [Channel]);

        await SaveAsync(Taken(added, T0));

        Assert.Equal(["post"], (await IncidentTables.OutboxAsync(Database)).Select(r => r.Kind));
    }

    [DatabaseFact]
    public async Task EnqueuePosts_SomeDestinationsPostedBefore_OnePostPerDestination()
    {
        var added = await AddAsync(Handoff(), [Channel, OnCall, Channel]);

        await Write(session => session.EnqueuePostsAsync(added.Id, [OnCall, DirectToBo], CancellationToken.None));
        await Write(session => session.EnqueuePostsAsync(added.Id, [], CancellationToken.None));

        var rows = await IncidentTables.OutboxAsync(Database);
        Assert.Equal([(Channel, "post"), (OnCall, "post"), (DirectToBo, "post")], rows.Select(r => (r.DestinationKey, r.Kind)));
        Assert.All(rows, r => Assert.Equal((added.Id, 0L, 0, T0, true), (r.NoticeId, r.IncidentId, r.Attempts, r.DueAt, r.IsPending)));
    }

    [DatabaseFact]
    public async Task EnqueueReply_ChosenCopies_OnlyThoseWithAPostThatHasNotFailed()
    {
        var added = await AddAsync(Handoff(), [Channel, OnCall, DirectToBo]);
        await DeliverAsync(Channel, "m-1");
        await Outbox.FailAsync((await Outbox.HeadAsync(OnCall, CancellationToken.None))!, "channel_not_found", T0, CancellationToken.None);

        await Write(session => session.EnqueueReplyAsync(added.Id, "to the DM", [DirectToBo, OnCall, "console:never-posted"], CancellationToken.None));
        await Write(session => session.EnqueueReplyAsync(added.Id, "to nobody", [], CancellationToken.None));
        await Write(session => session.EnqueueReplyAsync(added.Id, "to every copy", null, CancellationToken.None));

        Assert.Equal(
            [(DirectToBo, "to the DM"), (Channel, "to every copy"), (DirectToBo, "to every copy")],
            (await IncidentTables.OutboxAsync(Database)).Where(r => r.Kind == "reply").Select(r => (r.DestinationKey, r.Text)));
    }

    [DatabaseFact]
    public async Task AddOverride_WithTheNotice_CommitsTogether()
    {
        var added = await AddAsync(Handoff(kind: NoticeKind.CoverRequest));
        var cover = new RotationOverride(0, "payments-primary", "bo", OnCallRole.Main, T0.AddHours(1), T0.AddHours(5), "bo", T0);

        var stored = await Store.WriteAsync(
            async session =>
            {
                var notice = (await session.FindAsync(added.Id, CancellationToken.None))!;
                await session.SaveAsync(Taken(notice, T0), CancellationToken.None);
                return await session.AddOverrideAsync(cover, CancellationToken.None);
            },
            CancellationToken.None);

        Assert.True(stored.Id > 0);
        Assert.Equal(cover with { Id = stored.Id }, stored);
        Assert.Equal([stored], await new SqlRotationOverrideStore(Database).OverlappingAsync("payments-primary", T0, T0.AddDays(1), CancellationToken.None));
    }

    [DatabaseFact]
    public async Task AddOverride_WorkThrowsAfterwards_NeitherTheOverrideNorTheNoticeChangeIsKept()
    {
        var added = await AddAsync(Handoff(kind: NoticeKind.CoverRequest));
        var counts = await IncidentTables.CountsAsync(Database);

        await Assert.ThrowsAsync<TimeoutException>(() => Store.WriteAsync<bool>(
            async session =>
            {
                await session.SaveAsync(Taken(added, T0), CancellationToken.None);
                await session.AddOverrideAsync(new RotationOverride(0, "payments-primary", "bo", OnCallRole.Main, T0, T0.AddHours(5), "bo", T0), CancellationToken.None);
                throw new TimeoutException("the chat platform did not answer");
            },
            CancellationToken.None));

        Assert.Equal(counts, await IncidentTables.CountsAsync(Database));
        Assert.Equal(0, counts.Overrides);
        AssertSame(added, await Store.FindAsync(added.Id, CancellationToken.None));
    }

    [DatabaseFact]
    public async Task AddOverride_EndsBeforeItStarts_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(
            session => session.AddOverrideAsync(new RotationOverride(0, "payments-primary", "bo", OnCallRole.Main, T0, T0, "bo", T0), CancellationToken.None),
            CancellationToken.None));
    }

    [DatabaseFact]
    public async Task List_FiltersByTeamKindAndState_NewestFirstUpToTheLimit()
    {
        var oldest = await AddAsync(Handoff("h1", at: T0));
        var cover = await AddAsync(Handoff("c1", NoticeKind.CoverRequest, at: T0.AddHours(1)));
        var newest = await AddAsync(Handoff("h2", at: T0.AddHours(2)));
        await AddAsync(Handoff("s1", teamId: "search", at: T0.AddHours(3)));
        await SaveAsync(Taken(oldest, T0.AddHours(4)));

        Assert.Equal([newest.Id, cover.Id, oldest.Id], await IdsAsync(null, null, 10));
        Assert.Equal([newest.Id, cover.Id], await IdsAsync(null, null, 2));
        Assert.Equal([newest.Id, oldest.Id], await IdsAsync(NoticeKind.Handoff, null, 10));
        Assert.Equal([oldest.Id], await IdsAsync(NoticeKind.Handoff, NoticeState.Taken, 10));
        Assert.Equal([cover.Id], await IdsAsync(NoticeKind.CoverRequest, NoticeState.Open, 10));
        Assert.Empty(await IdsAsync(null, NoticeState.Closed, 10));

        async Task<IEnumerable<long>> IdsAsync(NoticeKind? kind, NoticeState? state, int limit) =>
            (await Store.ListAsync(Payments, kind, state, limit, CancellationToken.None)).Select(n => n.Id);
    }

    protected Task<Notice> AddAsync(Notice notice, IReadOnlyList<string>? destinations = null) => NoticeTestData.AddAsync(Store, notice, destinations);

    protected Task SaveAsync(Notice notice) => NoticeTestData.SaveAsync(Store, notice);

    protected Task Write(Func<INoticeSession, Task> work) =>
        Store.WriteAsync(async session => { await work(session); return true; }, CancellationToken.None);

    /// <summary>Delivers the destination's head, a post.</summary>
    protected async Task DeliverAsync(string destinationKey, string messageId)
    {
        var post = (await Outbox.HeadAsync(destinationKey, CancellationToken.None))!;
        Assert.Equal(DeliveryKind.Post, post.Kind);
        await Outbox.CompleteAsync(post, new ChatMessageRef(post.Subject, destinationKey, messageId, null, 1, T0), 1, T0, CancellationToken.None);
    }
}

public sealed class SqliteNoticeStoreTests() : NoticeStoreTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresNoticeStoreTests(PostgresServer server) : NoticeStoreTests(server)
{
    [PostgresFact]
    public async Task Find_InAWriteSession_HoldsTheNoticeSoASecondTakerWaitsAndSeesTheFirst()
    {
        var added = await AddAsync(Handoff(kind: NoticeKind.CoverRequest));
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var other = new SqlNoticeStore(Test.OpenReplica(), Clock);

        var firstTaker = Task.Run(() => Store.WriteAsync(
            async session =>
            {
                var notice = (await session.FindAsync(added.Id, CancellationToken.None))!;
                first.TrySetResult();
                await release.Task.WaitAsync(Patience);
                await session.SaveAsync(Taken(notice, T0) with { TakenBy = "ana" }, CancellationToken.None);
                return notice.Version;
            },
            CancellationToken.None));
        await first.Task.WaitAsync(Patience);
        var secondTaker = Task.Run(() => other.WriteAsync(
            async session =>
            {
                var notice = (await session.FindAsync(added.Id, CancellationToken.None))!;
                if (notice.State == NoticeState.Open)
                {
                    await session.SaveAsync(Taken(notice, T0), CancellationToken.None);
                }
                return notice.Version;
            },
            CancellationToken.None));
        await Eventually.TrueAsync(() => WaitsForALockAsync(), "the second taker waits for the notice's row lock");

        release.TrySetResult();

        var versions = await Task.WhenAll(firstTaker, secondTaker).WaitAsync(Patience);
        Assert.Equal([1, 2], versions);
        var stored = (await Store.FindAsync(added.Id, CancellationToken.None))!;
        Assert.Equal((NoticeState.Taken, "ana", 2), (stored.State, stored.TakenBy, stored.Version));
    }

    private Task<bool> WaitsForALockAsync() =>
        Database.ReadAsync(
            async session => await session.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") > 0,
            CancellationToken.None);
}
