using Bot.Core.Delivery;

namespace Bot.Core.Stakeholders;

/// <summary>Wakes the delivery dispatcher after every committed stakeholder write, as <see cref="SignallingNoticeStore"/> does for notices.</summary>
public sealed class SignallingStakeholderStore(IStakeholderStore inner, IDeliverySignal signal) : IStakeholderStore
{
    public Task<bool> SubscribeAsync(StakeholderSubscription subscription, CancellationToken cancellationToken) => inner.SubscribeAsync(subscription, cancellationToken);

    public Task<bool> UnsubscribeAsync(string groupId, string destinationKey, CancellationToken cancellationToken) =>
        inner.UnsubscribeAsync(groupId, destinationKey, cancellationToken);

    public Task<IReadOnlyList<StakeholderSubscription>> ListSubscriptionsAsync(CancellationToken cancellationToken) => inner.ListSubscriptionsAsync(cancellationToken);

    public Task<IReadOnlyList<StakeholderNotification>> ListNotificationsAsync(long incidentId, CancellationToken cancellationToken) =>
        inner.ListNotificationsAsync(incidentId, cancellationToken);

    public Task<IReadOnlyList<StakeholderNotification>> ListAwaitingUpdateAsync(CancellationToken cancellationToken) => inner.ListAwaitingUpdateAsync(cancellationToken);

    public async Task<T> WriteAsync<T>(Func<IStakeholderSession, Task<T>> work, CancellationToken cancellationToken)
    {
        var result = await inner.WriteAsync(work, cancellationToken);
        signal.Notify();
        return result;
    }
}
