using Bot.Core.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Scheduling;

/// <summary>
/// Runs every registered <see cref="ITimerSource"/>. The scheduler's start-up runs it once; call it again after
/// changing what the sources read (a catalog reload). A failing source is logged and the others still run, so one
/// broken rotation never keeps the rest from their handoffs.
/// </summary>
public sealed class TimerSync(IServiceScopeFactory scopes, ITimers timers, ILogger<TimerSync> logger)
{
    /// <summary>True when every source synced; false when one failed (it is logged).</summary>
    public async Task<bool> SyncAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var allSynced = true;
        foreach (var source in scope.ServiceProvider.GetServices<ITimerSource>())
        {
            try
            {
                await source.SyncAsync(timers, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                allSynced = false;
                logger.LogError(e, "Timer source {TimerSource} failed to sync its timers", source.GetType().Name);
            }
        }

        return allSynced;
    }
}
