using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Notices;
using Bot.Core.Notifications;
using Bot.MsTeams.Cards;
using Bot.MsTeams.Schema;
using Microsoft.Extensions.Logging;

namespace Bot.MsTeams.Activities;

/// <summary>
/// An <c>Action.Execute</c> click (an <c>adaptiveCard/action</c> invoke, protocols.md B4): the button's use case, then
/// the answer Teams shows the clicker at once — the incident's or notice's card as it now is, or a message when the
/// action was refused. Everyone else's copy (this channel's, other channels', direct messages, Slack's) is updated
/// through the outbox the use case filled. Actions that carry inputs or open a form go to <see cref="IncidentForms"/>.
/// </summary>
internal sealed class CardActionInvokes(
    MessageActions cardActions,
    NoticeActions noticeActions,
    IncidentForms forms,
    IIncidentStore incidents,
    CatalogHolder catalog,
    ILogger<CardActionInvokes> logger)
{
    public const string AdaptiveCardAction = "adaptiveCard/action";

    public async Task<ActivityAnswer> HandleAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Name != AdaptiveCardAction)
        {
            logger.LogInformation("Teams invoke {Name} has no handler; answered 501", activity.Name);
            return ActivityAnswer.NotImplemented;
        }
        if (ExecuteActionOf(activity) is not { } action)
        {
            return Error(400, "BadRequest", "An adaptiveCard/action invoke carries value.action of type Action.Execute with a verb.");
        }
        if (IncidentForms.Handles(action.Verb))
        {
            return await forms.InvokeAsync(activity, action.Verb, action.Data, cancellationToken);
        }
        if (noticeActions.Handles(action.Verb))
        {
            return await NoticeActionAsync(activity, action.Verb, action.Data, cancellationToken);
        }
        if (!MessageActions.Handles(action.Verb))
        {
            return Error(400, "NotSupported", $"SLO Bot has no card action '{action.Verb}'.");
        }
        if (CommandMessages.IncidentIdOf(action.Data) is not { } incidentId)
        {
            return Error(400, "BadRequest", $"The '{action.Verb}' action's data names no incident (data.{CardActions.IncidentIdKey}).");
        }

        var context = ActivityHandler.ContextOf(activity, catalog.Current);
        var reply = await cardActions.RunAsync(action.Verb, incidentId, context, cancellationToken);
        logger.LogInformation("Teams card action {Verb} on incident #{IncidentId} by {User}: {Reply}", action.Verb, incidentId, context.By.Id, reply.Text);
        if (reply.Succeeded && await incidents.FindAsync(incidentId, cancellationToken) is { } details)
        {
            var card = IncidentCard.Render(IncidentMessage.For(details.Incident, catalog.Current), catalog.Current.Priorities);
            return ActivityAnswer.Invoke(new InvokeResponse(200, InvokeResponse.CardType, card));
        }
        return Message(reply.Text);
    }

    /// <summary>A notice's button (accept the handoff, take the cover): the refreshed card when it worked, else why not.</summary>
    private async Task<ActivityAnswer> NoticeActionAsync(Activity activity, string verb, JsonElement data, CancellationToken cancellationToken)
    {
        if (CommandMessages.NoticeIdOf(data) is not { } noticeId)
        {
            return Error(400, "BadRequest", $"The '{verb}' action's data names no notice (data.{CardActions.NoticeIdKey}).");
        }
        var context = ActivityHandler.ContextOf(activity, catalog.Current);
        var result = await noticeActions.RunAsync(verb, noticeId, context, cancellationToken);
        logger.LogInformation("Teams card action {Verb} on notice {NoticeId} by {User}: {Reply}", verb, noticeId, context.By.Id, result.Reply.Text);
        return result is { Reply.Succeeded: true, Message: { } message }
            ? ActivityAnswer.Invoke(new InvokeResponse(200, InvokeResponse.CardType, NoticeCard.Render(message)))
            : Message(result.Reply.Text);
    }

    private static (string Verb, JsonElement Data)? ExecuteActionOf(Activity activity)
    {
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object
            || !action.TryGetProperty("type", out var type) || type.GetString() != "Action.Execute"
            || !action.TryGetProperty("verb", out var verb) || verb.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        return (verb.GetString()!, action.TryGetProperty("data", out var data) ? data : default);
    }

    private static ActivityAnswer Message(string text) =>
        ActivityAnswer.Invoke(new InvokeResponse(200, InvokeResponse.MessageType, JsonValue.Create(text)));

    private static ActivityAnswer Error(int status, string code, string message) =>
        ActivityAnswer.Invoke(new InvokeResponse(status, InvokeResponse.ErrorType, new JsonObject { ["code"] = code, ["message"] = message }));
}
