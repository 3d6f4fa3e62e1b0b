namespace Bot.Core.Delivery;

/// <summary>Wakes the delivery dispatcher when new entries are committed, so a message goes out at once instead of at the next poll.</summary>
public interface IDeliverySignal
{
    void Notify();
}
