using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Bot.Persistence;

/// <summary>Readiness: the database answers <c>SELECT 1</c> within <see cref="DatabaseOptions.HealthCheckTimeout"/>.</summary>
internal sealed class DatabaseHealthCheck(BotDatabase database, IOptions<DatabaseOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["provider"] = database.ProviderName,
            ["dataSource"] = database.DataSourceDescription,
        };
        var timeout = options.Value.HealthCheckTimeout;
        var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var probe = database.ReadAsync(session => session.ExecuteScalarAsync<int>("SELECT 1"), timeoutSource.Token);

        // The probe may outlive this method (below); it releases the token source and observes its own failure.
        _ = probe.ContinueWith(
            static (finished, source) =>
            {
                ((IDisposable)source!).Dispose();
                return finished.Exception;
            },
            timeoutSource,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        try
        {
            // Npgsql does not always heed cancellation while it waits for a server's first answer (its own connect
            // timeout ends that wait), so the check stops waiting on its own and leaves the probe to finish.
            await probe.WaitAsync(timeout, cancellationToken);
            return HealthCheckResult.Healthy($"{database.ProviderName} answers.", data);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return HealthCheckResult.Unhealthy($"{database.ProviderName} did not answer within {timeout.TotalSeconds:0.###} s.", e, data);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"{database.ProviderName} is unreachable: {e.Message}", e, data);
        }
    }
}
