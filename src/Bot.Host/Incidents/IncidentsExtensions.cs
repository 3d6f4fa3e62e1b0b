using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Routing;
using Bot.Host.LocalConsole;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Bot.Host.Incidents;

/// <summary>
/// The incident core as a service: how alerts become incidents (<c>Incidents</c>), where they go (<c>Routing</c>),
/// how messages are delivered (<c>Delivery</c>), and the use cases every adapter calls.
/// </summary>
internal static class IncidentsExtensions
{
    public static IHostApplicationBuilder AddIncidents(this IHostApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_ => BindIncidentOptions(configuration.GetSection("Incidents")));
        builder.Services.AddSingleton(_ => BindRoutingOptions(configuration.GetSection("Routing")));
        builder.Services.AddSingleton(_ => BindDeliveryOptions(configuration.GetSection("Delivery")));

        // Chat platforms register their IChatChannel; a platform without one is off. The console is on only
        // while no other platform is, unless Console:Enabled says otherwise.
        builder.Services.AddSingleton(services =>
        {
            var platforms = services.GetServices<IChatChannel>().Select(c => c.Platform).ToHashSet();
            if (platforms.Count > 1 && !services.GetRequiredService<IOptions<ConsoleOptions>>().Value.Enabled)
            {
                platforms.Remove(ChatPlatform.Console);
            }
            return new DestinationResolver(services.GetRequiredService<RoutingOptions>(), platforms);
        });

        builder.Services.AddSingleton<DeliverySignal>();
        builder.Services.AddSingleton<IDeliverySignal>(services => services.GetRequiredService<DeliverySignal>());
        builder.Services.Decorate<IIncidentStore>((inner, services) => new SignallingIncidentStore(inner, services.GetRequiredService<IDeliverySignal>()));
        builder.Services.AddSingleton<DestinationDirectory>();
        builder.Services.AddSingleton(services => new DeliveryDispatcher(
            services.GetRequiredService<IOutbox>(),
            services.GetRequiredService<IIncidentStore>(),
            services.GetRequiredService<CatalogHolder>(),
            services.GetServices<IChatChannel>(),
            services.GetRequiredService<DestinationDirectory>(),
            services.GetRequiredService<DeliveryOptions>(),
            services.GetRequiredService<TimeProvider>()));

        builder.Services.AddSingleton<IngestAlerts>();
        // Concurrent webhooks share commits; the host disposes it at shutdown, after committing what is queued.
        builder.Services.AddSingleton<IAlertIngest>(services => new GroupCommitIngest(services.GetRequiredService<IngestAlerts>()));
        builder.Services.AddSingleton<IncidentActions>();
        builder.Services.AddSingleton<CommandHandler>();
        return builder;
    }

    /// <summary>Lists in configuration replace the defaults instead of adding to them (the binder would append).</summary>
    private static IncidentOptions BindIncidentOptions(IConfigurationSection section)
    {
        var options = new IncidentOptions();
        if (section.GetValue<TimeSpan?>("Snooze") is { } snooze)
        {
            options.Snooze = snooze >= TimeSpan.Zero ? snooze : throw new OptionsValidationException("Incidents:Snooze", typeof(IncidentOptions), ["Incidents:Snooze must not be negative."]);
        }
        var parts = section.GetSection("DedupBy").Get<string[]>();
        if (parts is { Length: > 0 })
        {
            options.DedupBy.Clear();
            foreach (var part in parts)
            {
                options.DedupBy.Add(part);
            }
        }
        return options;
    }

    private static RoutingOptions BindRoutingOptions(IConfigurationSection section)
    {
        var options = new RoutingOptions();
        var fallback = section.GetSection("Fallback").Get<ChatDestination[]>();
        if (fallback is { Length: > 0 })
        {
            options.Fallback.Clear();
            foreach (var destination in fallback)
            {
                options.Fallback.Add(destination);
            }
        }
        return options;
    }

    private static DeliveryOptions BindDeliveryOptions(IConfigurationSection section)
    {
        var options = section.Get<DeliveryOptions>() ?? new DeliveryOptions();
        var problems = options.Validate();
        return problems.Count == 0 ? options : throw new OptionsValidationException("Delivery", typeof(DeliveryOptions), problems);
    }

    private static void Decorate<TService>(this IServiceCollection services, Func<TService, IServiceProvider, TService> decorate)
        where TService : class
    {
        var registration = services.LastOrDefault(d => d.ServiceType == typeof(TService))
            ?? throw new InvalidOperationException($"{typeof(TService).Name} must be registered before it is decorated.");
        services.Remove(registration);
        services.Add(ServiceDescriptor.Describe(typeof(TService), provider => decorate(Create(registration, provider), provider), registration.Lifetime));

        static TService Create(ServiceDescriptor descriptor, IServiceProvider provider) =>
            (TService)(descriptor.ImplementationInstance
                ?? descriptor.ImplementationFactory?.Invoke(provider)
                ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
    }
}
