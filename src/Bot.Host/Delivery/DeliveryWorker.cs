using Bot.Core.Delivery;

namespace Bot.Host.Delivery;

/// <summary>
/// The one loop that drives <see cref="DeliveryDispatcher"/>: a pass, its outcomes logged, then sleep until the next
/// entry falls due or a commit signals new work. Stops at shutdown without finishing the pass's waits; what was not
/// delivered stays pending in the outbox and goes out after the restart.
/// </summary>
/// <remarks>
/// With several replicas on one database, only the holder of the <see cref="IDeliveryLease"/> delivers, so each
/// destination still gets its messages one at a time and in order; the others poll for the lease and take over when
/// its holder goes away. Work committed on another replica is picked up at the next poll.
/// </remarks>
internal sealed class DeliveryWorker(
    DeliveryDispatcher dispatcher,
    DeliverySignal signal,
    IDeliveryLease lease,
    DeliveryOptions options,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    private bool _delivering;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting before the first pass touches the database.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await HoldLeaseAsync(stoppingToken))
                {
                    await signal.WaitAsync(options.PollInterval, stoppingToken);
                    continue;
                }
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

    private async Task<bool> HoldLeaseAsync(CancellationToken stoppingToken)
    {
        var holds = await lease.HoldAsync(stoppingToken);
        if (holds != _delivering)
        {
            _delivering = holds;
            if (holds)
            {
                logger.LogInformation("This replica now delivers the outbox");
            }
            else
            {
                logger.LogInformation("Another replica delivers the outbox; standing by and polling every {PollInterval}", options.PollInterval);
            }
        }
        return holds;
    }

    private void Log(DeliveryOutcome outcome)
    {
        switch (outcome.Status)
        {
            case DeliveryStatus.Delivered:
                logger.LogInformation(
                    "Delivered {DeliveryKind} of {Subject} to {Destination} (attempt {Attempt})",
                    outcome.Kind, outcome.Subject, outcome.DestinationKey, outcome.Attempt);
                break;
            case DeliveryStatus.Retrying:
                logger.LogWarning(
                    "Delivery of {DeliveryKind} of {Subject} to {Destination} failed (attempt {Attempt}): {DeliveryError}; retrying in {RetryIn}",
                    outcome.Kind, outcome.Subject, outcome.DestinationKey, outcome.Attempt, outcome.Error, outcome.RetryIn);
                break;
            case DeliveryStatus.Failed:
                logger.LogError(
                    "Gave up delivering {DeliveryKind} of {Subject} to {Destination} (attempt {Attempt}): {DeliveryError}",
                    outcome.Kind, outcome.Subject, outcome.DestinationKey, outcome.Attempt, outcome.Error);
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
