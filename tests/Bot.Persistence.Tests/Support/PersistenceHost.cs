using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Bot.Testing;

namespace Bot.Persistence.Tests.Support;

/// <summary>A host with only <see cref="PersistenceExtensions.AddPersistence"/>, configured from in-memory settings.</summary>
public static class PersistenceHost
{
    public static IHost Build(
        string contentRoot,
        IReadOnlyDictionary<string, string?> settings,
        RecordingLoggerProvider? logs = null,
        Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = contentRoot });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging(logging =>
        {
            if (logs is not null)
            {
                logging.AddProvider(logs);
            }
        });
        builder.AddPersistence();
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    public static Dictionary<string, string?> SettingsFor(TestDatabase database) => new()
    {
        ["Database:Provider"] = database.Provider,
        ["ConnectionStrings:Bot"] = database.ConnectionString,
    };
}
