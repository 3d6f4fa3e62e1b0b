using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Notices;
using Bot.Core.OnCall;
using Bot.Core.Routing;
using Bot.Core.Storage;
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
        AddValidatedOptions<IncidentOptions>(builder, "Incidents", (section, options) =>
        {
            options.Snooze = section.GetValue("Snooze", options.Snooze);
            ReplaceWith(options.DedupBy, section.GetSection("DedupBy").Get<string[]>());
        }, IncidentProblems);
        AddValidatedOptions<RoutingOptions>(builder, "Routing", BindRouting, _ => []);
        AddValidatedOptions<DeliveryOptions>(builder, "Delivery", (section, options) => section.Bind(options), options => options.Validate());

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
        builder.Services.Decorate<INoticeStore>((inner, services) => new SignallingNoticeStore(inner, services.GetRequiredService<IDeliverySignal>()));
        builder.Services.AddSingleton<DestinationDirectory>();
        builder.Services.AddSingleton(services => new DeliveryDispatcher(
            services.GetRequiredService<IOutbox>(),
            services.GetRequiredService<IIncidentStore>(),
            services.GetRequiredService<INoticeStore>(),
            services.GetRequiredService<CatalogHolder>(),
            services.GetServices<IChatChannel>(),
            services.GetRequiredService<DestinationDirectory>(),
            services.GetRequiredService<DeliveryOptions>(),
            services.GetRequiredService<TimeProvider>()));

        builder.Services.AddSingleton<IngestAlerts>();
        // Concurrent webhooks share commits; the host disposes it at shutdown, after committing what is queued.
        builder.Services.AddSingleton<IAlertIngest>(services => new GroupCommitIngest(services.GetRequiredService<IngestAlerts>()));
        builder.Services.AddSingleton<RoleOnCall>();
        builder.Services.AddSingleton<IncidentActions>();
        builder.Services.AddSingleton<IncidentRoles>();
        builder.Services.AddSingleton<ICommandFamily, RoleCommands>();
        builder.Services.AddSingleton<MessageActions>();
        builder.Services.AddSingleton<NoticeActions>();
        builder.Services.AddSingleton<OnCallBoard>();
        builder.Services.AddSingleton<RotationOverrides>();
        builder.Services.AddSingleton<CommandHandler>();
        return builder;
    }

    /// <summary>
    /// Binds a section the core's options class cannot be bound to directly, validates it when the host starts (a
    /// bad value stops start-up naming its key, instead of failing the first alert), and serves the bound object.
    /// </summary>
    internal static void AddValidatedOptions<TOptions>(
        IHostApplicationBuilder builder, string sectionName, Action<IConfigurationSection, TOptions> bind, Func<TOptions, IEnumerable<string>> problems)
        where TOptions : class
    {
        var section = builder.Configuration.GetSection(sectionName);
        builder.Services.AddOptions<TOptions>().Configure(options => bind(section, options)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new ProblemsValidator<TOptions>(problems));
        builder.Services.AddSingleton(services => services.GetRequiredService<IOptions<TOptions>>().Value);
    }

    /// <summary>A list in configuration replaces the default list (the binder would append to it).</summary>
    private static void ReplaceWith<T>(IList<T> target, T[]? configured)
    {
        if (configured is not { Length: > 0 })
        {
            return;
        }
        target.Clear();
        foreach (var item in configured)
        {
            target.Add(item);
        }
    }

    private static IEnumerable<string> IncidentProblems(IncidentOptions options)
    {
        if (options.Snooze < TimeSpan.Zero)
        {
            yield return $"Incidents:Snooze must not be negative, got {options.Snooze}.";
        }
        for (var i = 0; i < options.DedupBy.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(options.DedupBy[i]))
            {
                yield return $"Incidents:DedupBy:{i} must name a part of the dedup key (slo, environment, region, service, team, alertname or a label).";
            }
        }
    }

    /// <summary>
    /// Reads <c>Routing:Fallback</c> entry by entry: the binder would silently drop an entry it cannot construct (an
    /// unknown platform, a missing channel) and leave the default fallback in place.
    /// </summary>
    private static void BindRouting(IConfigurationSection section, RoutingOptions options)
    {
        var problems = new List<string>();
        var fallback = new List<ChatDestination>();
        foreach (var entry in section.GetSection("Fallback").GetChildren())
        {
            var platformText = entry["Platform"];
            if (!Enum.TryParse<ChatPlatform>(platformText, ignoreCase: true, out var platform) || !Enum.IsDefined(platform))
            {
                problems.Add($"{entry.Path}:Platform must be one of {string.Join(", ", Enum.GetNames<ChatPlatform>())}, got '{platformText}'.");
            }
            if (string.IsNullOrWhiteSpace(entry["Channel"]))
            {
                problems.Add($"{entry.Path}:Channel must name a channel.");
                continue;
            }
            fallback.Add(new ChatDestination(platform, entry["Channel"]!, entry["MsTeamsTeamId"], entry["MsTeamsTenantId"]));
        }
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(section.Path, typeof(RoutingOptions), problems);
        }
        ReplaceWith(options.Fallback, [.. fallback]);
    }

    private sealed class ProblemsValidator<TOptions>(Func<TOptions, IEnumerable<string>> problems) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var found = problems(options).ToList();
            return found.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(found);
        }
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
