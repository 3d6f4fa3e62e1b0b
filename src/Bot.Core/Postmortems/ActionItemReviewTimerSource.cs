using Bot.Core.Catalog;
using Bot.Core.Scheduling;

namespace Bot.Core.Postmortems;

/// <summary>
/// Keeps the review timers in step with the action items when the scheduler starts (and after a catalog reload, when
/// a driver's time zone may have changed): every item not done whose driver was not reminded of its review date, and
/// whose date has not passed, has its timer at 09:00 of that date in the driver's zone; any other pending review
/// timer is removed. Covers a crash between an item's commit and its timer.
/// </summary>
public sealed class ActionItemReviewTimerSource(CatalogHolder catalog, IActionItemStore store, TimeProvider time) : ITimerSource
{
    public async Task SyncAsync(ITimers timers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timers);
        // The timers first: one set after this list was read belongs to an item committed before, which the list of items read next holds.
        var pending = await timers.ListAsync(ActionItemReviews.TimerKind, cancellationToken);
        var current = catalog.Current;
        var now = time.GetUtcNow();
        var wanted = new Dictionary<TimerKey, DateTimeOffset>();
        foreach (var state in (ActionItemState[])[ActionItemState.New, ActionItemState.Ready, ActionItemState.InWork, ActionItemState.Implemented])
        {
            foreach (var item in await store.ListAsync(new ActionItemQuery(State: state, Limit: int.MaxValue), cancellationToken))
            {
                if (ActionItemReviews.ReminderDue(current, item, now) is { } due)
                {
                    wanted[ActionItemReviews.TimerFor(item.Id, item.ReviewOn)] = due;
                }
            }
        }
        foreach (var timer in pending.Where(t => !wanted.ContainsKey(t.Key)))
        {
            await timers.CancelAsync(timer.Key, cancellationToken);
        }
        foreach (var (key, due) in wanted)
        {
            await timers.ScheduleAsync(key, due, cancellationToken);
        }
    }
}
