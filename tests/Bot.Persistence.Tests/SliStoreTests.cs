using System.Globalization;
using Bot.Core.Slos;
using Bot.Core.Storage;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;

namespace Bot.Persistence.Tests;

/// <summary>
/// Pushed SLI counts: recording intervals (retries, overlaps, concurrent replicas), reading the period and the burn
/// windows with the proportional split worked out by hand, and compaction.
/// </summary>
public abstract class SliStoreTests(ITestDatabaseFactory databases) : DatabaseTestBase(databases)
{
    private const string Slo = "checkout-availability";
    private static readonly DateTimeOffset Received = At("2026-11-22T12:30:00Z");

    private SqlSliStore Store => new(Database);

    [DatabaseFact]
    public async Task Read_PeriodAndEveryWindow_CountsEachIntervalInProportionToItsOverlap()
    {
        // Read at 12:30 with the period from 2026-11-20 09:30. Windows: 5m from 12:25, 1h from 11:30, 6h from 06:30 (raw
        // intervals); 24h from 11-21 12:30 and 7d from 11-15 12:30 (hourly totals, the first hour in proportion).
        await RecordAllAsync(
            ("2026-11-10T00:00:00Z", "2026-11-10T01:00:00Z", 500, 1000), // before the period and every window
            ("2026-11-20T09:00:00Z", "2026-11-20T10:00:00Z", 900, 1000), // half in the period (its hour starts 30 min before it)
            ("2026-11-21T12:00:00Z", "2026-11-21T13:00:00Z", 1800, 2000), // half in 24h
            ("2026-11-22T06:00:00Z", "2026-11-22T07:00:00Z", 590, 600), // half in 6h
            ("2026-11-22T11:00:00Z", "2026-11-22T12:00:00Z", 1190, 1200), // half in 1h
            ("2026-11-22T12:20:00Z", "2026-11-22T12:30:00Z", 95, 100)); // half in 5m
        await RecordAsync("search-api-queries", "2026-11-22T12:25:00Z", "2026-11-22T12:30:00Z", 0, 1000);

        var counts = await Store.ReadAsync(Slo, At("2026-11-20T09:30:00Z"), At("2026-11-22T12:30:00Z"), CancellationToken.None);

        Assert.NotNull(counts);
        AssertCounts((450 + 1800 + 590 + 1190 + 95, 500 + 2000 + 600 + 1200 + 100), counts.Period);
        Assert.Equal(5, counts.Windows.Count);
        AssertCounts((47.5, 50), counts.Windows[0]);
        AssertCounts((595 + 95, 600 + 100), counts.Windows[1]);
        AssertCounts((295 + 1190 + 95, 300 + 1200 + 100), counts.Windows[2]);
        AssertCounts((900 + 590 + 1190 + 95, 1000 + 600 + 1200 + 100), counts.Windows[3]);
        AssertCounts((900 + 1800 + 590 + 1190 + 95, 1000 + 2000 + 600 + 1200 + 100), counts.Windows[4]);
        Assert.Equal(1 - (4125.0 / 4400), counts.Period.ErrorRatio!.Value, 12);
    }

    [DatabaseFact]
    public async Task Record_IntervalAcrossAnHour_SplitsItsCountsByTheMinutesInEachHour()
    {
        // 10:40–11:10: 20 minutes in the 10:00 hour, 10 in the 11:00 hour.
        var result = await RecordAsync(Slo, "2026-11-22T10:40:00Z", "2026-11-22T11:10:00Z", 300, 600);
        // 11:50–14:20: 10 minutes, two whole hours, 20 minutes (150 minutes in all).
        await RecordAsync(Slo, "2026-11-22T11:50:00Z", "2026-11-22T14:20:00Z", 1500, 1500);

        Assert.Equal(new SliPushResult(SliPushOutcome.Recorded, "Recorded 300/600 good for 2026-11-22T10:40:00Z–11:10:00Z."), result);
        AssertHourly(
            [("2026-11-22T10:00:00Z", 200, 400), ("2026-11-22T11:00:00Z", 100 + 100, 200 + 100), ("2026-11-22T12:00:00Z", 600, 600),
             ("2026-11-22T13:00:00Z", 600, 600), ("2026-11-22T14:00:00Z", 200, 200)],
            await HourlyAsync());
        // From 10:30 the 10:00 hour counts half.
        var counts = await Store.ReadAsync(Slo, At("2026-11-22T10:30:00Z"), At("2026-11-22T14:20:00Z"), CancellationToken.None);
        AssertCounts((100 + 200 + 600 + 600 + 200, 200 + 300 + 600 + 600 + 200), counts!.Period);
    }

    [DatabaseFact]
    public async Task Record_SameIntervalAndCountsAgain_IsAlreadyRecordedAndChangesNothing()
    {
        await RecordAsync(Slo, "2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z", 990, 1000);
        var hourly = await HourlyAsync();

        var again = await RecordAsync(Slo, "2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z", 990, 1000);

        Assert.Equal(
            new SliPushResult(SliPushOutcome.AlreadyRecorded, "2026-11-22T10:00:00Z–10:05:00Z was already recorded with 990/1000 good; nothing changed."),
            again);
        AssertHourly([("2026-11-22T10:00:00Z", 990, 1000)], hourly);
        Assert.Equal(hourly, await HourlyAsync());
        Assert.Equal(1, await RawCountAsync());
    }

    [DatabaseTheory]
    [InlineData("2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z", 980, 1000)] // same interval, other counts
    [InlineData("2026-11-22T10:00:00Z", "2026-11-22T10:10:00Z", 990, 1000)] // same start, other end
    [InlineData("2026-11-22T10:03:00Z", "2026-11-22T10:08:00Z", 990, 1000)] // starts inside it
    [InlineData("2026-11-22T09:58:00Z", "2026-11-22T10:01:00Z", 990, 1000)] // ends inside it
    [InlineData("2026-11-22T09:00:00Z", "2026-11-23T09:00:00Z", 99000, 100000)] // covers it and the next one
    public async Task Record_OverlapsARecordedInterval_IsAConflictNamingItAndWritesNothing(string start, string end, long good, long total)
    {
        await RecordAsync(Slo, "2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z", 990, 1000);
        await RecordAsync(Slo, "2026-11-22T10:05:00Z", "2026-11-22T10:10:00Z", 1000, 1000);
        var hourly = await HourlyAsync();

        var result = await RecordAsync(Slo, start, end, good, total);

        Assert.Equal(SliPushOutcome.Conflict, result.Outcome);
        Assert.Matches(
            @"^\S+ overlaps the interval 2026-11-22T10:0(0:00Z–10:05:00Z already recorded with 990/1000|5:00Z–10:10:00Z already recorded with 1000/1000) good\.$",
            result.Message);
        Assert.Equal(hourly, await HourlyAsync());
        Assert.Equal(2, await RawCountAsync());
    }

    [DatabaseFact]
    public async Task Record_OverlapsTheIntervalWithTheSameStart_NamesThatInterval()
    {
        await RecordAsync(Slo, "2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z", 990, 1000);

        var result = await RecordAsync(Slo, "2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z", 991, 1000);

        Assert.Equal(
            new SliPushResult(
                SliPushOutcome.Conflict,
                "2026-11-22T10:00:00Z–10:05:00Z overlaps the interval 2026-11-22T10:00:00Z–10:05:00Z already recorded with 990/1000 good."),
            result);
    }

    [DatabaseFact]
    public async Task Record_IntervalsThatOnlyTouch_AreBothRecorded()
    {
        await RecordAsync(Slo, "2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z", 990, 1000);

        var before = await RecordAsync(Slo, "2026-11-22T09:55:00Z", "2026-11-22T10:00:00Z", 10, 10);
        var after = await RecordAsync(Slo, "2026-11-22T10:05:00Z", "2026-11-22T10:10:00Z", 20, 20);

        Assert.Equal((SliPushOutcome.Recorded, SliPushOutcome.Recorded), (before.Outcome, after.Outcome));
        AssertHourly([("2026-11-22T09:00:00Z", 10, 10), ("2026-11-22T10:00:00Z", 1010, 1020)], await HourlyAsync());
    }

    [DatabaseFact]
    public async Task Record_TwoReplicasPushTheSameIntervalAtOnce_CountsItOnce()
    {
        var replicas = new ISliStore[] { Store, new SqlSliStore(Test.OpenReplica()) };

        var results = await PushTogetherAsync(replicas.Select(replica => Push(replica, "2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z", 990, 1000)));

        Assert.Equal([SliPushOutcome.Recorded, SliPushOutcome.AlreadyRecorded], results.Select(r => r.Outcome).Order());
        AssertHourly([("2026-11-22T10:00:00Z", 990, 1000)], await HourlyAsync());
        Assert.Equal(1, await RawCountAsync());
    }

    [DatabaseFact]
    public async Task Record_TwoReplicasPushOverlappingIntervalsAtOnce_RecordsOneAndRefusesTheOther()
    {
        var replicas = new ISliStore[] { Store, new SqlSliStore(Test.OpenReplica()) };

        var results = await PushTogetherAsync(
            [Push(replicas[0], "2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z", 990, 1000), Push(replicas[1], "2026-11-22T10:02:00Z", "2026-11-22T10:07:00Z", 500, 1000)]);

        Assert.Equal([SliPushOutcome.Recorded, SliPushOutcome.Conflict], results.Select(r => r.Outcome).Order());
        var recorded = results[0].Outcome == SliPushOutcome.Recorded ? (990, 1000) : (500, 1000);
        AssertHourly([("2026-11-22T10:00:00Z", recorded.Item1, recorded.Item2)], await HourlyAsync());
        Assert.Equal(1, await RawCountAsync());
    }

    [DatabaseFact]
    public async Task Compact_RawIntervalsBeforeTheHorizon_KeepsTheSumsAndRefusesIntervalsBeforeIt()
    {
        await RecordAllAsync(
            ("2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z", 900, 1000),
            ("2026-11-21T10:00:00Z", "2026-11-21T10:30:00Z", 450, 500),
            ("2026-11-21T23:50:00Z", "2026-11-22T00:10:00Z", 190, 200), // straddles the horizon: kept
            ("2026-11-22T11:00:00Z", "2026-11-22T12:00:00Z", 1190, 1200));
        var periodStart = At("2026-11-15T00:00:00Z");
        var now = At("2026-11-22T12:30:00Z");
        var before = await Store.ReadAsync(Slo, periodStart, now, CancellationToken.None);

        var removed = await Store.CompactAsync(At("2026-11-22T00:00:00Z"), At("2026-10-01T00:00:00Z"), CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.Equal(2, await RawCountAsync());
        var after = await Store.ReadAsync(Slo, periodStart, now, CancellationToken.None);
        Assert.Equal(before!.Period, after!.Period);
        Assert.Equal(before.Windows, after.Windows);
        AssertCounts((900 + 450 + 190 + 1190, 1000 + 500 + 200 + 1200), after.Period);

        var compactedAway = await RecordAsync(Slo, "2026-11-21T10:00:00Z", "2026-11-21T10:30:00Z", 450, 500);
        var neverPushed = await RecordAsync(Slo, "2026-11-21T12:00:00Z", "2026-11-21T12:05:00Z", 10, 10);
        var keptRetried = await RecordAsync(Slo, "2026-11-21T23:50:00Z", "2026-11-22T00:10:00Z", 190, 200);
        var afterHorizon = await RecordAsync(Slo, "2026-11-22T00:10:00Z", "2026-11-22T00:20:00Z", 10, 10);

        Assert.Equal(
            new SliPushResult(
                SliPushOutcome.Conflict,
                "2026-11-21T10:00:00Z–10:30:00Z starts before 2026-11-22T00:00:00Z: intervals before that instant were compacted into hourly totals, so it cannot be told from one already counted."),
            compactedAway);
        Assert.Equal(SliPushOutcome.Conflict, neverPushed.Outcome);
        Assert.Equal(SliPushOutcome.AlreadyRecorded, keptRetried.Outcome);
        Assert.Equal(SliPushOutcome.Recorded, afterHorizon.Outcome);
        AssertCounts(
            (900 + 450 + 190 + 1190 + 10, 1000 + 500 + 200 + 1200 + 10),
            (await Store.ReadAsync(Slo, periodStart, now, CancellationToken.None))!.Period);
    }

    [DatabaseFact]
    public async Task Compact_EarlierHorizonLater_KeepsTheLaterHorizon()
    {
        await RecordAllAsync(("2026-11-21T10:00:00Z", "2026-11-21T10:30:00Z", 450, 500), ("2026-11-22T10:00:00Z", "2026-11-22T10:30:00Z", 450, 500));
        await Store.CompactAsync(At("2026-11-22T00:00:00Z"), At("2026-10-01T00:00:00Z"), CancellationToken.None);
        await RecordAsync(Slo, "2026-11-22T11:00:00Z", "2026-11-22T11:30:00Z", 450, 500);

        Assert.Equal(1, await Store.CompactAsync(At("2026-11-22T10:45:00Z"), At("2026-10-01T00:00:00Z"), CancellationToken.None));
        Assert.Equal(0, await Store.CompactAsync(At("2026-11-21T00:00:00Z"), At("2026-10-01T00:00:00Z"), CancellationToken.None));

        var result = await RecordAsync(Slo, "2026-11-22T10:35:00Z", "2026-11-22T10:40:00Z", 1, 1);
        Assert.Equal(SliPushOutcome.Conflict, result.Outcome);
        Assert.Contains("starts before 2026-11-22T10:45:00Z", result.Message, StringComparison.Ordinal);
        Assert.Equal(
            SliPushOutcome.Recorded,
            (await RecordAsync("search-api-queries", "2026-11-21T10:00:00Z", "2026-11-21T10:05:00Z", 1, 1)).Outcome);
    }

    [DatabaseFact]
    public async Task Compact_HourlyTotalsBeforeDropBefore_DeletesThemAndCountsEveryRowRemoved()
    {
        await RecordAllAsync(
            ("2026-10-01T10:00:00Z", "2026-10-01T12:00:00Z", 100, 100),
            ("2026-11-22T10:00:00Z", "2026-11-22T10:30:00Z", 450, 500));

        var removed = await Store.CompactAsync(At("2026-11-01T00:00:00Z"), At("2026-10-01T11:00:00Z"), CancellationToken.None);

        Assert.Equal(2, removed); // one raw interval, one hourly row
        AssertHourly([("2026-10-01T11:00:00Z", 50, 50), ("2026-11-22T10:00:00Z", 450, 500)], await HourlyAsync());
    }

    [DatabaseFact]
    public async Task Read_NothingPushedInThePeriod_ReturnsNull()
    {
        Assert.Null(await Store.ReadAsync(Slo, At("2026-11-01T00:00:00Z"), At("2026-11-22T12:00:00Z"), CancellationToken.None));

        await RecordAsync(Slo, "2026-10-20T10:00:00Z", "2026-10-20T10:05:00Z", 1, 1);
        await RecordAsync("search-api-queries", "2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z", 1, 1);

        Assert.Null(await Store.ReadAsync(Slo, At("2026-11-01T00:00:00Z"), At("2026-11-22T12:00:00Z"), CancellationToken.None));
    }

    [DatabaseFact]
    public async Task Read_WindowsWithoutEvents_AreZeroCountsWithoutAnErrorRatio()
    {
        await RecordAsync(Slo, "2026-11-20T10:00:00Z", "2026-11-20T10:05:00Z", 990, 1000);

        var counts = await Store.ReadAsync(Slo, At("2026-11-01T00:00:00Z"), At("2026-11-22T12:00:00Z"), CancellationToken.None);

        AssertCounts((990, 1000), counts!.Period);
        Assert.Equal([new EventCounts(0, 0), new EventCounts(0, 0), new EventCounts(0, 0), new EventCounts(0, 0), new EventCounts(990, 1000)], counts.Windows);
        Assert.All(counts.Windows.Take(4), window => Assert.Null(window.ErrorRatio));
    }

    [DatabaseFact]
    public async Task Read_IntervalEndingAfterNow_CountsOnlyItsPartBeforeNowInTheShortWindows()
    {
        await RecordAsync(Slo, "2026-11-22T11:50:00Z", "2026-11-22T12:10:00Z", 100, 200);

        var counts = await Store.ReadAsync(Slo, At("2026-11-22T00:00:00Z"), At("2026-11-22T12:00:00Z"), CancellationToken.None);

        // The 11:00 hour holds 10 of its 20 minutes; the 12:00 hour starts at now and holds only what is after it.
        AssertCounts((50, 100), counts!.Period);
        AssertCounts((25, 50), counts.Windows[0]);
        AssertCounts((50, 100), counts.Windows[1]);
    }

    [DatabaseFact]
    public async Task Record_GoodAboveTotalOrEmptyInterval_ThrowsAndWritesNothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => RecordAsync(Slo, "2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z", 1001, 1000));
        await Assert.ThrowsAsync<ArgumentException>(() => RecordAsync(Slo, "2026-11-22T10:00:00Z", "2026-11-22T10:05:00Z", -1, 1000));
        await Assert.ThrowsAsync<ArgumentException>(() => RecordAsync(Slo, "2026-11-22T10:05:00Z", "2026-11-22T10:05:00Z", 1, 1));

        Assert.Equal(0, await RawCountAsync());
        Assert.Empty(await HourlyAsync());
    }

    private static DateTimeOffset At(string instant) =>
        DateTimeOffset.Parse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private Task<SliPushResult> RecordAsync(string sloId, string start, string end, long good, long total) =>
        Store.RecordAsync(new SliPush(sloId, At(start), At(end), good, total), Received, CancellationToken.None);

    private async Task RecordAllAsync(params (string Start, string End, long Good, long Total)[] intervals)
    {
        foreach (var (start, end, good, total) in intervals)
        {
            Assert.Equal(SliPushOutcome.Recorded, (await RecordAsync(Slo, start, end, good, total)).Outcome);
        }
    }

    private static Func<Task<SliPushResult>> Push(ISliStore store, string start, string end, long good, long total) =>
        () => store.RecordAsync(new SliPush(Slo, At(start), At(end), good, total), Received, CancellationToken.None);

    /// <summary>
    /// Starts the pushes while their SLO is held, and lets them go once all wait, so they meet. PostgreSQL: the SLO's
    /// push lock, held by another transaction until every push waits for it. SQLite: the file's write lock, held by
    /// another replica; the pushes queue on it.
    /// </summary>
    private async Task<SliPushResult[]> PushTogetherAsync(IEnumerable<Func<Task<SliPushResult>>> pushes)
    {
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = Task.Run(() => Test.OpenReplica().WriteAsync(
            async session =>
            {
                // SQLite: the write transaction holds the file's write lock from its start.
                if (session.Dialect == SqlDialect.Postgres)
                {
                    await session.ExecuteAsync("SELECT pg_advisory_xact_lock(@PushLockClass, @key)", new { SqlSliStore.PushLockClass, key = SqlSliStore.LockKey(Slo) });
                }

                held.SetResult();
                await release.Task.WaitAsync(Patience);
            },
            CancellationToken.None));
        await held.Task.WaitAsync(Patience);
        var started = pushes.Select(push => Task.Run(push)).ToList();
        if (Dialect == SqlDialect.Postgres)
        {
            await Eventually.TrueAsync(async () => await WaitingForLocksAsync() == started.Count, "every push waits for the SLO's push lock");
        }

        release.SetResult();
        await holder.WaitAsync(Patience);
        return await Task.WhenAll(started).WaitAsync(Patience);
    }

    private Task<long> WaitingForLocksAsync() =>
        Database.ReadAsync(
            session => session.QuerySingleAsync<long>(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'"),
            CancellationToken.None);

    private Task<long> RawCountAsync() =>
        Database.ReadAsync(session => session.QuerySingleAsync<long>("SELECT COUNT(*) FROM sli_intervals"), CancellationToken.None);

    private Task<List<(DateTimeOffset Hour, double Good, double Total)>> HourlyAsync() =>
        Database.ReadAsync(
            async session => (await session.QueryAsync<HourlyRow>("SELECT hour, good, total FROM sli_hourly ORDER BY slo_id, hour"))
                .Select(row => (row.Hour, row.Good, row.Total)).ToList(),
            CancellationToken.None);

    private static void AssertHourly(IReadOnlyList<(string Hour, double Good, double Total)> expected, List<(DateTimeOffset Hour, double Good, double Total)> actual)
    {
        Assert.Equal(expected.Select(e => At(e.Hour)), actual.Select(a => a.Hour));
        foreach (var (e, a) in expected.Zip(actual))
        {
            Assert.Equal(e.Good, a.Good, 9);
            Assert.Equal(e.Total, a.Total, 9);
        }
    }

    private static void AssertCounts((double Good, double Total) expected, EventCounts actual)
    {
        Assert.Equal(expected.Good, actual.Good, 9);
        Assert.Equal(expected.Total, actual.Total, 9);
    }

    private sealed class HourlyRow
    {
        public DateTimeOffset Hour { get; set; }
        public double Good { get; set; }
        public double Total { get; set; }
    }
}

public sealed class SqliteSliStoreTests() : SliStoreTests(new SqliteTestDatabases());

[Collection(PostgresTestGroup.Name)]
public sealed class PostgresSliStoreTests(PostgresServer server) : SliStoreTests(server);
