using Bot.Core.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Scheduling;

/// <summary>
/// Checks the timer handlers when the host starts (one per kind), and once every hosted service has started — the
/// schema migrated, the scheduler built — lets the <see cref="ITimerSource"/>s schedule their timers. That happens
/// before the scheduler fires anything (it waits for the application to have started), so a timer that came due
/// while the bot was down fires once, after the sources had their say.
/// </summary>
internal sealed class TimerStartupService(IServiceScopeFactory scopes, TimerSync sync) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var duplicate = scope.ServiceProvider.GetServices<ITimerHandler>()
            .GroupBy(handler => handler.Kind, StringComparer.Ordinal)
            .FirstOrDefault(kind => kind.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException(
                $"Timer kind '{duplicate.Key}' has {duplicate.Count()} handlers ({string.Join(", ", duplicate.Select(h => h.GetType().Name))}); register one per kind.");
        }

        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => sync.SyncAsync(cancellationToken);

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
