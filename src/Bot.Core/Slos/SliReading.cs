namespace Bot.Core.Slos;

/// <summary>
/// What an SLI source says of one SLO at one instant: the error ratio (bad ÷ all events) over the budget period so
/// far, and over the short windows that burn rates are measured on. A window with no events (or that the source
/// cannot answer) is null: unknown, never zero.
/// </summary>
/// <param name="PeriodErrorRatio">Bad ÷ all events from the period's start to <paramref name="At"/>.</param>
/// <param name="PeriodCounts">The event counts behind <paramref name="PeriodErrorRatio"/>, when the source counts events.</param>
/// <param name="Estimate">Why the figures are an estimate (from breaches alone), or null when they are measured.</param>
public sealed record SliReading(
    SliOrigin Origin,
    DateTimeOffset At,
    double PeriodErrorRatio,
    EventCounts? PeriodCounts,
    BurnWindows Windows,
    string? Estimate = null);

/// <summary>Error ratios over the windows ending at the reading's instant; null where unknown.</summary>
public sealed record BurnWindows(double? Last5m, double? Last1h, double? Last6h, double? Last24h, double? Last7d)
{
    public static BurnWindows Unknown { get; } = new(null, null, null, null, null);

    /// <summary>The windows, shortest first, with their lengths: what a source queries.</summary>
    public static IReadOnlyList<TimeSpan> Lengths { get; } =
        [TimeSpan.FromMinutes(5), TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(24), TimeSpan.FromDays(7)];

    /// <summary>Builds the windows from ratios in the order of <see cref="Lengths"/>.</summary>
    public static BurnWindows Of(IReadOnlyList<double?> ratios) => new(ratios[0], ratios[1], ratios[2], ratios[3], ratios[4]);
}

/// <summary>Good and all events (for a latency SLI, requests within the threshold and all requests).</summary>
public sealed record EventCounts(double Good, double Total)
{
    public double Bad => Total - Good;

    /// <summary>Bad ÷ total, or null without events.</summary>
    public double? ErrorRatio => Total > 0 ? Bad / Total : null;
}

/// <summary>Where a reading came from.</summary>
public enum SliOrigin
{
    Prometheus,
    Pushed,
    /// <summary>Estimated from the SLO's breaches (time in breach), when no measured data exists.</summary>
    Breaches,
}

/// <summary>A reading, or why there is none ("no data: Prometheus at http://… did not answer within 5 s").</summary>
public sealed record SliRead(SliReading? Reading, string? NoDataReason)
{
    public static SliRead Of(SliReading reading) => new(reading, null);

    public static SliRead NoData(string reason) => new(null, reason);
}

/// <summary>Reads SLI data of one kind of source for one SLO over its current period.</summary>
public interface ISliReader
{
    /// <summary>The reading at <paramref name="now"/> for <paramref name="period"/> (<see cref="Catalog.SloWindow.PeriodAt"/>), or no data with the reason.</summary>
    Task<SliRead> ReadAsync(Catalog.Slo slo, Catalog.SloPeriod period, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Reads from Prometheus (the SLO's <see cref="Catalog.SliDataSource"/> says how); registered when <c>Prometheus:BaseUrl</c> is set.</summary>
public interface IPrometheusSliReader : ISliReader;
