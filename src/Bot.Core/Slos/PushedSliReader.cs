using Bot.Core.Catalog;
using Bot.Core.Storage;

namespace Bot.Core.Slos;

/// <summary>Reads the counts pushed to <c>POST /api/sli/{slo}</c>.</summary>
public sealed class PushedSliReader(ISliStore store) : ISliReader
{
    public async Task<SliRead> ReadAsync(Slo slo, SloPeriod period, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slo);
        ArgumentNullException.ThrowIfNull(period);
        var counts = await store.ReadAsync(slo.Id, period.Start, now, cancellationToken);
        if (counts?.Period.ErrorRatio is not { } ratio)
        {
            return SliRead.NoData($"nothing pushed to /api/sli/{slo.Id} since {period.Start:yyyy-MM-dd HH:mm} UTC");
        }
        return SliRead.Of(new SliReading(
            SliOrigin.Pushed, now, ratio, counts.Period, BurnWindows.Of([.. counts.Windows.Select(w => w.ErrorRatio)])));
    }
}
