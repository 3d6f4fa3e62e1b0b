using Bot.Core.Delivery;

namespace Bot.Host.Delivery;

/// <summary>
/// The one loop that drives <see cref="DeliveryDispatcher"/>: a pass, its outcomes logged, then sleep until the next
/// entry falls due or a commit signals new work. Stops at shutdown without finishing the pass's waits; what was not
/// delivered stays pending in the outbox and goes out after the restart.
/// </summary>
internal sealed class DeliveryWorker(
    DeliveryDispatcher dispatcher,
    DeliverySignal signal,
    DeliveryOptions options,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first pass touches the database.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pass = await dispatcher.RunOnceAsync(stoppingToken);
                foreach (var outcome in pass.Outcomes)
                {
                    Log(outcome);
                }
                await signal.WaitAsync(await dispatcher.TimeUntilNextAsync(stoppingToken), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The outbox itself is unreachable (the database is down): nothing was sent, try again after a poll interval.
                logger.LogError(e, "Delivery pass failed; retrying in {PollInterval}", options.PollInterval);
                try
                {
                    await signal.WaitAsync(options.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
            }
        }
    }

    private void Log(DeliveryOutcome outcome)
    {
        switch (outcome.Status)
        {
            case DeliveryStatus.Delivered:
                logger.LogInformation(
                    "Delivered {DeliveryKind} of incident {IncidentId} to {Destination} (attempt {Attempt})",
                    outcome.Kind, outcome.IncidentId, outcome.DestinationKey, outcome.Attempt);
                break;
            case DeliveryStatus.Retrying:
                logger.LogWarning(
                    "Delivery of {DeliveryKind} of incident {IncidentId} to {Destination} failed (attempt {Attempt}): {DeliveryError}; retrying in {RetryIn}",
                    outcome.Kind, outcome.IncidentId, outcome.DestinationKey, outcome.Attempt, outcome.Error, outcome.RetryIn);
                break;
            case DeliveryStatus.Failed:
                logger.LogError(
                    "Gave up delivering {DeliveryKind} of incident {IncidentId} to {Destination} (attempt {Attempt}): {DeliveryError}",
                    outcome.Kind, outcome.IncidentId, outcome.DestinationKey, outcome.Attempt, outcome.Error);
                break;
            default:
                logger.LogError(
                    outcome.Exception,
                    "Delivery to {Destination} faulted and pauses for {PollInterval}: {DeliveryError}",
                    outcome.DestinationKey, options.PollInterval, outcome.Error);
                break;
        }
    }
}
