using System.Collections.Concurrent;
using Bot.Core.Scheduling;

namespace Bot.Scheduling.Tests.Support;

/// <summary>
/// Records every firing of its kind and which host ran it. One recorder serves several hosts (<see cref="For"/>), so a
/// test counts firings across replicas. The handler throws for the ids in <see cref="FailFor"/>.
/// </summary>
public sealed class RecordingTimerHandler(string kind = RecordingTimerHandler.DefaultKind)
{
    public const string DefaultKind = "test";

    private readonly ConcurrentQueue<Firing> _firings = new();
    private readonly ConcurrentDictionary<string, bool> _failFor = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _holdFirstRun = new(StringComparer.Ordinal);

    public string Kind { get; } = kind;

    public IReadOnlyList<Firing> Firings => [.. _firings];

    public void FailFor(string id) => _failFor[id] = true;

    /// <summary>The first run of <paramref name="id"/> does not return before <paramref name="release"/> completes.</summary>
    public void HoldFirstRun(string id, Task release) => _holdFirstRun[id] = release;

    public int CountOf(string id) => _firings.Count(firing => firing.Fired.Key.Id == id);

    /// <summary>The handler to register in the host named <paramref name="host"/>.</summary>
    public ITimerHandler For(string host) => new Handler(this, host);

    public sealed record Firing(TimerFired Fired, string Host);

    private sealed class Handler(RecordingTimerHandler recorder, string host) : ITimerHandler
    {
        public string Kind => recorder.Kind;

        public async Task HandleAsync(TimerFired fired, CancellationToken cancellationToken)
        {
            recorder._firings.Enqueue(new Firing(fired, host));
            if (recorder._holdFirstRun.TryRemove(fired.Key.Id, out var release))
            {
                await release;
            }

            if (recorder._failFor.ContainsKey(fired.Key.Id))
            {
                throw new InvalidOperationException($"The handler failed on {fired.Key}.");
            }
        }
    }
}
