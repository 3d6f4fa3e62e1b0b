namespace Bot.Core.Scheduling;

/// <summary>
/// Durable timers: "call the handler of this kind for this id at that time", kept in the bot's database so they
/// survive restarts and fire on one replica only. A timer carries nothing but its key; the handler loads what it
/// needs and re-checks the state before it acts (docs/scheduling.md).
/// </summary>
public interface ITimers
{
    /// <summary>
    /// Sets the timer <paramref name="key"/> to fire at <paramref name="at"/>, replacing the time of a pending timer
    /// with the same key (scheduling it again is idempotent). A time already past fires at once (its
    /// <see cref="TimerFired.DueAt"/> is then the time it was scheduled).
    /// </summary>
    Task ScheduleAsync(TimerKey key, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Removes a pending timer; false when there was none (it never existed, already fired or was cancelled).</summary>
    Task<bool> CancelAsync(TimerKey key, CancellationToken cancellationToken);

    /// <summary>The pending timers of <paramref name="kind"/>, earliest first, so a source can drop those it no longer wants.</summary>
    Task<IReadOnlyList<PendingTimer>> ListAsync(string kind, CancellationToken cancellationToken);
}

/// <summary>
/// Acts when a timer of its <see cref="Kind"/> fires. Register one per kind. A firing can come late (the bot was
/// down at the time: it fires once after start-up) and, after a crash in the middle of a run, again; so load the
/// state by <see cref="TimerFired.Key"/>, check that the action is still due, and act idempotently. An exception is
/// logged and the timer is done; it is not retried.
/// </summary>
public interface ITimerHandler
{
    /// <summary>The <see cref="TimerKey.Kind"/> this handler serves, e.g. <c>handoff</c>.</summary>
    string Kind { get; }

    Task HandleAsync(TimerFired fired, CancellationToken cancellationToken);
}

/// <summary>
/// Keeps timers in step with state that lives elsewhere (the next handoff of each rotation of the catalog).
/// Called once the scheduler has started, and again by whoever changes that state (a catalog reload). It must be
/// idempotent: schedule what should be pending (a replace), cancel what should not (see <see cref="ITimers.ListAsync"/>).
/// </summary>
public interface ITimerSource
{
    Task SyncAsync(ITimers timers, CancellationToken cancellationToken);
}

/// <summary>Names a timer: its <see cref="Kind"/> picks the handler, its <see cref="Id"/> says what it is about.</summary>
/// <remarks>Examples: <c>escalation</c> / <c>incident-42-step-2</c>; <c>handoff</c> / <c>payments-primary-2026-11-23T08:00:00Z</c>.</remarks>
public sealed record TimerKey
{
    /// <summary>The longest id: the key is stored as a database key, so it must stay short.</summary>
    public const int MaxIdLength = 200;

    /// <summary>The longest kind.</summary>
    public const int MaxKindLength = 40;

    public TimerKey(string kind, string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        if (kind.Length > MaxKindLength || !kind.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
        {
            throw new ArgumentException($"A timer kind is at most {MaxKindLength} characters of a-z, 0-9 and '-'; got '{kind}'.", nameof(kind));
        }

        if (id.Length > MaxIdLength)
        {
            throw new ArgumentException($"A timer id is at most {MaxIdLength} characters; got {id.Length}.", nameof(id));
        }

        Kind = kind;
        Id = id;
    }

    public string Kind { get; }

    public string Id { get; }

    public override string ToString() => $"{Kind}/{Id}";
}

/// <summary>A timer that came due.</summary>
/// <param name="DueAt">When it was set to fire.</param>
/// <param name="FiredAt">When it fired: later than <paramref name="DueAt"/> when the bot was down or busy at the time.</param>
/// <param name="Recovering">True when this runs again because the bot stopped in the middle of an earlier run.</param>
public sealed record TimerFired(TimerKey Key, DateTimeOffset DueAt, DateTimeOffset FiredAt, bool Recovering);

/// <summary>A timer waiting to fire.</summary>
public sealed record PendingTimer(TimerKey Key, DateTimeOffset DueAt);
