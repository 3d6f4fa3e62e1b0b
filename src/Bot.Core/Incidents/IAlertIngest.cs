using Bot.Core.Alerts;

namespace Bot.Core.Incidents;

/// <summary>
/// Takes in one delivery of alerts and returns once they are committed (so the source may be told 2xx).
/// <see cref="IngestAlerts"/> does it in one transaction per call.
/// </summary>
public interface IAlertIngest
{
    Task<IngestResult> ExecuteAsync(AlertBatch batch, CancellationToken cancellationToken);
}
