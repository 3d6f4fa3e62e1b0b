using System.Globalization;

namespace Bot.Core.Postmortems;

/// <summary>
/// Lead and cycle times over a set of done action items (book §9.5.6: "average action-item lead time not increasing"):
/// how many, their mean and median. Null figures when none is done.
/// </summary>
public sealed record ActionItemTimes(DurationFigures? LeadTime, DurationFigures? CycleTime)
{
    public static ActionItemTimes Of(IEnumerable<ActionItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var done = items.Where(i => i.IsDone).ToList();
        return new ActionItemTimes(
            DurationFigures.Of(done.Select(i => i.LeadTime!.Value)),
            DurationFigures.Of(done.Select(i => i.CycleTime!.Value)));
    }

    /// <summary>"Lead time: mean 6.2 d, median 5 d over 4 done; cycle time: mean 3 d, median 2.5 d." — or null when none is done.</summary>
    public string? Describe() =>
        LeadTime is { } lead && CycleTime is { } cycle
            ? $"Lead time: mean {Duration(lead.Mean)}, median {Duration(lead.Median)} over {lead.Count} done; cycle time: mean {Duration(cycle.Mean)}, median {Duration(cycle.Median)}."
            : null;

    /// <summary>
    /// A duration as people compare them: days with one decimal from a day up (<c>6.2 d</c>, <c>5 d</c>), hours below
    /// (<c>5.5 h</c>), minutes below an hour (<c>40 min</c>).
    /// </summary>
    public static string Duration(TimeSpan duration) =>
        duration.TotalDays >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(duration.TotalDays, 1):0.#} d")
        : duration.TotalHours >= 1 ? string.Create(CultureInfo.InvariantCulture, $"{Math.Round(duration.TotalHours, 1):0.#} h")
        : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(duration.TotalMinutes):0} min");
}

/// <summary>How many durations, their mean and their median (the middle one, or the mean of the middle two).</summary>
public sealed record DurationFigures(int Count, TimeSpan Mean, TimeSpan Median)
{
    public static DurationFigures? Of(IEnumerable<TimeSpan> durations)
    {
        ArgumentNullException.ThrowIfNull(durations);
        var sorted = durations.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }
        var mean = TimeSpan.FromTicks((long)sorted.Average(d => (double)d.Ticks));
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new DurationFigures(sorted.Count, mean, median);
    }
}
