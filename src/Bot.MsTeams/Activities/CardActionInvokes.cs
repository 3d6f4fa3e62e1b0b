using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.MsTeams.Cards;
using Bot.MsTeams.Schema;
using Microsoft.Extensions.Logging;

namespace Bot.MsTeams.Activities;

/// <summary>
/// An <c>Action.Execute</c> click (an <c>adaptiveCard/action</c> invoke, protocols.md B4): the button's use case, then
/// the answer Teams shows the clicker at once — the incident card as it now is, or a message when the action was refused.
/// Everyone else's copy (this channel's, other channels', Slack's) is updated through the outbox the use case filled.
/// </summary>
internal sealed class CardActionInvokes(
    MessageActions cardActions,
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
            var card = IncidentCard.Render(IncidentMessage.For(details.Incident, catalog.Current));
            return ActivityAnswer.Invoke(new InvokeResponse(200, InvokeResponse.CardType, card));
        }
        return ActivityAnswer.Invoke(new InvokeResponse(200, InvokeResponse.MessageType, JsonValue.Create(reply.Text)));
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

    private static ActivityAnswer Error(int status, string code, string message) =>
        ActivityAnswer.Invoke(new InvokeResponse(status, InvokeResponse.ErrorType, new JsonObject { ["code"] = code, ["message"] = message }));
}
