using System.Collections.Concurrent;
using Bot.Core.Catalog;

namespace Bot.Core.Slos;

/// <summary>
/// Each SLO's latest reading from its source, reused for <see cref="SloOptions.ReadingCacheTtl"/> so that a status of a
/// thousand SLOs answers from memory; a push forgets the pushed SLO's reading at once. Which source: the SLO's
/// declared Prometheus queries or rules; pushed counts; or, for an SLO that declares none and has nothing pushed,
/// an estimate from its breaches.
/// </summary>
public sealed class SliReadings(
    PushedSliReader pushed,
    BreachEstimateReader breaches,
    SloOptions options,
    TimeProvider time,
    IPrometheusSliReader? prometheus = null)
{
    private readonly ConcurrentDictionary<string, Entry> _latest = new(StringComparer.Ordinal);

    private sealed record Entry(Slo Slo, SliRead Read, DateTimeOffset ReadAt);

    /// <summary>The SLO's reading: the cached one while fresh (and for the same catalog entry), else read now.</summary>
    public async Task<SliRead> ReadAsync(Slo slo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slo);
        var now = time.GetUtcNow();
        if (_latest.TryGetValue(slo.Id, out var cached) && ReferenceEquals(cached.Slo, slo) && now - cached.ReadAt < options.ReadingCacheTtl)
        {
            return cached.Read;
        }
        SliRead read;
        try
        {
            read = await ReadFromSourceAsync(slo, now, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A status never fails as a whole for one SLO: its row says why it has no data.
            read = SliRead.NoData($"reading failed: {e.Message}");
        }
        _latest[slo.Id] = new Entry(slo, read, now);
        return read;
    }

    /// <summary>Reads every SLO (at most <see cref="SloOptions.ReadParallelism"/> at once), in the order given.</summary>
    public async Task<IReadOnlyList<SliRead>> ReadAllAsync(IReadOnlyList<Slo> slos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(slos);
        var results = new SliRead[slos.Count];
        var now = time.GetUtcNow();
        var stale = new List<int>();
        for (var i = 0; i < slos.Count; i++)
        {
            if (_latest.TryGetValue(slos[i].Id, out var cached) && ReferenceEquals(cached.Slo, slos[i]) && now - cached.ReadAt < options.ReadingCacheTtl)
            {
                results[i] = cached.Read;
            }
            else
            {
                stale.Add(i);
            }
        }
        await Parallel.ForEachAsync(
            stale,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.ReadParallelism), CancellationToken = cancellationToken },
            async (i, token) => results[i] = await ReadAsync(slos[i], token));
        return results;
    }

    /// <summary>The budget from the last reading, without reading: what an incident message shows as it is written. Null when none is cached or it had no data.</summary>
    public BudgetStatus? Latest(Slo slo)
    {
        ArgumentNullException.ThrowIfNull(slo);
        return _latest.TryGetValue(slo.Id, out var cached) && cached.Read.Reading is { } reading ? ErrorBudget.Evaluate(slo, reading) : null;
    }

    /// <summary>Forgets the SLO's reading (new counts were pushed).</summary>
    public void Invalidate(string sloId) => _latest.TryRemove(sloId, out _);

    private async Task<SliRead> ReadFromSourceAsync(Slo slo, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var period = slo.Window.PeriodAt(now);
        switch (slo.Source)
        {
            case { IsPrometheus: true }:
                return prometheus is null
                    ? SliRead.NoData("the SLO reads Prometheus, but Prometheus:BaseUrl is not set")
                    : await prometheus.ReadAsync(slo, period, now, cancellationToken);
            case SliDataSource.Pushed:
                return await pushed.ReadAsync(slo, period, now, cancellationToken);
            default:
                var read = await pushed.ReadAsync(slo, period, now, cancellationToken);
                return read.Reading is not null ? read : await breaches.ReadAsync(slo, period, now, cancellationToken);
        }
    }
}
