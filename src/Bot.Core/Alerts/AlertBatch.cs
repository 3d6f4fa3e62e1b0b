namespace Bot.Core.Alerts;

/// <summary>What one webhook delivery carried, parsed and validated.</summary>
/// <param name="TruncatedAlerts">How many alerts the source left out (Alertmanager's <c>max_alerts</c>).</param>
public sealed record AlertBatch(string Source, IReadOnlyList<IncomingAlert> Alerts, int TruncatedAlerts, string? GroupKey);

/// <summary>Why a payload was rejected: the JSON path of the offending value and what is wrong with it.</summary>
public sealed record PayloadError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Raised by a parser for a payload that is not what the source's format says; nothing of it is stored.</summary>
public sealed class PayloadException(PayloadError error) : Exception(error.ToString())
{
    public PayloadError Error { get; } = error;
}
