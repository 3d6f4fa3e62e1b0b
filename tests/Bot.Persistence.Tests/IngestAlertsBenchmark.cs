using System.Diagnostics;
using Bot.Persistence.Storage;
using Bot.Persistence.Tests.Support;
using Xunit.Abstractions;
using static Bot.Persistence.Tests.Support.IncidentTestData;

namespace Bot.Persistence.Tests;

/// <summary>IngestAlerts throughput on SQLite (synchronous=FULL), one transaction per webhook batch of 200 alerts.</summary>
public sealed class IngestAlertsBenchmark(ITestOutputHelper output) : DatabaseTestBase(new SqliteTestDatabases())
{
    private const int BatchSize = 200;
    private const int Batches = 50;

    [BenchmarkFact]
    public async Task Storm_OneSloManyNewAlerts() =>
        await MeasureAsync("storm: new alerts of one SLO", (batch, i) => Firing($"pod-{(batch * BatchSize) + i}", T0));

    [BenchmarkFact]
    public async Task NewIncidentPerBatch() =>
        await MeasureAsync("new incident per batch", (batch, i) => Firing($"pod-{(batch * BatchSize) + i}", T0, extra: ("region", $"r{batch}")));

    [BenchmarkFact]
    public async Task EveryAlertANewIncident() =>
        await MeasureAsync("every alert a new incident", (batch, i) => Firing($"pod-{(batch * BatchSize) + i}", T0, extra: ("region", $"r{batch}-{i}")));

    [BenchmarkFact]
    public async Task Spread_NewAlertsOfFiftyIncidents() =>
        await MeasureAsync("spread: new alerts over 50 dedup keys", (batch, i) => Firing($"pod-{(batch * BatchSize) + i}", T0, extra: ("region", $"r{i % 50}")));

    private async Task MeasureAsync(string name, Func<int, int, Bot.Core.Alerts.IncomingAlert> alert)
    {
        var clock = new FixedTimeProvider(T0);
        var ingest = Ingest(new SqlIncidentStore(Database, clock), clock);
        var batches = Enumerable.Range(0, Batches + 5).Select(b => Batch(Enumerable.Range(0, BatchSize).Select(i => alert(b, i)))).ToList();
        foreach (var warmUp in batches.Take(5))
        {
            await ingest.ExecuteAsync(warmUp, CancellationToken.None);
        }

        var watch = Stopwatch.StartNew();
        foreach (var batch in batches.Skip(5))
        {
            await ingest.ExecuteAsync(batch, CancellationToken.None);
        }

        watch.Stop();
        var perSecond = Batches * BatchSize / watch.Elapsed.TotalSeconds;
        output.WriteLine($"{name}: {Batches} batches of {BatchSize} in {watch.ElapsedMilliseconds} ms = {perSecond:F0} alerts/s ({watch.Elapsed.TotalMilliseconds / Batches:F1} ms a batch)");
        Assert.Equal(((Batches + 5) * BatchSize), (await IncidentTables.CountsAsync(Database)).Alerts);
    }
}
