using Bot.Core.Alerts;
using Bot.Core.Incidents;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Bot.Host.Alerts;

/// <summary>
/// <c>POST /api/alerts/{source}</c>: token (filter) → body within the limit → Grafana's signature → parse → commit →
/// 200. Every refusal comes before the commit, so a refused webhook leaves nothing behind; the 200 comes after it,
/// so a source that sees 2xx knows the alerts are safe, and one that sees 5xx retries (a redelivery is idempotent).
/// The new incidents' escalations start in the background (<see cref="EscalationStarts"/>), not holding up the answer.
/// </summary>
internal static class AlertEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        var alerts = app.MapGroup("/api/alerts").WithTags("Alerts");
        alerts.AddEndpointFilter<AlertSourceTokenFilter>();
        alerts.MapPost("/{source}", ReceiveAsync);
        return app;
    }

    private static async Task<Results<Ok<AlertsAcceptedResponse>, ProblemHttpResult>> ReceiveAsync(
        string source,
        HttpRequest request,
        IOptions<AlertSourcesOptions> options,
        IAlertIngest ingest,
        EscalationStarts escalations,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(AlertEndpoints));
        var parser = AlertPayloadParsers.Find(source)!;
        source = parser.Source;
        var settings = options.Value;
        var receivedAt = time.GetUtcNow();

        using var body = await PooledBody.ReadAsync(request, settings.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return AlertRejection.Problem(
                logger, source, StatusCodes.Status413PayloadTooLarge, "body too large",
                title: "Alert payload too large",
                detail: $"The body is larger than AlertSources:MaxBodyBytes ({settings.MaxBodyBytes} bytes). Lower max_alerts at the source, or raise the limit.");
        }

        var sourceSettings = settings.For(source)!;
        if (sourceSettings.RequiresSignature && GrafanaSignature.Check(request, body.Memory.Span, sourceSettings) is { } mismatch)
        {
            return AlertRejection.Problem(
                logger, source, StatusCodes.Status401Unauthorized, "bad signature",
                title: "Alert signature required",
                detail: mismatch);
        }

        AlertBatch batch;
        try
        {
            batch = parser.Parse(body.Memory, receivedAt);
        }
        catch (PayloadException e)
        {
            return AlertRejection.Problem(
                logger, source, StatusCodes.Status400BadRequest, $"invalid payload: {e.Error.Message}",
                title: $"Invalid {source} payload",
                detail: $"{e.Error.Path}: {e.Error.Message}",
                path: e.Error.Path);
        }

        var result = await ingest.ExecuteAsync(batch, cancellationToken);
        // Committed: the new incidents' escalations start in the background (EscalationStarts).
        escalations.Enqueue(result.OpenedIncidents);
        logger.LogInformation(
            "Alert batch from {AlertSource} accepted: {Alerts} alerts, {Opened} opened, {Updated} updated, {Unrouted} unrouted, {Ignored} ignored, {TruncatedAlerts} truncated by the source",
            source, result.Alerts, result.Opened, result.Updated, result.Unrouted, result.Ignored, batch.TruncatedAlerts);
        if (batch.TruncatedAlerts > 0)
        {
            logger.LogWarning(
                "{AlertSource} dropped {TruncatedAlerts} alerts of group {GroupKey} to fit its max_alerts; they never reached the bot. Raise max_alerts in the webhook config.",
                source, batch.TruncatedAlerts, batch.GroupKey);
        }
        return TypedResults.Ok(AlertsAcceptedResponse.From(result));
    }
}
