using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Slos;
using Bot.Core.Storage;

namespace Bot.Core.Tests.Budget;

/// <summary>Status boards over in-memory SLI data: pushed counts from <see cref="InMemorySliStore"/>, else estimates from the incident store's breaches.</summary>
internal static class StatusBoards
{
    public static SloStatusBoard Over(CatalogHolder catalog, IIncidentStore incidents, TimeProvider time, ISliStore? pushed = null)
    {
        var options = new SloOptions();
        var readings = new SliReadings(new PushedSliReader(pushed ?? new InMemorySliStore()), new BreachEstimateReader(incidents, options), options, time);
        return new SloStatusBoard(catalog, readings, incidents, time);
    }
}

/// <summary>Pushed counts per SLO, as fixed period and window totals a test sets.</summary>
internal sealed class InMemorySliStore : ISliStore
{
    private readonly Dictionary<string, PushedCounts> _counts = new(StringComparer.Ordinal);

    public void Set(string sloId, EventCounts period, params EventCounts[] windows) =>
        _counts[sloId] = new PushedCounts(period, windows.Length == BurnWindows.Lengths.Count ? windows : [.. BurnWindows.Lengths.Select(_ => new EventCounts(0, 0))]);

    public Task<SliPushResult> RecordAsync(SliPush push, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<PushedCounts?> ReadAsync(string sloId, DateTimeOffset periodStart, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(_counts.GetValueOrDefault(sloId));

    public Task<int> CompactAsync(DateTimeOffset horizon, DateTimeOffset dropBefore, CancellationToken cancellationToken) => Task.FromResult(0);
}
