namespace Bot.Core.Alerts;

/// <summary>
/// One alert as a source reported it, normalised to the Alertmanager shape every source here speaks:
/// identity by <see cref="Fingerprint"/>, one occurrence per (fingerprint, <see cref="StartsAt"/>).
/// </summary>
/// <param name="Source">The alert source's name (<c>alertmanager</c>, <c>grafana</c>, <c>generic</c>).</param>
/// <param name="EndsAt">When the alert resolved; null while it fires.</param>
/// <param name="MissingData">Grafana's DatasourceNoData/DatasourceError: the data is missing, the SLO is not known to be breached.</param>
/// <param name="GroupKey">The source's group key (Alertmanager <c>groupKey</c>), when it sends one.</param>
public sealed record IncomingAlert(
    string Source,
    string Fingerprint,
    AlertStatus Status,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    AlertLinks Links,
    bool MissingData,
    string? GroupKey)
{
    public string? Label(string name) => Labels.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public string? Annotation(string name) => Annotations.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    public string AlertName => Label("alertname") ?? "(unnamed alert)";
}

public enum AlertStatus
{
    Firing,
    Resolved,
}

/// <summary>Links a source attaches to an alert; each may be absent.</summary>
public sealed record AlertLinks(Uri? Generator, Uri? Dashboard, Uri? Panel, Uri? Silence, Uri? Runbook)
{
    public static AlertLinks None { get; } = new(null, null, null, null, null);
}
