using System.Threading.Channels;
using Bot.Core.Incidents;
using Bot.Core.OnCall;

namespace Bot.Host.Alerts;

/// <summary>
/// Starts the escalation chains of the incidents an alert webhook opened, after the webhook has its answer: the source
/// hears 2xx as soon as its alerts are committed, and setting step-0 timers (writes to the scheduler's tables, which
/// on SQLite wait for the same write lock as the next ingest) does not hold that answer up.
/// </summary>
/// <remarks>
/// Nothing the 2xx promises depends on it: the incidents are committed. A start lost to a crash before it ran, or one
/// that fails three times, is picked up by <see cref="EscalationTimerSource"/> at the next start-up or catalog reload
/// (the incident is open and its chain has no timer). At shutdown the queued starts are run first, within the host's
/// shutdown timeout.
/// </remarks>
/// <param name="escalations">Null when escalation is off (<c>OnCall:EscalationEnabled</c>): nothing is queued.</param>
internal sealed class EscalationStarts(Escalations? escalations, TimeProvider time, ILogger<EscalationStarts> logger) : IHostedService, IDisposable
{
    /// <summary>Starts taken together; each is one timer write.</summary>
    private const int MaxBatch = 500;

    private static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)];

    private readonly Channel<OpenedIncident> _queue = Channel.CreateUnbounded<OpenedIncident>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _abandon = new();
    private Task _loop = Task.CompletedTask;

    /// <summary>Queues the starts of a committed delivery's new incidents; returns at once.</summary>
    public void Enqueue(IReadOnlyList<OpenedIncident> opened)
    {
        if (escalations is null)
        {
            return;
        }
        foreach (var incident in opened)
        {
            if (!_queue.Writer.TryWrite(incident))
            {
                logger.LogWarning("Incident {IncidentId} opened while the bot stops; its escalation starts at the next start-up", incident.Id);
            }
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        try
        {
            await _loop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await _abandon.CancelAsync();
            logger.LogWarning("Shutdown came before every queued escalation start ran; the rest start at the next start-up");
        }
    }

    public void Dispose() => _abandon.Dispose();

    private async Task RunAsync()
    {
        var batch = new List<OpenedIncident>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }
            await StartAsync(batch);
        }
    }

    private async Task StartAsync(List<OpenedIncident> batch)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await escalations!.StartAsync(batch, _abandon.Token);
                return;
            }
            catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (attempt < RetryDelays.Length)
            {
                logger.LogWarning(e, "Starting the escalation of {Incidents} new incident(s) failed; trying again in {RetryDelay}", batch.Count, RetryDelays[attempt]);
                try
                {
                    await Task.Delay(RetryDelays[attempt], time, _abandon.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            catch (Exception e)
            {
                // Scheduling a timer again is harmless, so the recovery pass may redo some that did start.
                logger.LogError(e, "Starting the escalation of incidents {IncidentIds} failed; they start at the next start-up or catalog reload", batch.Select(i => i.Id));
                return;
            }
        }
    }
}
