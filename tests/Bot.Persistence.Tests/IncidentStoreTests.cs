using System.Data.Common;
using Bot.Core.Alerts;
using Bot.Core.Incidents;
using Bot.Core.Routing;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests;

public abstract class IncidentStoreTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private const string Key = "slo=checkout-availability|env=production|region=eu-west-1";
    private static readonly IReadOnlyList<IncidentAlert> NoAlerts = [];
    private static readonly AlertRoute Route = new(Payments, "checkout", CheckoutSlo, "production", "eu-west-1", IncidentSeverity.Critical, "test", null);
    private static readonly IncidentFacts Facts = new("Checkout availability", 1, IncidentLinks.None);

    protected FixedTimeProvider Clock { get; } = new(T0);

    protected IIncidentStore Store => new SqlIncidentStore(Database, Clock);

    [DatabaseFact]
    public async Task Save_EveryFieldSet_LoadsTheSameRecordToTheMicrosecond()
    {
        var plus2 = TimeSpan.FromHours(2);
        DateTimeOffset At(int minutes) => new DateTimeOffset(2026, 5, 4, 12, 0, 0, plus2).AddMinutes(minutes).AddTicks(1_234_567);
        var record = new IncidentRecord(
            0, Key, "Checkout availability below 99.9%", Payments, "checkout", CheckoutSlo, "production", "eu-west-1",
            IncidentState.Resolved, IncidentSeverity.Error, 2, 7, At(0), At(5), At(125),
            new Stamp(Ana, At(3)), new Stamp(Bo, At(9)), "no catalog SLO matchers matched", true,
            new IncidentLinks(new Uri("https://runbooks.example.com/checkout?step=2#restart"), new Uri("https://grafana.example.com/d/x?var-env=a%20b"),
                new Uri("https://prometheus.example.com/graph?g0.expr=up"), new Uri("https://alertmanager.example.com/#/silences/new")),
            new BudgetContext(14.4, -0.25, "1h", "2d"), 9,
            [new IncidentAlert("fp-a", At(0), IncidentSeverity.Critical, AlertStatus.Resolved, At(8)), new IncidentAlert("fp-b", At(1), IncidentSeverity.Warning, AlertStatus.Firing, null)]);

        record = record with { StartedAt = At(-3), PriorityNote = "derived from the error budget: 35% left, burning 4.2×" };
        var id = await SaveNewAsync(new Incident(record));
        var loaded = (await Store.FindAsync(id, CancellationToken.None))!.Incident;

        AssertSameRecord(Truncated(record with { Id = id, FiringAlerts = 1 }), loaded);
        Assert.Equal(Truncated(record).StartedAt, loaded.StartedAt);
        Assert.Equal("derived from the error budget: 35% left, burning 4.2×", loaded.PriorityNote);
        Assert.Equal(TimeSpan.Zero, loaded.OpenedAt.Offset);
    }

    [DatabaseFact]
    public async Task Find_InAWriteSession_BringsTheFiringCountButNotTheAlerts()
    {
        var record = new IncidentRecord(
            0, Key, "Storm", Payments, "checkout", CheckoutSlo, null, null, IncidentState.Open, IncidentSeverity.Critical, 1, 3,
            T0, T0, T0.AddHours(2), null, null, null, false, IncidentLinks.None, null, 1,
            [new IncidentAlert("fp-a", T0, IncidentSeverity.Critical, AlertStatus.Firing, null),
             new IncidentAlert("fp-b", T0, IncidentSeverity.Critical, AlertStatus.Resolved, T0.AddMinutes(1)),
             new IncidentAlert("fp-c", T0, IncidentSeverity.Critical, AlertStatus.Firing, null)]);
        var id = await SaveNewAsync(new Incident(record));

        var (open, byOccurrence) = await Store.WriteAsync(
            async session => (await session.FindOpenAsync(Key, CancellationToken.None), await session.FindByOccurrenceAsync("fp-c", T0, CancellationToken.None)),
            CancellationToken.None);

        Assert.Empty(open!.Alerts);
        Assert.Equal(2, open.ToRecord().FiringAlerts);
        Assert.Equal(["fp-c"], byOccurrence!.Alerts.Select(a => a.Fingerprint));
        Assert.Equal(2, byOccurrence.ToRecord().FiringAlerts);
        Assert.Equal(id, byOccurrence.Id);
    }

    [DatabaseFact]
    public async Task Save_OptionalFieldsEmptyAndResolvedByAlerts_LoadsTheSameRecord()
    {
        var record = new IncidentRecord(
            0, "alert=DiskFull", "DiskFull", null, null, null, null, null, IncidentState.Resolved, IncidentSeverity.Warning, null, 1,
            T0, T0, T0.AddHours(2), null, new Stamp(null, T0.AddMinutes(4)), null, false, IncidentLinks.None, null, 3,
            [new IncidentAlert("fp", T0, IncidentSeverity.Warning, AlertStatus.Resolved, T0.AddMinutes(4))]);

        var id = await SaveNewAsync(new Incident(record));

        var details = await Store.FindAsync(id, CancellationToken.None);
        AssertSameRecord(record with { Id = id, FiringAlerts = 0 }, details!.Incident);
        Assert.Empty(details.Timeline);
    }

    [DatabaseFact]
    public async Task Save_LoadedIncidentChangedTwice_AppendsItsAlertsAndTimelineOldestFirst()
    {
        var id = await SaveNewAsync(Open(Key, Firing("a", T0), T0));

        await Store.WriteAsync(
            async session =>
            {
                var incident = (await session.FindAsync(id, CancellationToken.None))!;
                incident.RecordAlert(Firing("b", T0.AddHours(3)), Route, T0.AddHours(3), TimeSpan.FromHours(2));
                await session.SaveAsync(incident, CancellationToken.None);
                incident.Acknowledge(Ana, T0.AddHours(4));
                await session.SaveAsync(incident, CancellationToken.None);
                return true;
            },
            CancellationToken.None);

        var details = await Store.FindAsync(id, CancellationToken.None);
        Assert.Equal(
            [(IncidentEventKind.Opened, T0, null), (IncidentEventKind.Repeated, T0.AddHours(3), null), (IncidentEventKind.Acknowledged, T0.AddHours(4), Ana)],
            details!.Timeline.Select(e => (e.Kind, e.At, e.By)));
        Assert.Equal(["Fired again: CheckoutHighErrorRate (×2)", "Acknowledged by Ana Souza"], details.Timeline.Skip(1).Select(e => e.Text));
        Assert.Equal((IncidentState.Acknowledged, 2, 3, new Stamp(Ana, T0.AddHours(4))),
            (details.Incident.State, details.Incident.Occurrences, details.Incident.Version, details.Incident.Acknowledged));
        Assert.Equal([Firing("a", T0).Fingerprint, Firing("b", T0).Fingerprint], details.Incident.Alerts.Select(a => a.Fingerprint));
    }

    [DatabaseFact]
    public async Task Save_LastAlertResolved_UpdatesTheOccurrenceAndResolvesTheIncident()
    {
        var alert = Firing("a", T0);
        var id = await SaveNewAsync(Open(Key, alert, T0));

        await Store.WriteAsync(
            async session =>
            {
                var incident = (await session.FindByOccurrenceAsync(alert.Fingerprint, alert.StartsAt, CancellationToken.None))!;
                incident.RecordAlert(alert.Resolved(T0.AddMinutes(30)), Route, T0.AddMinutes(31), TimeSpan.FromHours(2));
                await session.SaveAsync(incident, CancellationToken.None);
                return true;
            },
            CancellationToken.None);

        var stored = (await Store.FindAsync(id, CancellationToken.None))!.Incident;
        Assert.Equal((IncidentState.Resolved, new Stamp(null, T0.AddMinutes(30))), (stored.State, stored.Resolved));
        Assert.Equal(new IncidentAlert(alert.Fingerprint, T0, IncidentSeverity.Critical, AlertStatus.Resolved, T0.AddMinutes(30)), Assert.Single(stored.Alerts));
    }

    [DatabaseFact]
    public async Task FindByOccurrence_KnownAndUnknownOccurrences_FindsOnlyTheHolder()
    {
        var alert = Firing("a", T0);
        var id = await SaveNewAsync(Open(Key, alert, T0));

        var (known, otherStart, otherAlert) = await Store.WriteAsync(
            async session => (
                await session.FindByOccurrenceAsync(alert.Fingerprint, T0, CancellationToken.None),
                await session.FindByOccurrenceAsync(alert.Fingerprint, T0.AddSeconds(1), CancellationToken.None),
                await session.FindByOccurrenceAsync(Firing("b", T0).Fingerprint, T0, CancellationToken.None)),
            CancellationToken.None);

        Assert.Equal(id, known!.Id);
        Assert.Single(known.Alerts);
        Assert.Null(otherStart);
        Assert.Null(otherAlert);
    }

    [DatabaseFact]
    public async Task FindOpen_IncidentResolved_FreesTheDedupKeyForANewIncident()
    {
        var first = await SaveNewAsync(Open(Key, Firing("a", T0), T0));
        await Store.WriteAsync(
            async session =>
            {
                var incident = (await session.FindOpenAsync(Key, CancellationToken.None))!;
                incident.Resolve(Bo, T0.AddMinutes(10));
                await session.SaveAsync(incident, CancellationToken.None);
                return true;
            },
            CancellationToken.None);
        Assert.Null(await Store.WriteAsync(session => session.FindOpenAsync(Key, CancellationToken.None), CancellationToken.None));

        var second = await SaveNewAsync(Open(Key, Firing("a", T0.AddHours(1)), T0.AddHours(1)));

        var open = await Store.WriteAsync(session => session.FindOpenAsync(Key, CancellationToken.None), CancellationToken.None);
        Assert.NotEqual(first, second);
        Assert.Equal(second, open!.Id);
    }

    [DatabaseFact]
    public async Task Save_SecondOpenIncidentForOneKey_IsRejectedAfterEveryAttempt()
    {
        await SaveNewAsync(Open(Key, Firing("a", T0), T0));
        var attempts = 0;

        await Assert.ThrowsAnyAsync<DbException>(() => Store.WriteAsync(
            async session =>
            {
                attempts++;
                await session.SaveAsync(Open(Key, Firing("b", T0), T0), CancellationToken.None);
                return true;
            },
            CancellationToken.None));

        Assert.Equal(SqlIncidentStore.MaxAttempts, attempts);
        Assert.Equal(1, (await IncidentTables.CountsAsync(Database)).Incidents);
    }

    [DatabaseFact]
    public async Task FindLatestOpen_TeamWithSeveralIncidents_ReturnsTheMostRecentlyOpenedUnresolvedOne()
    {
        await SaveNewAsync(Open("k1", Firing("a", T0), T0));
        var latestOpen = await SaveNewAsync(Open("k2", Firing("b", T0), T0.AddMinutes(5)));
        var resolved = Open("k3", Firing("c", T0), T0.AddMinutes(10));
        resolved.Resolve(Ana, T0.AddMinutes(11));
        await SaveNewAsync(resolved);
        await SaveNewAsync(Open("k4", Firing("d", T0), T0.AddMinutes(20), route: Route with { TeamId = "search" }));

        var (payments, nobody) = await Store.WriteAsync(
            async session => (await session.FindLatestOpenAsync(Payments, CancellationToken.None), await session.FindLatestOpenAsync("nobody", CancellationToken.None)),
            CancellationToken.None);

        Assert.Equal(latestOpen, payments!.Id);
        Assert.Null(nobody);
    }

    [DatabaseFact]
    public async Task List_FiltersByTeamAndState_NewestFirstUpToTheLimit()
    {
        var a = await SaveNewAsync(Open("k1", Firing("a", T0), T0));
        var b = await SaveNewAsync(Open("k2", Firing("b", T0), T0.AddMinutes(5)));
        var resolved = Open("k3", Firing("c", T0), T0.AddMinutes(10));
        resolved.Resolve(Ana, T0.AddMinutes(11));
        var c = await SaveNewAsync(resolved);
        var d = await SaveNewAsync(Open("k4", Firing("d", T0), T0.AddMinutes(20), route: Route with { TeamId = "search" }));

        async Task<IEnumerable<long>> ListAsync(IncidentQuery query) => (await Store.ListAsync(query, CancellationToken.None)).Select(i => i.Id);

        Assert.Equal([d, c, b, a], await ListAsync(new IncidentQuery()));
        Assert.Equal([c, b, a], await ListAsync(new IncidentQuery(TeamId: Payments)));
        Assert.Equal([b, a], await ListAsync(new IncidentQuery(TeamId: Payments, State: IncidentState.Open)));
        Assert.Equal([c], await ListAsync(new IncidentQuery(State: IncidentState.Resolved)));
        Assert.Equal([d, c], await ListAsync(new IncidentQuery(Limit: 2)));
        Assert.Empty(await ListAsync(new IncidentQuery(TeamId: "nobody")));
        var listed = (await Store.ListAsync(new IncidentQuery(TeamId: Payments, Limit: 1), CancellationToken.None)).Single();
        Assert.Equal((c, 1, new Stamp(Ana, T0.AddMinutes(11))), (listed.Id, listed.Alerts.Count, listed.Resolved));
    }

    [DatabaseFact]
    public async Task Find_UnknownId_ReturnsNull()
    {
        Assert.Null(await Store.FindAsync(404, CancellationToken.None));
        Assert.Null(await Store.WriteAsync(session => session.FindAsync(404, CancellationToken.None), CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Save_IncidentNotLoadedByTheSession_UpdatesItAndAppendsOnlyNewEvents()
    {
        var id = await SaveNewAsync(Open(Key, Firing("a", T0), T0));
        var incident = new Incident((await Store.ListAsync(new IncidentQuery(), CancellationToken.None)).Single());
        incident.Acknowledge(Bo, T0.AddMinutes(2));

        await Store.WriteAsync(async session => { await session.SaveAsync(incident, CancellationToken.None); return true; }, CancellationToken.None);

        var details = await Store.FindAsync(id, CancellationToken.None);
        Assert.Equal(new Stamp(Bo, T0.AddMinutes(2)), details!.Incident.Acknowledged);
        Assert.Equal([IncidentEventKind.Opened, IncidentEventKind.Acknowledged], details.Timeline.Select(e => e.Kind));
        Assert.Empty(incident.NewEvents);
    }

    [DatabaseFact]
    public async Task EnqueuePosts_SameDestinationsTwice_OnePostPerDestination()
    {
        var id = await SaveNewAsync(Open(Key, Firing("a", T0), T0));

        await Store.WriteAsync(
            async session =>
            {
                await session.EnqueuePostsAsync(id, [PaymentsChannel, PaymentsOnCallChannel, PaymentsChannel], CancellationToken.None);
                await session.EnqueuePostsAsync(id, [PaymentsOnCallChannel, "console:extra"], CancellationToken.None);
                return true;
            },
            CancellationToken.None);

        var rows = await IncidentTables.OutboxAsync(Database);
        Assert.Equal(
            [(PaymentsChannel, "post"), (PaymentsOnCallChannel, "post"), ("console:extra", "post")],
            rows.Select(r => (r.DestinationKey, r.Kind)));
        Assert.All(rows, r => Assert.Equal((id, 0, T0, true), (r.IncidentId, r.Attempts, r.DueAt, r.IsPending)));
    }

    [DatabaseFact]
    public async Task EnqueueUpdate_PostStillPending_CoalescesTheEditButQueuesTheReply()
    {
        var id = await OpenAndPostAsync();

        await EnqueueUpdateAsync(id, "Acknowledged by Ana Souza");
        await EnqueueUpdateAsync(id, null);

        Assert.Equal(
            [(PaymentsChannel, "post", null), (PaymentsOnCallChannel, "post", null), (PaymentsChannel, "reply", "Acknowledged by Ana Souza"), (PaymentsOnCallChannel, "reply", "Acknowledged by Ana Souza")],
            (await IncidentTables.OutboxAsync(Database)).Select(r => (r.DestinationKey, r.Kind, r.Text)));
    }

    [DatabaseFact]
    public async Task EnqueueUpdate_PostDelivered_QueuesOneUpdatePerDestinationUntilItIsDelivered()
    {
        var id = await OpenAndPostAsync();
        var outbox = new SqlOutbox(Database);
        foreach (var destination in new[] { PaymentsChannel, PaymentsOnCallChannel })
        {
            var head = (await outbox.HeadAsync(destination, CancellationToken.None))!;
            await outbox.CompleteAsync(head, ChatMessageRefFor(head), 1, T0, CancellationToken.None);
        }

        await EnqueueUpdateAsync(id, null);
        await EnqueueUpdateAsync(id, "Fired again");
        await EnqueueUpdateAsync(id, null);

        var pending = (await IncidentTables.OutboxAsync(Database)).Where(r => r.IsPending);
        Assert.Equal(
            [(PaymentsChannel, "update", null), (PaymentsOnCallChannel, "update", null), (PaymentsChannel, "reply", "Fired again"), (PaymentsOnCallChannel, "reply", "Fired again")],
            pending.Select(r => (r.DestinationKey, r.Kind, r.Text)));
    }

    [DatabaseFact]
    public async Task EnqueueUpdate_PostFailedForGood_QueuesNothingForThatDestination()
    {
        var id = await OpenAndPostAsync();
        var outbox = new SqlOutbox(Database);
        await outbox.FailAsync((await outbox.HeadAsync(PaymentsOnCallChannel, CancellationToken.None))!, "channel_not_found", T0, CancellationToken.None);

        await EnqueueUpdateAsync(id, "Resolved");

        Assert.Equal(
            [(PaymentsChannel, "post"), (PaymentsOnCallChannel, "post"), (PaymentsChannel, "reply")],
            (await IncidentTables.OutboxAsync(Database)).Select(r => (r.DestinationKey, r.Kind)));
    }

    [DatabaseFact]
    public async Task EnqueueReply_ChosenDestinations_RepliesOnlyUnderThoseCopies()
    {
        var id = await OpenAndPostAsync();

        await Store.WriteAsync(
            async session =>
            {
                await session.EnqueueReplyAsync(id, "Only on call", [PaymentsOnCallChannel, "console:never-posted"], CancellationToken.None);
                await session.EnqueueReplyAsync(id, "Nowhere", [], CancellationToken.None);
                return true;
            },
            CancellationToken.None);

        Assert.Equal(
            [(PaymentsChannel, "post", null), (PaymentsOnCallChannel, "post", null), (PaymentsOnCallChannel, "reply", "Only on call")],
            (await IncidentTables.OutboxAsync(Database)).Select(r => (r.DestinationKey, r.Kind, r.Text)));
    }

    [DatabaseFact]
    public async Task WriteAsync_TwoReplicasOpenOneDedupKeyAtOnce_OneIncidentHoldsBothAlerts()
    {
        // PostgreSQL: both transactions look for the open incident before either inserts, so they collide on the
        // open-key index and one is run again. SQLite: one writer at a time, so the second simply finds the first.
        var meet = Dialect == SqlDialect.Postgres ? new Rendezvous(2, Patience) : null;
        var replicas = new[] { new CountingStore(Store, meet), new CountingStore(new SqlIncidentStore(Test.OpenReplica(), Clock), meet) };
        var a = Firing("a", T0);
        var b = Firing("b", T0.AddSeconds(1));

        var results = await Task.WhenAll(
            Task.Run(() => Ingest(replicas[0], Clock).ExecuteAsync(Batch(a), CancellationToken.None)),
            Task.Run(() => Ingest(replicas[1], Clock).ExecuteAsync(Batch(b), CancellationToken.None))).WaitAsync(Patience);

        var incident = Assert.Single(await Store.ListAsync(new IncidentQuery(), CancellationToken.None));
        Assert.Equal((IncidentState.Open, 2), (incident.State, incident.Occurrences));
        Assert.Equal(new[] { a.Fingerprint, b.Fingerprint }.Order(), incident.Alerts.Select(x => x.Fingerprint).Order());
        Assert.Equal(1, results.Sum(r => r.Opened));
        Assert.Equal([PaymentsChannel, PaymentsOnCallChannel], (await IncidentTables.OutboxAsync(Database)).Select(r => r.DestinationKey));
        Assert.Equal(Dialect == SqlDialect.Postgres ? 3 : 2, replicas.Sum(r => r.Attempts));
    }

    private async Task<long> SaveNewAsync(Incident incident)
    {
        await Store.WriteAsync(async session => { await session.SaveAsync(incident, CancellationToken.None); return true; }, CancellationToken.None);
        Assert.Empty(incident.NewEvents);
        return incident.Id;
    }

    private async Task<long> OpenAndPostAsync()
    {
        var id = await SaveNewAsync(Open(Key, Firing("a", T0), T0));
        await Store.WriteAsync(
            async session => { await session.EnqueuePostsAsync(id, [PaymentsChannel, PaymentsOnCallChannel], CancellationToken.None); return true; },
            CancellationToken.None);
        return id;
    }

    private async Task EnqueueUpdateAsync(long id, string? reply) =>
        await Store.WriteAsync(async session => { await session.EnqueueUpdateAsync(id, reply, CancellationToken.None); return true; }, CancellationToken.None);

    private static Bot.Core.Delivery.ChatMessageRef ChatMessageRefFor(Bot.Core.Delivery.OutboxEntry entry) =>
        new(entry.Subject, entry.DestinationKey, $"m-{entry.Id}", null, 1, T0);

    private static Incident Open(string key, IncomingAlert alert, DateTimeOffset at, AlertRoute? route = null) =>
        Incident.Open(key, alert, route ?? Route, Facts, at, TimeSpan.FromHours(2));

    internal static void AssertSameRecord(IncidentRecord expected, IncidentRecord actual)
    {
        Assert.Equal(expected with { Alerts = NoAlerts }, actual with { Alerts = NoAlerts });
        Assert.Equal(expected.Alerts, actual.Alerts);
    }

    private static IncidentRecord Truncated(IncidentRecord r)
    {
        static DateTimeOffset Us(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero);
        static Stamp? StampUs(Stamp? s) => s is null ? null : s with { At = Us(s.At) };
        return r with
        {
            OpenedAt = Us(r.OpenedAt),
            LastOccurrenceAt = Us(r.LastOccurrenceAt),
            SnoozedUntil = Us(r.SnoozedUntil),
            Acknowledged = StampUs(r.Acknowledged),
            Resolved = StampUs(r.Resolved),
            StartedAt = r.StartedAt is { } started ? Us(started) : null,
            Alerts = [.. r.Alerts.Select(a => a with { StartsAt = Us(a.StartsAt), EndsAt = a.EndsAt is { } e ? Us(e) : null })],
        };
    }

    /// <summary>Counts how often the store runs the work; on the first run, holds it at the rendezvous once it found no open incident.</summary>
    private sealed class CountingStore(IIncidentStore inner, Rendezvous? meet) : IIncidentStore
    {
        public Task<IReadOnlyList<BreachSpan>> ListBreachesAsync(string sloId, DateTimeOffset since, CancellationToken cancellationToken) =>
            inner.ListBreachesAsync(sloId, since, cancellationToken);

        public Task<IReadOnlyDictionary<string, int>> CountOpenBySloAsync(CancellationToken cancellationToken) => inner.CountOpenBySloAsync(cancellationToken);

        private int _attempts;

        public int Attempts => _attempts;

        public Task<T> WriteAsync<T>(Func<IIncidentSession, Task<T>> work, CancellationToken cancellationToken) =>
            inner.WriteAsync(session => work(new Session(session, Interlocked.Increment(ref _attempts) == 1 ? meet : null)), cancellationToken);

        public Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

        public Task<IReadOnlyList<IncidentRecord>> ListAsync(IncidentQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

        private sealed class Session(IIncidentSession inner, Rendezvous? meet) : IIncidentSession
        {
            public Task<Incident?> FindAsync(long id, CancellationToken cancellationToken) => inner.FindAsync(id, cancellationToken);

            public async Task<Incident?> FindOpenAsync(string dedupKey, CancellationToken cancellationToken)
            {
                var open = await inner.FindOpenAsync(dedupKey, cancellationToken);
                if (open is null && meet is not null)
                {
                    await meet.ArriveAsync();
                }

                return open;
            }

            public Task<Incident?> FindByOccurrenceAsync(string fingerprint, DateTimeOffset startsAt, CancellationToken cancellationToken) =>
                inner.FindByOccurrenceAsync(fingerprint, startsAt, cancellationToken);

            public Task<Incident?> FindLatestOpenAsync(string teamId, CancellationToken cancellationToken) => inner.FindLatestOpenAsync(teamId, cancellationToken);

            public Task SaveAsync(Incident incident, CancellationToken cancellationToken) => inner.SaveAsync(incident, cancellationToken);

            public Task EnqueuePostsAsync(long incidentId, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken) =>
                inner.EnqueuePostsAsync(incidentId, destinationKeys, cancellationToken);

            public Task EnqueueUpdateAsync(long incidentId, string? threadReply, CancellationToken cancellationToken) =>
                inner.EnqueueUpdateAsync(incidentId, threadReply, cancellationToken);

            public Task EnqueueReplyAsync(long incidentId, string text, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken) =>
                inner.EnqueueReplyAsync(incidentId, text, destinationKeys, cancellationToken);
        }
    }
}

public sealed class SqliteIncidentStoreTests() : IncidentStoreTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresIncidentStoreTests(PostgresServer server) : IncidentStoreTests(server);
