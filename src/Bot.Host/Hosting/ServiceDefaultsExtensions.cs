using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bot.Core.Catalog;
using Bot.Core.Routing;
using Bot.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging.Console;

namespace Bot.Host.Hosting;

/// <summary>
/// What every endpoint relies on, whatever module it belongs to: JSON conventions, RFC 7807 errors, health
/// checks and a start-up summary in the logs (the shape of eShop's ServiceDefaults).
/// </summary>
internal static class ServiceDefaultsExtensions
{
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        // camelCase comes with the web defaults; enums read as words, and absent values are left out.
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });

        // JSON console logs (Logging:Console:FormatterName) go to a terminal or a collector, never into HTML:
        // keep quotes and names like "Ana Kovač" as they are instead of \u0027 and \u010D.
        builder.Services.Configure<JsonConsoleFormatterOptions>(options =>
            options.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

        // Every error leaves as application/problem+json: exceptions, empty 4xx/5xx and TypedResults.Problem.
        builder.Services.AddProblemDetails();

        builder.Services.AddHealthChecks()
            .AddCheck<CatalogHealthCheck>("catalog", tags: [HealthTags.Ready]);

        return builder;
    }

    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        // A request the framework could not bind (a query value of the wrong type, unreadable JSON) is the
        // caller's error: its own status (400, 413, …), not a 500.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
        });
        app.UseStatusCodePages();
        app.Lifetime.ApplicationStarted.Register(() => LogStartupSummary(app));
        return app;
    }

    private static void LogStartupSummary(WebApplication app)
    {
        var catalog = app.Services.GetRequiredService<CatalogHolder>();
        var source = app.Services.GetRequiredService<ICatalogSource>();
        var database = app.Services.GetRequiredService<BotDatabase>();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var current = catalog.IsLoaded ? catalog.Current : ServiceCatalog.Empty;
        app.Logger.LogInformation(
            "SLO Bot started in {ContentRoot}: database {DatabaseProvider} at {DataSource}, catalog {CatalogLocation} ({Teams} teams, {Services} services, {Slos} SLOs), chat on {ChatPlatforms}, listening on {Urls}",
            app.Environment.ContentRootPath,
            database.ProviderName,
            database.DataSourceDescription,
            source.Location,
            current.Teams.Count,
            current.Services.Count,
            current.Slos.Count,
            string.Join(", ", app.Services.GetRequiredService<DestinationResolver>().ActivePlatforms.Order()),
            string.Join(", ", addresses));
    }
}
