using Bot.Core.Alerts;

namespace Bot.Core.Incidents;

/// <summary>One alert occurrence (fingerprint + start) that joined an incident, and whether it still fires.</summary>
public sealed record IncidentAlert(string Fingerprint, DateTimeOffset StartsAt, IncidentSeverity Severity, AlertStatus Status, DateTimeOffset? EndsAt);
