using System.Threading.Channels;
using Bot.Core.Alerts;

namespace Bot.Core.Incidents;

/// <summary>
/// Lets concurrent deliveries share one commit. Each caller still returns only after its alerts are committed, but
/// while one transaction runs, the deliveries that arrive queue up and go into the next one together: one fsync for
/// many webhooks instead of one each. A database with one writer (SQLite) gains the most.
/// </summary>
/// <remarks>
/// If a shared transaction fails, each of its deliveries is retried alone, so one delivery that cannot be stored
/// fails only its own request. A caller that gives up waiting (cancellation) does not stop its delivery from being
/// committed; a redelivery of it is harmless.
/// </remarks>
public sealed class GroupCommitIngest : IAlertIngest, IAsyncDisposable
{
    private readonly IngestAlerts _ingest;
    private readonly int _maxAlertsPerCommit;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    /// <param name="maxAlertsPerCommit">A transaction takes queued deliveries until it holds at least this many alerts.</param>
    public GroupCommitIngest(IngestAlerts ingest, int maxAlertsPerCommit = 2000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAlertsPerCommit, 1);
        _ingest = ingest;
        _maxAlertsPerCommit = maxAlertsPerCommit;
        _writer = Task.Run(WriteAsync);
    }

    public async Task<IngestResult> ExecuteAsync(AlertBatch batch, CancellationToken cancellationToken)
    {
        var pending = new Pending(batch);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(GroupCommitIngest), "The bot is shutting down and takes no more alerts.");
        }
        return await pending.Result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Stops taking deliveries and waits until the queued ones are committed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    private async Task WriteAsync()
    {
        var group = new List<Pending>();
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            var alerts = 0;
            while (alerts < _maxAlertsPerCommit && _queue.Reader.TryRead(out var next))
            {
                group.Add(next);
                alerts += next.Batch.Alerts.Count;
            }
            await CommitAsync(group);
        }
    }

    private async Task CommitAsync(List<Pending> group)
    {
        try
        {
            var results = await _ingest.ExecuteManyAsync([.. group.Select(p => p.Batch)], CancellationToken.None);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Result.TrySetResult(results[i]);
            }
        }
        catch (Exception) when (group.Count > 1)
        {
            foreach (var pending in group)
            {
                await CommitAsync([pending]);
            }
        }
        catch (Exception e)
        {
            group[0].Result.TrySetException(e);
        }
    }

    private sealed record Pending(AlertBatch Batch)
    {
        // Callers continue on the thread pool, not on the writer, so the next transaction starts at once.
        public TaskCompletionSource<IngestResult> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
