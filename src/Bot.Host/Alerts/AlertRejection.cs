using Microsoft.AspNetCore.Http.HttpResults;

namespace Bot.Host.Alerts;

/// <summary>A refused webhook: logged at Warning with the source, reason and JSON path, and answered with problem details.</summary>
internal static class AlertRejection
{
    public static ProblemHttpResult Problem(
        ILogger logger, string source, int statusCode, string reason, string title, string detail, string? path = null)
    {
        if (path is null)
        {
            logger.LogWarning("Alert webhook from {AlertSource} rejected with {StatusCode}: {RejectionReason}", source, statusCode, reason);
        }
        else
        {
            logger.LogWarning("Alert webhook from {AlertSource} rejected with {StatusCode}: {RejectionReason} at {JsonPath}", source, statusCode, reason, path);
        }
        return TypedResults.Problem(
            statusCode: statusCode,
            title: title,
            detail: detail,
            extensions: path is null ? null : new Dictionary<string, object?> { ["path"] = path });
    }
}
