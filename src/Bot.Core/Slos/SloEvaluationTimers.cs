using Bot.Core.Catalog;
using Bot.Core.Scheduling;
using Bot.Core.Storage;

namespace Bot.Core.Slos;

/// <summary>
/// Keeps the one <c>slo-evaluation</c> timer pending: due <see cref="SloOptions.EvaluationInterval"/> from now unless
/// one is already pending by then. A pending one is kept even when past due (the bot was down): it fires once, at once.
/// Run at start-up and after each catalog reload; the handler sets each next firing itself.
/// </summary>
public sealed class SloEvaluationTimerSource(SloOptions options, TimeProvider time) : ITimerSource
{
    public async Task SyncAsync(ITimers timers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timers);
        var due = time.GetUtcNow() + options.EvaluationInterval;
        var keep = false;
        foreach (var pending in await timers.ListAsync(SloEvaluationTimerHandler.TimerKind, cancellationToken))
        {
            if (pending.Key.Id != SloEvaluationTimerHandler.Timer.Id)
            {
                await timers.CancelAsync(pending.Key, cancellationToken);
            }
            else
            {
                // Past due, or due within the interval: it fires soon enough. Later (the interval was shortened): moved.
                keep = pending.DueAt <= due;
            }
        }
        if (!keep)
        {
            await timers.ScheduleAsync(SloEvaluationTimerHandler.Timer, due, cancellationToken);
        }
    }
}

/// <summary>
/// Every <see cref="SloOptions.EvaluationInterval"/>: reads every SLO of the catalog (so the readings incident messages
/// show stay fresh), evaluates the error budget policies (<see cref="BudgetPolicies"/>), and compacts the pushed SLI
/// counts. The next firing is set whatever happens, so a failing evaluation does not stop the cycle.
/// </summary>
public sealed class SloEvaluationTimerHandler(
    CatalogHolder catalog,
    SliReadings readings,
    BudgetPolicies policies,
    ISliStore store,
    ITimers timers,
    SloOptions options,
    TimeProvider time) : ITimerHandler
{
    /// <summary>The timer's kind; its one id is <c>all</c>.</summary>
    public const string TimerKind = "slo-evaluation";

    /// <summary>How long pushed raw intervals are kept: the windows up to 6 h read them, and a retried push is recognised while they last.</summary>
    public static readonly TimeSpan RawIntervalsKept = TimeSpan.FromHours(48);

    /// <summary>
    /// How long hourly totals are kept at least: a 28-day window with a week to spare. An SLO with a longer window keeps
    /// them for its window.
    /// </summary>
    public static readonly TimeSpan HourlyTotalsKept = TimeSpan.FromDays(35);

    /// <summary>The one evaluation timer.</summary>
    public static TimerKey Timer { get; } = new(TimerKind, "all");

    public string Kind => TimerKind;

    public async Task HandleAsync(TimerFired fired, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            var kept = HourlyTotalsKept;
            if (catalog.IsLoaded)
            {
                var slos = catalog.Current.Slos;
                await readings.ReadAllAsync(slos, cancellationToken);
                await policies.EvaluateAsync(cancellationToken);
                kept = slos.Select(s => s.Window.Length).Append(kept).Max();
            }
            await store.CompactAsync(now - RawIntervalsKept, now - kept, cancellationToken);
        }
        finally
        {
            await timers.ScheduleAsync(Timer, now + options.EvaluationInterval, cancellationToken);
        }
    }
}
