using Bot.Core.Commands;
using Bot.Core.Delivery;
using Bot.Core.Scheduling;
using Bot.Core.Stakeholders;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Host.Stakeholders;

public static class StakeholderServices
{
    /// <summary>Stakeholder subscriptions and notifications (book ch. 8), with the status-update reminder timer. Call after <c>AddScheduling()</c> and <c>AddIncidents()</c>.</summary>
    public static IHostApplicationBuilder AddStakeholders(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        // Committed notifications go out at once: the store wakes delivery after each write, as the incident and notice stores do.
        var store = services.LastOrDefault(d => d.ServiceType == typeof(IStakeholderStore))
            ?? throw new InvalidOperationException("IStakeholderStore must be registered (AddPersistence) before AddStakeholders.");
        services.Remove(store);
        services.AddSingleton<IStakeholderStore>(provider => new SignallingStakeholderStore(
            (IStakeholderStore)(store.ImplementationInstance
                ?? store.ImplementationFactory?.Invoke(provider)
                ?? ActivatorUtilities.CreateInstance(provider, store.ImplementationType!)),
            provider.GetRequiredService<IDeliverySignal>()));
        services.TryAddSingleton<StakeholderNotifications>();
        services.TryAddSingleton<StatusUpdateReminders>();
        services.AddSingleton<ICommandFamily, StakeholderCommandFamily>();
        services.AddSingleton<ITimerHandler, StatusUpdateTimerHandler>();
        services.AddSingleton<ITimerSource, StatusUpdateTimerSource>();
        return builder;
    }
}
