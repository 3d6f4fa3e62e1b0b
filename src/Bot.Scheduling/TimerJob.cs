using Bot.Core.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Bot.Scheduling;

/// <summary>
/// The one Quartz job: every timer is a trigger of it, keyed (group, name) = (kind, id). It carries no data; it hands
/// the key to the <see cref="ITimerHandler"/> of the kind, which loads and re-checks the state itself. A failing
/// handler is logged and the timer is done: Quartz is not asked to refire, so a broken handler cannot loop.
/// </summary>
internal sealed class TimerJob(IServiceScopeFactory scopes, ILogger<TimerJob> logger) : IJob
{
    /// <summary>The durable job every timer trigger fires.</summary>
    public static readonly JobKey Key = new("timer", "slo-bot");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        // A recovery firing (the bot stopped in the middle of a run) comes on a trigger of Quartz's own; the timer is
        // the trigger it replaces.
        var triggerKey = context.Recovering && context.RecoveringTriggerKey is { } original ? original : context.Trigger.Key;
        TimerKey key;
        try
        {
            key = new TimerKey(triggerKey.Group, triggerKey.Name);
        }
        catch (ArgumentException e)
        {
            logger.LogError(e, "Timer trigger {TriggerKey} does not name a timer; it is dropped", triggerKey);
            return;
        }

        var fired = new TimerFired(key, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, context.FireTimeUtc, context.Recovering);
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<ITimerHandler>().FirstOrDefault(h => h.Kind == key.Kind);
        if (handler is null)
        {
            logger.LogError("No timer handler for kind {TimerKind}; timer {TimerKey} is dropped", key.Kind, key);
            return;
        }

        try
        {
            await handler.HandleAsync(fired, cancellationToken);
            logger.LogInformation("Timer {TimerKey} due {TimerDueAt:O} handled at {TimerFiredAt:O}", key, fired.DueAt, fired.FiredAt);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            // Caught so that Quartz records a completed firing: a refire would only repeat the failure.
            logger.LogError(e, "Timer {TimerKey} due {TimerDueAt:O}: the {TimerKind} handler failed; the timer is done", key, fired.DueAt, key.Kind);
        }
    }
}
