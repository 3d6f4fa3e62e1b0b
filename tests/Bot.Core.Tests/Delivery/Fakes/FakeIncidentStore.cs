using Bot.Core.Incidents;

namespace Bot.Core.Tests.Delivery.Fakes;

/// <summary>Holds incident records in memory; only <see cref="FindAsync"/> is served, as the dispatcher only reads.</summary>
internal sealed class FakeIncidentStore : IIncidentStore
{
    public Task<IReadOnlyList<BreachSpan>> ListBreachesAsync(string sloId, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BreachSpan>>([]);

    public Task<IReadOnlyDictionary<string, int>> CountOpenBySloAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int>());

    private readonly Dictionary<long, IncidentRecord> _records = [];
    private readonly Lock _gate = new();

    public void Put(IncidentRecord record)
    {
        lock (_gate)
        {
            _records[record.Id] = record;
        }
    }

    /// <summary>Stores a newer version of the incident, as a committed state change would.</summary>
    public void Bump(long id)
    {
        lock (_gate)
        {
            var record = _records[id];
            _records[id] = record with { Version = record.Version + 1, Occurrences = record.Occurrences + 1 };
        }
    }

    public int VersionOf(long id)
    {
        lock (_gate)
        {
            return _records.TryGetValue(id, out var record) ? record.Version : 0;
        }
    }

    public Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.TryGetValue(id, out var record) ? new IncidentDetails(record, []) : null);
        }
    }

    /// <summary>What a write may do here: queue messages, as the dispatcher does when it reroutes a refused post.</summary>
    public Func<IIncidentSession>? Sessions { get; set; }

    public Task<T> WriteAsync<T>(Func<IIncidentSession, Task<T>> work, CancellationToken cancellationToken) =>
        Sessions is { } open ? work(open()) : throw new NotSupportedException("This test expects no incident writes.");

    public Task<IReadOnlyList<IncidentRecord>> ListAsync(IncidentQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();
}
