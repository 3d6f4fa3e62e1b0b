using Bot.Slack.Commands;
using Bot.Slack.Events;
using Bot.Slack.Interactions;
using Bot.Slack.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Bot.Slack;

/// <summary>
/// What Slack posts to: every endpoint sits behind <see cref="SlackRequestFilter"/> and answers well inside Slack's
/// 3 seconds; anything slower runs on <see cref="SlackBackgroundWork"/>. Handlers take no body parameters, so ASP.NET
/// never reads the body before the signature check.
/// </summary>
internal static class SlackEndpoints
{
    public static void Map(RouteGroupBuilder slack)
    {
        slack.AddEndpointFilter<SlackRequestFilter>();
        slack.MapPost("/commands", RunCommand);
        slack.MapPost("/interactions", RunInteraction);
        slack.MapPost("/events", ReceiveEvent);
    }

    /// <summary>A slash command: the reply as JSON (<c>response_type</c>, <c>text</c>, <c>blocks</c>).</summary>
    private static async Task<Results<JsonHttpResult<SlackResponse>, ProblemHttpResult>> RunCommand(
        HttpContext http, SlashCommands commands, CancellationToken cancellationToken)
    {
        if (SlashCommand.From(SlackRequestBody.Of(http)) is not { } command)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a slash command",
                detail: "A slash command carries the form fields command, user_id and channel_id.");
        }
        return TypedResults.Json(await commands.HandleAsync(command, cancellationToken), SlackJson.Options);
    }

    /// <summary>
    /// A button click or menu choice: 200 with an empty body at once; the work and the clicker's ephemeral answer follow.
    /// A modal's submit (<c>view_submission</c>) is answered when its edit is saved: 200 with an empty body closes the
    /// modal, a <c>response_action: errors</c> body keeps it open with the problems under their fields.
    /// </summary>
    private static async Task<Results<Ok, JsonHttpResult<ViewSubmissionAnswer>, ProblemHttpResult>> RunInteraction(
        HttpContext http, BlockActions actions, PostmortemSubmissions submissions, SlackBackgroundWork background, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var logger = loggers.CreateLogger(typeof(SlackEndpoints));
        var payload = BlockActionsPayload.From(SlackRequestBody.Of(http));
        if (payload is { Type: BlockActionsPayload.ViewSubmission, User.Id: not null, View: { } view } && PostmortemSubmissions.Handles(view))
        {
            return await submissions.HandleAsync(payload.User, view, cancellationToken) is { } refusal
                ? TypedResults.Json(refusal, SlackJson.Options)
                : TypedResults.Ok();
        }
        if (payload is not { Type: BlockActionsPayload.BlockActions, User.Id: not null })
        {
            logger.LogInformation("Slack interaction of type {Type} ({CallbackId}) ignored", payload?.Type ?? "(unreadable)", payload?.View?.CallbackId);
            return TypedResults.Ok();
        }
        foreach (var action in payload.Actions ?? [])
        {
            if (action.ActionId is null || !actions.Handles(action.ActionId))
            {
                logger.LogWarning("Slack action {ActionId} has no handler; ignored", action.ActionId);
                continue;
            }
            if (!background.TryEnqueue($"Slack action {action.ActionId} ({action.Value ?? action.SelectedOption?.Value}) by {payload.User.Id}", stopping => actions.RunAsync(payload, action, stopping)))
            {
                return Busy();
            }
        }
        return TypedResults.Ok();
    }

    /// <summary>
    /// The Events API: <c>url_verification</c> answers the challenge; an <c>app_mention</c> is queued and acknowledged
    /// with 200 (a full queue answers 503 so Slack retries; the <c>event_id</c> claim makes any retry harmless).
    /// </summary>
    private static Results<Ok, JsonHttpResult<UrlVerificationAnswer>, ProblemHttpResult> ReceiveEvent(
        HttpContext http, AppMentions mentions, SlackBackgroundWork background, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(SlackEndpoints));
        var envelope = EventEnvelope.From(SlackRequestBody.Of(http).Bytes.Span);
        switch (envelope)
        {
            case null:
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not an Events API request", detail: "The body is not a JSON event envelope.");
            case { Type: EventEnvelope.UrlVerification, Challenge: { } challenge }:
                return TypedResults.Json(new UrlVerificationAnswer(challenge), SlackJson.Options);
            case { Type: EventEnvelope.EventCallback, EventId: not null, Event: { Type: SlackEvent.AppMention, User: not null, Channel: not null } mention }:
                if (AppMentions.IsFromABot(envelope, mention))
                {
                    return TypedResults.Ok();
                }
                return background.TryEnqueue($"Slack event {envelope.EventId} (retry {http.Request.Headers["X-Slack-Retry-Num"]})", stopping => mentions.HandleAsync(envelope, mention, stopping))
                    ? TypedResults.Ok()
                    : Busy();
            case { Type: EventEnvelope.AppRateLimited }:
                logger.LogWarning("Slack is rate limiting event deliveries to this app (app_rate_limited)");
                return TypedResults.Ok();
            default:
                logger.LogInformation("Slack event {Type}/{EventType} ignored", envelope.Type, envelope.Event?.Type);
                return TypedResults.Ok();
        }
    }

    private static ProblemHttpResult Busy() => TypedResults.Problem(
        statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy", detail: "SLO Bot's Slack queue is full; try again shortly.");
}

/// <summary>The answer to <c>url_verification</c>.</summary>
/// <remarks>See <see href="https://docs.slack.dev/reference/events/url_verification">url_verification</see>.</remarks>
internal sealed record UrlVerificationAnswer(string Challenge);
