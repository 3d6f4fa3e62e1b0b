using Bot.Core.Delivery;

namespace Bot.Core.Tests.Delivery;

public sealed class DeliverySignalTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task WaitAsync_NotifiedWhileWaiting_Wakes()
    {
        using var signal = new DeliverySignal();
        var waiting = signal.WaitAsync(Bound, CancellationToken.None);

        signal.Notify();

        Assert.True(await waiting);
    }

    [Fact]
    public async Task WaitAsync_NotifiedTwiceBeforeWaiting_WakesOnceThenTimesOut()
    {
        using var signal = new DeliverySignal();
        signal.Notify();
        signal.Notify();

        Assert.True(await signal.WaitAsync(Bound, CancellationToken.None));
        Assert.False(await signal.WaitAsync(TimeSpan.FromMilliseconds(10), CancellationToken.None));
    }

    [Fact]
    public async Task WaitAsync_NoNotification_TimesOut()
    {
        using var signal = new DeliverySignal();

        Assert.False(await signal.WaitAsync(TimeSpan.FromMilliseconds(10), CancellationToken.None));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_Throws()
    {
        using var signal = new DeliverySignal();
        using var cancellation = new CancellationTokenSource();
        var waiting = signal.WaitAsync(Bound, cancellation.Token);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
