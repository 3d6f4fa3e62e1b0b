using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Incidents;

namespace Bot.Core.Slos;

/// <summary>
/// Estimates an SLO's error ratios from its breaches when no measured data exists: while an incident of the SLO was
/// open, errors are taken to flow at the burn rate its alerts reported (else <see cref="SloOptions.AssumedBreachBurnRate"/>),
/// outside breaches at none. Always labelled an estimate.
/// </summary>
public sealed class BreachEstimateReader(IIncidentStore incidents, SloOptions options) : ISliReader
{
    public async Task<SliRead> ReadAsync(Slo slo, SloPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slo);
        ArgumentNullException.ThrowIfNull(period);
        var since = Min(period.Start, now - BurnWindows.Lengths[^1]);
        var breaches = await incidents.ListBreachesAsync(slo.Id, since, cancellationToken);

        double Ratio(DateTimeOffset from)
        {
            var span = now - from;
            if (span <= TimeSpan.Zero)
            {
                return 0;
            }
            var bad = 0.0;
            foreach (var breach in breaches)
            {
                var overlap = Min(breach.End ?? now, now) - Max(breach.Start, from);
                if (overlap > TimeSpan.Zero)
                {
                    bad += overlap / span * Math.Min(1, (breach.BurnRate ?? options.AssumedBreachBurnRate) * slo.ErrorBudget);
                }
            }
            return bad;
        }

        var inPeriod = breaches
            .Select(b => Min(b.End ?? now, now) - Max(b.Start, period.Start))
            .Where(t => t > TimeSpan.Zero)
            .ToList();
        var breachTime = inPeriod.Aggregate(TimeSpan.Zero, (sum, t) => sum + t);
        var estimate = inPeriod.Count == 0
            ? "estimated from breaches: none this period"
            : string.Create(CultureInfo.InvariantCulture,
                $"estimated from {inPeriod.Count} breach{(inPeriod.Count == 1 ? "" : "es")} ({PlainWords.Duration(breachTime)} in breach this period), assuming a {options.AssumedBreachBurnRate:0.#}× burn while in breach unless the alert reported one");
        return SliRead.Of(new SliReading(
            SliOrigin.Breaches, now, Ratio(period.Start), null,
            BurnWindows.Of([.. BurnWindows.Lengths.Select(l => (double?)Ratio(now - l))]),
            estimate));
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
