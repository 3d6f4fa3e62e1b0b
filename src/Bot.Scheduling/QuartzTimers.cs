using Bot.Core.Scheduling;
using Quartz;

namespace Bot.Scheduling;

/// <summary>
/// <see cref="ITimers"/> on Quartz: a timer is a one-shot simple trigger of <see cref="TimerJob"/>, named
/// (group, name) = (kind, id), stored in the bot's database. Scheduling a key again replaces its trigger in one store
/// operation (<see cref="TriggerConflict.Replace"/>), so replicas racing on one key leave one timer.
/// </summary>
internal sealed class QuartzTimers(ISchedulerFactory schedulers) : ITimers
{
    public async Task ScheduleAsync(TimerKey key, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        // A time already past is due now. Stored as it was, more than the misfire threshold ago, it would wait for the
        // misfire handler's next pass (up to a minute) instead of firing at once.
        var now = scheduler.TimeProvider.GetUtcNow();
        var trigger = TriggerBuilder.Create(scheduler.TimeProvider)
            .WithIdentity(TriggerKeyOf(key))
            .ForJob(TimerJob.Key)
            .StartAt(at > now ? at : now)
            // Missed while the bot was down (or busy past the misfire threshold): fire once, as soon as it can.
            .WithSimpleSchedule(schedule => schedule.WithRepeatCount(0).WithMisfireInstruction(SimpleTriggerMisfireInstruction.FireNow))
            .Build();
        await scheduler.ScheduleTrigger(trigger, TriggerConflict.Replace, cancellationToken);
    }

    public async Task<bool> CancelAsync(TimerKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return await scheduler.UnscheduleJob(TriggerKeyOf(key), cancellationToken);
    }

    public async Task<IReadOnlyList<PendingTimer>> ListAsync(string kind, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var pending = new List<PendingTimer>();
        var query = new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(kind), Job = TimerJob.Key, Take = 500 };
        while (true)
        {
            var page = await scheduler.QueryTriggers(query, cancellationToken);
            pending.AddRange(page.Items
                .Where(trigger => trigger.NextFireTimeUtc is not null)
                .Select(trigger => new PendingTimer(new TimerKey(trigger.Key.Group, trigger.Key.Name), trigger.NextFireTimeUtc!.Value)));
            if (!page.HasMore)
            {
                break;
            }

            query = query with { Skip = query.Skip + page.Items.Count };
        }

        pending.Sort((a, b) => a.DueAt.CompareTo(b.DueAt));
        return pending;
    }

    internal static TriggerKey TriggerKeyOf(TimerKey key) => new(key.Id, key.Kind);
}
