namespace Bot.Core.Incidents;

/// <summary>How to organise the response (book Table 9.12); ordered, so the higher of two is <c>Max</c>.</summary>
public enum IncidentSeverity
{
    Warning = 1,
    Error = 2,
    Critical = 3,
}
