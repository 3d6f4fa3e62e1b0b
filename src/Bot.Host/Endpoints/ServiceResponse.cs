using Bot.Core.Catalog;

namespace Bot.Host.Endpoints;

/// <summary>A service and its SLOs as <c>GET /api/catalog/services</c> shows them.</summary>
/// <param name="Team">The owning team's id.</param>
internal sealed record ServiceResponse(
    string Id,
    string Name,
    string Team,
    string? Description,
    IReadOnlyList<string> Environments,
    IReadOnlyList<string> Regions,
    Uri? Runbook,
    Uri? Dashboard,
    IReadOnlyList<SloResponse> Slos)
{
    public static ServiceResponse From(Service service, ServiceCatalog catalog) => new(
        service.Id,
        service.Name,
        service.TeamId,
        service.Description,
        service.Environments,
        service.Regions,
        service.RunbookUrl,
        service.DashboardUrl,
        [.. catalog.SlosOf(service.Id).Select(SloResponse.From)]);
}

/// <param name="Target">The share of good events, e.g. <c>0.999</c>.</param>
/// <param name="ErrorBudget">1 − target.</param>
/// <param name="Priority">"P1" … "P5", absent when the SLO has none.</param>
/// <param name="Matchers">Prometheus-style label matchers, e.g. <c>service="checkout"</c>.</param>
/// <param name="IsDefault">Generated because the service declares no SLO of its own.</param>
internal sealed record SloResponse(
    string Id,
    string Name,
    SliKind Sli,
    double Target,
    double ErrorBudget,
    SloWindowResponse Window,
    double? LatencyThresholdMs,
    string? Priority,
    string? Description,
    IReadOnlyList<string> Matchers,
    bool IsDefault)
{
    public static SloResponse From(Slo slo) => new(
        slo.Id,
        slo.Name,
        slo.Sli,
        slo.Target,
        Math.Round(slo.ErrorBudget, 10),
        new SloWindowResponse(slo.Window.Kind, slo.Window.Days, slo.Window.ToString()),
        slo.LatencyThreshold?.TotalMilliseconds,
        slo.Priority is { } level ? $"P{level}" : null,
        slo.Description,
        [.. slo.Matchers.Select(matcher => matcher.ToString())],
        slo.IsDefault);
}

/// <param name="Text">For people, e.g. "28d rolling".</param>
internal sealed record SloWindowResponse(SloWindowKind Kind, int Days, string Text);
