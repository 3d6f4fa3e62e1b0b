using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Storage;
using Bot.Persistence.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Persistence;

public static class PersistenceExtensions
{
    /// <summary>
    /// The database (<c>Database:Provider</c>, <c>ConnectionStrings:Bot</c>), validated at start; the schema
    /// migrated before the host starts its services; the core's storage ports; the <c>database</c> readiness check.
    /// </summary>
    public static IHostApplicationBuilder AddPersistence(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddOptions<DatabaseOptions>()
            .Bind(configuration.GetSection(DatabaseOptions.SectionName))
            .Configure(options => options.ConnectionString = configuration.GetConnectionString("Bot") ?? options.ConnectionString)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton(provider => BotDatabase.Create(
            provider.GetRequiredService<IOptions<DatabaseOptions>>().Value,
            provider.GetRequiredService<IHostEnvironment>().ContentRootPath));
        services.AddSingleton<SchemaMigrator>();
        services.AddHostedService<DatabaseStartupService>();

        services.AddSingleton<IIdempotencyStore, SqlIdempotencyStore>();
        services.AddSingleton<IConsoleChannelStore, SqlConsoleChannelStore>();
        services.AddSingleton<IMsTeamsConversationStore, SqlMsTeamsConversationStore>();
        services.AddSingleton<IRotationOverrideStore, SqlRotationOverrideStore>();
        services.AddSingleton<IIncidentStore, SqlIncidentStore>();
        services.AddSingleton<INoticeStore, SqlNoticeStore>();
        services.AddSingleton<ISliStore, SqlSliStore>();
        services.AddSingleton<Bot.Core.Postmortems.IPostmortemStore, SqlPostmortemStore>();
        services.AddSingleton<Bot.Core.Postmortems.IActionItemStore, SqlActionItemStore>();
        services.AddSingleton<Bot.Core.Stakeholders.IStakeholderStore, SqlStakeholderStore>();
        services.AddSingleton<IOutbox, SqlOutbox>();
        services.AddSingleton<IDeliveryLease>(provider =>
        {
            var database = provider.GetRequiredService<BotDatabase>();
            return database.Dialect == SqlDialect.Postgres
                ? new PostgresDeliveryLease(database, provider.GetRequiredService<TimeProvider>())
                : new SingleProcessDeliveryLease();
        });

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return builder;
    }
}
