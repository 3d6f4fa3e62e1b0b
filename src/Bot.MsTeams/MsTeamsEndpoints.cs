using System.Text.Json;
using Bot.MsTeams.Activities;
using Bot.MsTeams.Auth;
using Bot.MsTeams.Schema;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Bot.MsTeams;

/// <summary>
/// <c>POST /api/messages</c>, where Bot Framework delivers Teams activities. Nothing is processed before the request's
/// token is validated (<see cref="BotFrameworkAuthenticator"/>): a missing or invalid token is 401 (403 for a key not
/// endorsed for Teams), an unreadable activity 400. Non-invoke activities are answered 200 with an empty body, invokes
/// with their <see cref="InvokeResponse"/>, as botbuilder's <c>CloudAdapter</c> does (protocols.md B1).
/// </summary>
internal static class MsTeamsEndpoints
{
    /// <summary>Activities are a few kilobytes; a megabyte is far beyond any of them.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/api/messages", ReceiveAsync).WithTags("Microsoft Teams");

    private static async Task<IResult> ReceiveAsync(
        HttpContext http, BotFrameworkAuthenticator authenticator, ActivityHandler handler, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(MsTeamsEndpoints));
        var request = http.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(authorization))
        {
            logger.LogInformation("Bot Framework request refused with {StatusCode}: {Reason}", 401, "no Authorization header");
            return Unauthorized(401, "The request carries no Authorization header; Bot Framework sends 'Authorization: Bearer <token>'.");
        }
        if (request.ContentLength > MaxBodyBytes)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large", detail: $"Activities are at most {MaxBodyBytes} bytes.");
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        Activity? activity;
        try
        {
            activity = await JsonSerializer.DeserializeAsync<Activity>(request.Body, MsTeamsJson.Options, cancellationToken);
        }
        catch (JsonException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an activity",
                detail: $"The body is not a Bot Framework activity: {e.Message}");
        }
        if (string.IsNullOrEmpty(activity?.Type))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an activity", detail: "The activity has no 'type'.");
        }

        var outcome = await authenticator.AuthenticateAsync(authorization, activity, cancellationToken);
        if (!outcome.Succeeded)
        {
            return Unauthorized(outcome.StatusCode, outcome.Reason);
        }

        var answer = await handler.HandleAsync(activity, cancellationToken);
        return answer.Body is null
            ? TypedResults.StatusCode(answer.StatusCode)
            : TypedResults.Json(answer.Body, MsTeamsJson.Options, statusCode: answer.StatusCode);
    }

    private static ProblemHttpResult Unauthorized(int status, string reason) =>
        TypedResults.Problem(statusCode: status, title: status == StatusCodes.Status403Forbidden ? "Forbidden" : "Not a valid Bot Framework request", detail: reason);
}
