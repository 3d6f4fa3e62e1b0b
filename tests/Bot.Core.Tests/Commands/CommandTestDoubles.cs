using Bot.Core.Catalog;
using Bot.Core.Incidents;

namespace Bot.Core.Tests.Commands;

/// <summary>A catalog source that always loads the same catalog.</summary>
internal sealed class FixedSource(ServiceCatalog catalog) : ICatalogSource
{
    public string Location => "test";

    public CatalogLoadResult Load() => CatalogLoadResult.Success(catalog);
}

/// <summary>Serves ListAsync from memory, filtered as the store's contract says; writes are not expected here.</summary>
internal sealed class ListingStore : IIncidentStore
{
    public Task<IReadOnlyList<BreachSpan>> ListBreachesAsync(string sloId, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BreachSpan>>([]);

    public Task<IReadOnlyDictionary<string, int>> CountOpenBySloAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int>());

    private readonly List<IncidentRecord> _records = [];

    public void Add(IncidentRecord record) => _records.Add(record);

    public Task<IReadOnlyList<IncidentRecord>> ListAsync(IncidentQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<IncidentRecord>>(_records
            .Where(r => (query.TeamId is null || r.TeamId == query.TeamId) && (query.State is null || r.State == query.State))
            .OrderByDescending(r => r.OpenedAt).Take(query.Limit).ToList());

    public Task<T> WriteAsync<T>(Func<IIncidentSession, Task<T>> work, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();
}
