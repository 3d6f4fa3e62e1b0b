using Bot.Core.Incidents;

namespace Bot.Slack.Tests.Support;

/// <summary>An incident store with no incidents: every use case answers "there is no incident #…" or "no open incidents".</summary>
internal sealed class EmptyIncidentStore : IIncidentStore, IIncidentSession
{
    public Task<IReadOnlyList<BreachSpan>> ListBreachesAsync(string sloId, DateTimeOffset since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<BreachSpan>>([]);

    public Task<IReadOnlyDictionary<string, int>> CountOpenBySloAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int>());

    /// <summary>Until set, every read waits: lets a test make a command slow.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Blocking { get; init; }

    public async Task<T> WriteAsync<T>(Func<IIncidentSession, Task<T>> work, CancellationToken cancellationToken)
    {
        await WaitAsync();
        return await work(this);
    }

    public async Task<IncidentDetails?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await WaitAsync();
        return null;
    }

    public async Task<IReadOnlyList<IncidentRecord>> ListAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        await WaitAsync();
        return [];
    }

    Task<Incident?> IIncidentSession.FindAsync(long id, CancellationToken cancellationToken) => Task.FromResult<Incident?>(null);

    public Task<Incident?> FindOpenAsync(string dedupKey, CancellationToken cancellationToken) => Task.FromResult<Incident?>(null);

    public Task<Incident?> FindByOccurrenceAsync(string fingerprint, DateTimeOffset startsAt, CancellationToken cancellationToken) => Task.FromResult<Incident?>(null);

    public Task<Incident?> FindLatestOpenAsync(string teamId, CancellationToken cancellationToken) => Task.FromResult<Incident?>(null);

    public Task SaveAsync(Incident incident, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task EnqueuePostsAsync(long incidentId, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task EnqueueUpdateAsync(long incidentId, string? threadReply, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task EnqueueReplyAsync(long incidentId, string text, IReadOnlyList<string> destinationKeys, CancellationToken cancellationToken) => Task.CompletedTask;

    private Task WaitAsync() => Blocking ? Gate.Task : Task.CompletedTask;
}
