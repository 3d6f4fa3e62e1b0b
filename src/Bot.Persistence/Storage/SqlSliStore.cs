using System.Globalization;
using System.Text;
using Bot.Core.Slos;
using Bot.Core.Storage;
using Dapper;
using Npgsql;

namespace Bot.Persistence.Storage;

/// <summary>
/// Pushed SLI counts: each interval as pushed (<c>sli_intervals</c>, until compaction) and hourly totals
/// (<c>sli_hourly</c>) that every push adds to in the same transaction. The period and the long burn windows are read
/// from the hourly totals, the short windows from the raw intervals, so nothing is counted twice and a 28-day period
/// is at most 673 hourly rows, summed by the database.
/// </summary>
/// <remarks>
/// Recorded intervals of an SLO never overlap, which keeps the look-ups to index probes: the only recorded interval that
/// can overlap [start, end) without starting inside it is the last one starting before it. PostgreSQL: pushes of one
/// SLO take turns on a transaction-scoped advisory lock, so two replicas receiving the same retry (or two overlapping
/// intervals) at once cannot both find nothing and both insert; SQLite has one writer at a time anyway.
/// </remarks>
internal sealed class SqlSliStore(BotDatabase database) : ISliStore
{
    /// <summary>The first key of the advisory locks of SLI pushes ("SLI"); the second is the SLO id's hash.</summary>
    internal const int PushLockClass = 0x534C49;

    private const string IntervalColumns = "starts_at AS startsat, ends_at AS endsat, good, total";

    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary>Burn windows up to this long are read from the raw intervals (hourly totals are too coarse for them).</summary>
    private static readonly TimeSpan RawWindows = TimeSpan.FromHours(6);

    /// <summary>The period's hourly sums, then each long window's, as columns of one row (<see cref="ReadHourlyAsync"/>).</summary>
    private static readonly TimeSpan[] HourlyWindows = [.. BurnWindows.Lengths.Where(length => length > RawWindows)];

    private static readonly string HourlySums = BuildHourlySums(1 + HourlyWindows.Length);

    public Task<SliPushResult> RecordAsync(SliPush push, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        ArgumentException.ThrowIfNullOrEmpty(push.SloId);
        // The endpoint validates what people send; this only refuses what would corrupt the totals.
        if (push.Total < 0 || push.Good < 0 || push.Good > push.Total)
        {
            throw new ArgumentException($"Good ({push.Good}) must be between 0 and total ({push.Total}).", nameof(push));
        }

        // Compared with what the database returns, which keeps microseconds.
        var pushed = push with
        {
            Start = UtcTimestampHandler.TruncateToMicroseconds(push.Start),
            End = UtcTimestampHandler.TruncateToMicroseconds(push.End),
        };
        if (pushed.End <= pushed.Start)
        {
            throw new ArgumentException($"The interval {Describe(pushed.Start, pushed.End)} must end after it starts.", nameof(push));
        }

        return ConflictRetry.WriteAsync(database, session => RecordAsync(session, pushed, receivedAt), IsConflict, cancellationToken);
    }

    public Task<PushedCounts?> ReadAsync(string sloId, DateTimeOffset periodStart, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sloId);
        return database.ReadAsync(
            async session =>
            {
                var hourly = await ReadHourlyAsync(session, sloId, periodStart, now);
                if (hourly is null)
                {
                    return null;
                }

                var raw = await ReadRawAsync(session, sloId, now);
                var windows = new List<EventCounts>(BurnWindows.Lengths.Count);
                var next = 1;
                foreach (var length in BurnWindows.Lengths)
                {
                    windows.Add(length <= RawWindows ? SumOverlapping(raw, now - length, now) : hourly[next++]);
                }

                return new PushedCounts(hourly[0], windows);
            },
            cancellationToken);
    }

    public Task<int> CompactAsync(DateTimeOffset horizon, DateTimeOffset dropBefore, CancellationToken cancellationToken) =>
        ConflictRetry.WriteAsync(
            database,
            async session =>
            {
                // The horizon first, so a push of an interval deleted here is refused; the hourly totals keep its counts.
                await session.ExecuteAsync(
                    """
                    INSERT INTO sli_compactions (slo_id, compacted_until)
                    SELECT DISTINCT slo_id, @horizon FROM sli_intervals WHERE ends_at < @horizon
                    ON CONFLICT (slo_id) DO UPDATE SET compacted_until = CASE
                        WHEN excluded.compacted_until > sli_compactions.compacted_until THEN excluded.compacted_until
                        ELSE sli_compactions.compacted_until END
                    """,
                    new { horizon });
                var intervals = await session.ExecuteAsync("DELETE FROM sli_intervals WHERE ends_at < @horizon", new { horizon });
                var hours = await session.ExecuteAsync("DELETE FROM sli_hourly WHERE hour < @dropBefore", new { dropBefore });
                return intervals + hours;
            },
            ConflictRetry.IsTransient,
            cancellationToken);

    /// <summary>A conflict the next run resolves: another writer inserted the interval first (kept so a violation never fails the push), or a serialization failure.</summary>
    internal static bool IsConflict(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique => unique.ConstraintName == "sli_intervals_pkey",
        PostgresException transient => ConflictRetry.IsTransient(transient),
        _ => false,
    };

    private static async Task<SliPushResult> RecordAsync(DbSession session, SliPush push, DateTimeOffset receivedAt)
    {
        if (session.Dialect == SqlDialect.Postgres)
        {
            await session.ExecuteAsync("SELECT pg_advisory_xact_lock(@PushLockClass, @key)", new { PushLockClass, key = LockKey(push.SloId) });
        }

        // The same interval again (a retry), or the one recorded interval that may overlap it. Read before the horizon:
        // a compaction committing in between then leaves either the interval to find or the horizon that refuses it.
        var recorded = await session.QuerySingleOrDefaultAsync<IntervalRow>(
            $"SELECT {IntervalColumns} FROM sli_intervals WHERE slo_id = @SloId AND starts_at < @End ORDER BY starts_at DESC LIMIT 1",
            new { push.SloId, push.End });
        var interval = Describe(push.Start, push.End);
        if (recorded is not null && recorded.StartsAt == push.Start && recorded.EndsAt == push.End && recorded.Good == push.Good && recorded.Total == push.Total)
        {
            return new SliPushResult(SliPushOutcome.AlreadyRecorded, $"{interval} was already recorded with {Counts(push.Good, push.Total)}; nothing changed.");
        }

        if (recorded is not null && recorded.EndsAt > push.Start)
        {
            return new SliPushResult(
                SliPushOutcome.Conflict,
                $"{interval} overlaps the interval {Describe(recorded.StartsAt, recorded.EndsAt)} already recorded with {Counts(recorded.Good, recorded.Total)}.");
        }

        var compactedUntil = await session.QuerySingleOrDefaultAsync<DateTimeOffset?>(
            "SELECT compacted_until FROM sli_compactions WHERE slo_id = @SloId", new { push.SloId });
        if (compactedUntil is { } horizon && push.Start < horizon)
        {
            return new SliPushResult(
                SliPushOutcome.Conflict,
                $"{interval} starts before {Stamp(horizon)}: intervals before that instant were compacted into hourly totals, so it cannot be told from one already counted.");
        }

        await session.ExecuteAsync(
            """
            INSERT INTO sli_intervals (slo_id, starts_at, ends_at, good, total, received_at)
            VALUES (@SloId, @Start, @End, @Good, @Total, @receivedAt)
            """,
            new { push.SloId, push.Start, push.End, push.Good, push.Total, receivedAt });
        await session.ExecuteAsync(
            """
            INSERT INTO sli_hourly (slo_id, hour, good, total) VALUES (@SloId, @Hour, @Good, @Total)
            ON CONFLICT (slo_id, hour) DO UPDATE SET good = sli_hourly.good + excluded.good, total = sli_hourly.total + excluded.total
            """,
            HourlyShares(push));
        return new SliPushResult(SliPushOutcome.Recorded, $"Recorded {Counts(push.Good, push.Total)} for {interval}.");
    }

    /// <summary>The interval's counts split over the hours it overlaps, each hour's share in proportion to the overlap.</summary>
    private static List<HourlyRow> HourlyShares(SliPush push)
    {
        var length = (double)(push.End - push.Start).Ticks;
        var shares = new List<HourlyRow>();
        for (var hour = FloorToHour(push.Start); hour < push.End; hour += Hour)
        {
            var overlap = Overlap(push.Start, push.End, hour, hour + Hour) / length;
            shares.Add(new HourlyRow(push.SloId, hour, push.Good * overlap, push.Total * overlap));
        }

        return shares;
    }

    /// <summary>
    /// Sums the hourly totals from <paramref name="periodStart"/> and from the start of each long burn window up to
    /// <paramref name="now"/>; the hour a range starts in counts in proportion to the part of it inside the range (the
    /// hour holding <paramref name="now"/> counts whole: it holds nothing later). Null when the period has no hourly row.
    /// </summary>
    private static async Task<EventCounts[]?> ReadHourlyAsync(DbSession session, string sloId, DateTimeOffset periodStart, DateTimeOffset now)
    {
        DateTimeOffset[] starts = [periodStart, .. HourlyWindows.Select(length => now - length)];
        var parameters = new DynamicParameters(new { sloId, now, from = FloorToHour(starts.Min()) });
        for (var i = 0; i < starts.Length; i++)
        {
            var first = FloorToHour(starts[i]);
            var whole = first == starts[i] ? first : first + Hour;
            parameters.Add($"first{i}", first);
            parameters.Add($"whole{i}", whole);
            parameters.Add($"weight{i}", Overlap(starts[i], whole, first, first + Hour) / Hour.Ticks);
        }

        await using var reader = await session.Connection.ExecuteReaderAsync(session.Command(HourlySums, parameters));
        await reader.ReadAsync(session.CancellationToken);
        if (reader.GetInt64(0) == 0)
        {
            return null;
        }

        var sums = new EventCounts[starts.Length];
        for (var i = 0; i < sums.Length; i++)
        {
            sums[i] = new EventCounts(SumAt(1 + (2 * i)), SumAt(2 + (2 * i)));
        }

        return sums;

        double SumAt(int column) => reader.IsDBNull(column) ? 0 : reader.GetDouble(column);
    }

    /// <summary>One row: how many hourly rows the period has, then good and total summed over the period and over each long window.</summary>
    private static string BuildHourlySums(int ranges)
    {
        var sql = new StringBuilder("SELECT COUNT(CASE WHEN hour >= @first0 THEN 1 END)");
        for (var i = 0; i < ranges; i++)
        {
            sql.Append(CultureInfo.InvariantCulture, $",\n    SUM(CASE WHEN hour >= @whole{i} THEN good WHEN hour = @first{i} THEN good * @weight{i} ELSE 0.0 END)");
            sql.Append(CultureInfo.InvariantCulture, $",\n    SUM(CASE WHEN hour >= @whole{i} THEN total WHEN hour = @first{i} THEN total * @weight{i} ELSE 0.0 END)");
        }

        return sql.Append("\nFROM sli_hourly WHERE slo_id = @sloId AND hour >= @from AND hour < @now").ToString();
    }

    /// <summary>The raw intervals that may overlap the longest short window: those starting in it, and the last one starting before it.</summary>
    private static async Task<List<IntervalRow>> ReadRawAsync(DbSession session, string sloId, DateTimeOffset now) =>
        [.. await session.QueryAsync<IntervalRow>(
            $"""
            SELECT {IntervalColumns} FROM sli_intervals WHERE slo_id = @sloId AND starts_at >= @since AND starts_at < @now
            UNION ALL
            SELECT * FROM (
                SELECT {IntervalColumns} FROM sli_intervals WHERE slo_id = @sloId AND starts_at < @since ORDER BY starts_at DESC LIMIT 1
            ) AS straddling
            """,
            new { sloId, now, since = now - RawWindows })];

    private static EventCounts SumOverlapping(List<IntervalRow> intervals, DateTimeOffset from, DateTimeOffset to)
    {
        double good = 0, total = 0;
        foreach (var interval in intervals)
        {
            var overlap = Overlap(interval.StartsAt, interval.EndsAt, from, to);
            if (overlap > 0)
            {
                var share = overlap / (interval.EndsAt - interval.StartsAt).Ticks;
                good += interval.Good * share;
                total += interval.Total * share;
            }
        }

        return new EventCounts(good, total);
    }

    /// <summary>How many ticks [a, b) and [c, d) share (0 when they are apart).</summary>
    private static double Overlap(DateTimeOffset a, DateTimeOffset b, DateTimeOffset c, DateTimeOffset d) =>
        Math.Max(0, ((b < d ? b : d) - (a > c ? a : c)).Ticks);

    private static DateTimeOffset FloorToHour(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);

    /// <summary>FNV-1a of the SLO id: stable across processes and releases, as every replica must agree on it.</summary>
    internal static int LockKey(string sloId)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(sloId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return unchecked((int)hash);
    }

    /// <summary>"2026-11-22T10:00:00Z–10:05:00Z" (the end with its date when that differs).</summary>
    private static string Describe(DateTimeOffset start, DateTimeOffset end) =>
        start.UtcDateTime.Date == end.UtcDateTime.Date
            ? $"{Stamp(start)}–{end.UtcDateTime.ToString("HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture)}"
            : $"{Stamp(start)}–{Stamp(end)}";

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", CultureInfo.InvariantCulture);

    private static string Counts(long good, long total) => string.Create(CultureInfo.InvariantCulture, $"{good}/{total} good");

    private sealed class IntervalRow
    {
        public DateTimeOffset StartsAt { get; set; }
        public DateTimeOffset EndsAt { get; set; }
        public long Good { get; set; }
        public long Total { get; set; }
    }

    private sealed record HourlyRow(string SloId, DateTimeOffset Hour, double Good, double Total);
}
