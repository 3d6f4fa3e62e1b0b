namespace Bot.Scheduling.Tests.Support;

/// <summary>
/// A clock the test moves, with timers that come due only when it does: the scheduler's waits (until the next
/// trigger, the idle wait, the misfire handler's period) are measured on it, so a test can jump an hour without
/// waiting one. Due timers run on the thread that moves the clock, in due order, each seeing the clock at its due
/// time. (Bot.Testing's ManualClock keeps the system's timers; Microsoft.Extensions.TimeProvider.Testing cannot be
/// restored here.)
/// </summary>
/// <remarks>
/// One race is the fake clock's own: code that reads the time, then arms a timer for "that time plus d", arms it for
/// later than meant when the test moves the clock in between, and the wait may then never end. So a timer armed by a
/// thread that read the clock before the latest move counts its delay from what that thread read, as it would have
/// on a real clock.
/// </remarks>
public sealed class FakeClock(DateTimeOffset start) : TimeProvider
{
    [ThreadStatic]
    private static (FakeClock Clock, DateTimeOffset Now, long Move)? t_lastRead;

    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _timers = [];
    private DateTimeOffset _now = start;
    private long _moves;

    /// <summary>Elapsed time is measured on this clock too, so "how long since" agrees with "what time is it".</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            t_lastRead = (this, _now, _moves);
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>Moves the clock forward and runs every timer that came due on the way, at its due time.</summary>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + by;
            if (by > TimeSpan.Zero)
            {
                _moves++;
            }
        }

        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                next = _timers.Where(timer => timer.DueAt <= target).MinBy(timer => timer.DueAt);
                if (next is null)
                {
                    _now = target;
                    return;
                }

                if (next.DueAt > _now)
                {
                    _now = next.DueAt;
                }

                next.Rearm();
            }

            next.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FakeTimer(this, callback, state, ExecutionContext.Capture());
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>The time a delay armed now counts from (under the lock): see the remarks.</summary>
    private DateTimeOffset ArmedFrom() =>
        t_lastRead is { } read && read.Clock == this && read.Move == _moves - 1 ? read.Now : _now;

    private sealed class FakeTimer(FakeClock clock, TimerCallback callback, object? state, ExecutionContext? context) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset DueAt { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            bool dueNow;
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                _period = period;
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    return true;
                }

                DueAt = clock.ArmedFrom() + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
                clock._timers.Add(this);
                dueNow = DueAt <= clock._now;
            }

            // A timer already due fires at once, on the thread pool as a real one would, without waiting for a move.
            if (dueNow)
            {
                ThreadPool.QueueUserWorkItem(static clock => clock.Advance(TimeSpan.Zero), clock, preferLocal: false);
            }

            return true;
        }

        /// <summary>Called under the clock's lock when the timer fires: a periodic timer goes round again.</summary>
        public void Rearm()
        {
            clock._timers.Remove(this);
            if (_period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan)
            {
                DueAt += _period;
                clock._timers.Add(this);
            }
        }

        /// <summary>Runs the callback in the context that created the timer, as a real timer does.</summary>
        public void Fire()
        {
            if (context is null)
            {
                callback(state);
            }
            else
            {
                ExecutionContext.Run(context, _ => callback(state), null);
            }
        }

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
