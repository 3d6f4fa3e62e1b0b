using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Slack;

/// <summary>
/// Work that must not hold up Slack's 3-second acknowledgement (an event's reply, a button's outcome, a slow
/// command's answer): a bounded queue drained by a few workers. A full queue refuses new work rather than
/// growing, and the caller answers accordingly (an event gets a 503 so that Slack retries it later).
/// At shutdown, queued work is finished until the host's shutdown timeout.
/// </summary>
internal sealed class SlackBackgroundWork(ILogger<SlackBackgroundWork> logger) : IHostedService, IDisposable
{
    public const int Capacity = 256;
    public const int Workers = 8;

    private readonly Channel<(string What, Func<CancellationToken, Task> Work)> _queue =
        Channel.CreateBounded<(string, Func<CancellationToken, Task>)>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _stopping = new();
    private Task[] _workers = [];

    /// <summary>Cancelled only when shutdown runs out of time; work that outlives its request runs under it.</summary>
    public CancellationToken Stopping => _stopping.Token;

    /// <summary>Queues <paramref name="work"/>; false when the queue is full or the host is stopping.</summary>
    public bool TryEnqueue(string what, Func<CancellationToken, Task> work)
    {
        if (_queue.Writer.TryWrite((what, work)))
        {
            return true;
        }
        logger.LogWarning("Slack background queue is full ({Capacity}); refused: {What}", Capacity, what);
        return false;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _workers = [.. Enumerable.Range(0, Workers).Select(_ => Task.Run(RunAsync, CancellationToken.None))];
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        try
        {
            await Task.WhenAll(_workers).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync();
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RunAsync()
    {
        await foreach (var (what, work) in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                await work(_stopping.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException || !_stopping.IsCancellationRequested)
            {
                logger.LogError(e, "Slack background work failed: {What}", what);
            }
            catch (OperationCanceledException)
            {
                logger.LogWarning("Slack background work cancelled at shutdown: {What}", what);
            }
        }
    }
}
