namespace Bot.Core.Delivery;

/// <summary>
/// The delivery loop's alarm clock: <see cref="Notify"/> after a commit that enqueued deliveries wakes the waiting loop at
/// once, so a message goes out milliseconds after the alert rather than at the next poll. Notifications while the loop
/// is busy collapse into one wake-up, which is enough since a pass delivers everything due.
/// </summary>
public sealed class DeliverySignal : IDeliverySignal, IDisposable
{
    private readonly SemaphoreSlim _wakeUp = new(0, 1);
    private readonly Lock _gate = new();

    public void Notify()
    {
        lock (_gate)
        {
            if (_wakeUp.CurrentCount == 0)
            {
                _wakeUp.Release();
            }
        }
    }

    /// <summary>Waits for a notification or the timeout; true when notified.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _wakeUp.WaitAsync(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout, cancellationToken);

    public void Dispose() => _wakeUp.Dispose();
}
