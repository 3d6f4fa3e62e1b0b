namespace Bot.Core.Incidents;

/// <summary>How alerts become incidents. Bound from the <c>Incidents</c> configuration section.</summary>
public sealed class IncidentOptions
{
    /// <summary>
    /// The parts of the dedup key, in order: <c>slo</c> (the SLO; else the service or team and the alert name),
    /// <c>environment</c>, <c>region</c>, <c>service</c>, <c>team</c>, <c>alertname</c>, or any other alert label name.
    /// </summary>
    public IList<string> DedupBy { get; } = ["slo", "environment", "region"];

    /// <summary>After an incident opens or re-notifies, repeats within this window only move the counter (book Table 9.10: 120 min).</summary>
    public TimeSpan Snooze { get; set; } = TimeSpan.FromMinutes(120);
}
