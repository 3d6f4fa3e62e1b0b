using System.Collections.Concurrent;
using Bot.Core.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Catalog.Tests;

public sealed class CatalogExtensionsTests
{
    [Fact]
    public async Task AddCatalog_ExampleCatalog_StartsWithTheCatalogLoaded()
    {
        // The example catalog sits at manifests/catalog under the test output, the default Catalog:Path.
        using var host = BuildHost(AppContext.BaseDirectory);

        await host.StartAsync();
        try
        {
            var holder = host.Services.GetRequiredService<CatalogHolder>();
            Assert.True(holder.IsLoaded);
            Assert.NotNull(holder.Current.FindTeam("payments"));
            Assert.Equal("manifests/catalog", host.Services.GetRequiredService<ICatalogSource>().Location);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public async Task AddCatalog_InvalidCatalog_StartAsyncThrowsWithEveryErrorAndLogsEach()
    {
        using var temp = TempCatalog.WithOrgAndTeam()
            .With("teams.yaml", TempCatalog.Teams.Replace("Europe/Berlin", "Europe/Berlinn", StringComparison.Ordinal))
            .With("services.yaml", """
                services:
                  - id: ledger
                    team: ledgers
                """);
        var logs = new LogCollector();
        using var host = BuildHost(temp.Root, logs);

        var error = await Assert.ThrowsAsync<CatalogInvalidException>(() => host.StartAsync());

        string[] expected =
        [
            "manifests/catalog/services.yaml:3: service 'ledger': unknown team 'ledgers'",
            "manifests/catalog/teams.yaml:9: team 'payments': member 'ana' has unknown time zone 'Europe/Berlinn'",
        ];
        Assert.Equal(expected, error.Errors.Select(e => e.ToString()));
        Assert.All(expected, line => Assert.Contains(line, error.Message, StringComparison.Ordinal));
        Assert.All(expected, line => Assert.Contains(line, logs.Errors));
        Assert.False(host.Services.GetRequiredService<CatalogHolder>().IsLoaded);
    }

    [Fact]
    public async Task AddCatalog_AbsolutePath_IsUsedAsIs()
    {
        using var temp = TempCatalog.WithOrgAndTeam();
        using var host = BuildHost(AppContext.BaseDirectory, configure: b => b.Configuration["Catalog:Path"] = temp.Folder);

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(["payments"], host.Services.GetRequiredService<CatalogHolder>().Current.Teams.Select(t => t.Id));
    }

    [Fact]
    public async Task AddCatalog_EmptyPath_FailsNamingTheKey()
    {
        using var host = BuildHost(AppContext.BaseDirectory, configure: b => b.Configuration["Catalog:Path"] = " ");

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Catalog:Path", error.Message, StringComparison.Ordinal);
    }

    private static IHost BuildHost(string contentRoot, LogCollector? logs = null, Action<HostApplicationBuilder>? configure = null)
    {
        // No defaults: nothing from the environment or an appsettings.json may change what is tested.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = contentRoot });
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }
        configure?.Invoke(builder);
        builder.AddCatalog();
        return builder.Build();
    }

    /// <summary>Keeps every error-level log line as its formatted text.</summary>
    private sealed class LogCollector : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _errors = new();

        public IReadOnlyCollection<string> Errors => _errors;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Error)
            {
                _errors.Enqueue(formatter(state, exception));
            }
        }

        public void Dispose()
        {
        }
    }
}
