using Bot.Core.Incidents;

namespace Bot.Host.Alerts;

/// <summary>What <c>POST /api/alerts/{source}</c> did with the alerts, once they are committed.</summary>
/// <param name="Accepted">Alerts in the body.</param>
/// <param name="Opened">Incidents opened.</param>
/// <param name="Updated">Existing incidents changed (a new occurrence, a resolution).</param>
/// <param name="Unrouted">Opened incidents no team owns; they went to the fallback destinations.</param>
/// <param name="Ignored">Resolutions of alerts that never fired here.</param>
internal sealed record AlertsAcceptedResponse(int Accepted, int Opened, int Updated, int Unrouted, int Ignored)
{
    public static AlertsAcceptedResponse From(IngestResult result) =>
        new(result.Alerts, result.Opened, result.Updated, result.Unrouted, result.Ignored);
}
