using Bot.Core.Scheduling;

namespace Bot.Core.Tests.Commands;

/// <summary>Timers kept in a dictionary: what is pending and when, nothing fires.</summary>
internal sealed class RecordingTimers : ITimers
{
    private readonly Dictionary<TimerKey, DateTimeOffset> _pending = new(new KeyComparer());

    public IReadOnlyDictionary<TimerKey, DateTimeOffset> Pending => _pending;

    public Task ScheduleAsync(TimerKey key, DateTimeOffset at, CancellationToken cancellationToken)
    {
        _pending[key] = at;
        return Task.CompletedTask;
    }

    public Task<bool> CancelAsync(TimerKey key, CancellationToken cancellationToken) => Task.FromResult(_pending.Remove(key));

    public Task<IReadOnlyList<PendingTimer>> ListAsync(string kind, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PendingTimer>>([.. _pending.Where(p => p.Key.Kind == kind).OrderBy(p => p.Value).Select(p => new PendingTimer(p.Key, p.Value))]);

    private sealed class KeyComparer : IEqualityComparer<TimerKey>
    {
        public bool Equals(TimerKey? x, TimerKey? y) => x?.Kind == y?.Kind && x?.Id == y?.Id;

        public int GetHashCode(TimerKey obj) => HashCode.Combine(obj.Kind, obj.Id);
    }
}
