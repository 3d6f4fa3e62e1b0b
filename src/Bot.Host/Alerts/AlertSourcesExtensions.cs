using Microsoft.Extensions.Options;

namespace Bot.Host.Alerts;

/// <summary>Alert webhooks: <c>POST /api/alerts/{source}</c>, each source authenticated by its own token.</summary>
internal static class AlertSourcesExtensions
{
    /// <summary>Binds and validates <c>AlertSources</c>; a short token or a misspelt source stops the host at start.</summary>
    public static IHostApplicationBuilder AddAlertSources(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AlertSourcesOptions>()
            .BindConfiguration(AlertSourcesOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AlertSourcesOptions>, AlertSourcesOptionsValidator>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder endpoints) => AlertEndpoints.Map(endpoints);
}
