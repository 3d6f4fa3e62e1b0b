namespace Bot.Host.Alerts;

/// <summary>Alert webhooks: <c>POST /api/alerts/{source}</c>, each source authenticated by its own token.</summary>
internal static class AlertSourcesExtensions
{
    public static IHostApplicationBuilder AddAlertSources(this IHostApplicationBuilder builder) => builder;

    public static IEndpointRouteBuilder MapAlertEndpoints(this IEndpointRouteBuilder endpoints) => endpoints;
}
