using Bot.Core.Slos;

namespace Bot.Core.Storage;

/// <summary>
/// SLI counts pushed to the bot (<c>POST /api/sli/{slo}</c>): each interval kept as pushed for a while (so a retried
/// push is recognised), and rolled up into hourly totals that a 28-day window reads cheaply (docs/slo.md).
/// </summary>
public interface ISliStore
{
    /// <summary>
    /// Records one interval's counts, in one transaction with its hourly roll-up. Pushing the same interval with the
    /// same counts again is <see cref="SliPushOutcome.AlreadyRecorded"/> and changes nothing; an interval that overlaps
    /// a recorded one with other bounds or counts is a <see cref="SliPushOutcome.Conflict"/> naming it, and so is one
    /// that starts before the compaction horizon (its raw intervals are gone, a retry could not be told from new data).
    /// </summary>
    Task<SliPushResult> RecordAsync(SliPush push, DateTimeOffset receivedAt, CancellationToken cancellationToken);

    /// <summary>
    /// The counts of <paramref name="sloId"/> from <paramref name="periodStart"/> to <paramref name="now"/> and over each
    /// window of <see cref="BurnWindows.Lengths"/> ending at <paramref name="now"/>: windows up to 6 h from the raw
    /// intervals, longer ones and the period from hourly totals (an interval counts in proportion to its overlap).
    /// Null when nothing was pushed in the period.
    /// </summary>
    Task<PushedCounts?> ReadAsync(string sloId, DateTimeOffset periodStart, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes raw intervals that ended before <paramref name="horizon"/> (their hourly totals stay) and hourly totals older than <paramref name="dropBefore"/>.</summary>
    Task<int> CompactAsync(DateTimeOffset horizon, DateTimeOffset dropBefore, CancellationToken cancellationToken);
}

/// <summary>One pushed interval: <paramref name="Good"/> of <paramref name="Total"/> events were good between the two instants.</summary>
public sealed record SliPush(string SloId, DateTimeOffset Start, DateTimeOffset End, long Good, long Total);

public sealed record SliPushResult(SliPushOutcome Outcome, string Message);

public enum SliPushOutcome
{
    Recorded,
    AlreadyRecorded,
    Conflict,
}

/// <summary>Pushed counts over the period so far and over the burn windows (<see cref="BurnWindows.Lengths"/> order).</summary>
public sealed record PushedCounts(EventCounts Period, IReadOnlyList<EventCounts> Windows);
