using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests.Infrastructure;

/// <summary>
/// The real host in memory: the repository's <c>appsettings.json</c> and content root, with the database in a
/// temporary SQLite file, the example catalog (or a temporary copy of it, free to edit), a known admin token
/// and a known token for each alert source. Everything temporary is deleted on dispose.
/// </summary>
public sealed class BotApplicationFactory : WebApplicationFactory<Program>
{
    public const string AdminToken = "test-admin-token-0f9e8d7c6b5a";

    /// <summary>The configured <c>AlertSources:&lt;name&gt;:Token</c> of each source; a test turns one off with the setting "".</summary>
    public static IReadOnlyDictionary<string, string> AlertSourceTokens { get; } = new Dictionary<string, string>
    {
        ["alertmanager"] = "test-alertmanager-token-5d4c3b2a19",
        ["grafana"] = "test-grafana-token-7e6d5c4b3a2918",
        ["generic"] = "test-generic-token-0a1b2c3d4e5f67",
    };

    private readonly TempDirectory _temp = new();
    private readonly string? _adminToken;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="copyExampleCatalog">Serve a temporary copy of the example catalog, which the test may edit.</param>
    /// <param name="adminToken">The configured <c>Admin:Token</c>; null leaves it unset.</param>
    /// <param name="configureServices">Replaces or adds services after the host's own registrations.</param>
    /// <param name="settings">Further configuration, as <c>Section:Key</c> pairs.</param>
    public BotApplicationFactory(
        bool copyExampleCatalog = false,
        string? adminToken = AdminToken,
        Action<IServiceCollection>? configureServices = null,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        CatalogPath = copyExampleCatalog ? _temp.CopyFolder(RepositoryPaths.ExampleCatalog, "catalog") : RepositoryPaths.ExampleCatalog;
        _adminToken = adminToken;
        _configureServices = configureServices;
        _settings = settings ?? new Dictionary<string, string>();
    }

    public string CatalogPath { get; }

    /// <summary>The SQLite file, alone in its folder so a test can take the folder away.</summary>
    public string DatabasePath => Path.Combine(_temp.Path, "db", "bot.db");

    /// <summary>A client that sends <c>Authorization: Bearer &lt;AdminToken&gt;</c>.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", AdminToken);
        return client;
    }

    /// <summary>A client that sends <c>Authorization: Bearer &lt;the source's token&gt;</c>.</summary>
    public HttpClient CreateAlertSourceClient(string source)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", AlertSourceTokens[source]);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(RepositoryPaths.Root);
        builder.UseSetting("Catalog:Path", CatalogPath);
        builder.UseSetting("ConnectionStrings:Bot", $"Data Source={DatabasePath}");
        builder.UseSetting("Admin:Token", _adminToken ?? string.Empty);
        foreach (var (source, token) in AlertSourceTokens)
        {
            builder.UseSetting($"AlertSources:{source}:Token", token);
        }
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        // The host logs JSON to the console; in tests that is noise around the test runner's own output.
        builder.ConfigureLogging(logging => logging.ClearProviders());
        if (_configureServices is not null)
        {
            builder.ConfigureTestServices(_configureServices);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            _temp.Dispose();
        }
    }
}
