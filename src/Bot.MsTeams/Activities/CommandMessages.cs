using System.Globalization;
using System.Text.Json;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Notices;
using Bot.MsTeams.Cards;
using Bot.MsTeams.Connector;
using Bot.MsTeams.Schema;
using Microsoft.Extensions.Logging;

namespace Bot.MsTeams.Activities;

/// <summary>
/// A message to the bot: "@SLO Bot ack #42" in a channel (Teams delivers only messages that mention the bot there),
/// "status" in a personal chat, or the <c>Action.Submit</c> fallback of a card button (a message whose <c>value</c>
/// names the action and the incident or notice; those that carry inputs or open a form go to <see cref="IncidentForms"/>). The command runs through the shared grammar as the sender, in the
/// channel's team, and the answer is a card posted into the same conversation (the thread of a channel message), while
/// Bot Framework waits: the SLO status as <see cref="StatusCard"/>, any other reply as <see cref="ReplyCard"/>.
/// </summary>
internal sealed class CommandMessages(
    CommandHandler commands,
    MessageActions cardActions,
    NoticeActions noticeActions,
    IncidentForms forms,
    CatalogHolder catalog,
    BotConnectorClient connector,
    ILogger<CommandMessages> logger)
{
    public async Task HandleAsync(Activity activity, CancellationToken cancellationToken)
    {
        var context = ActivityHandler.ContextOf(activity, catalog.Current);
        CommandReply reply;
        string what;
        try
        {
            if (IncidentForms.SubmittedVerb(activity) is { } formVerb)
            {
                what = $"card form {formVerb}";
                reply = await forms.SubmitAsync(activity, formVerb, activity.Value!.Value, cancellationToken);
            }
            else if (SubmittedAction(activity) is { } submitted)
            {
                what = $"card action {submitted.Verb} on incident #{submitted.IncidentId}";
                reply = await cardActions.RunAsync(submitted.Verb, submitted.IncidentId, context, cancellationToken);
            }
            else if (SubmittedNoticeAction(activity) is { } notice)
            {
                what = $"card action {notice.Verb} on notice {notice.NoticeId?.ToString(CultureInfo.InvariantCulture) ?? "(none)"}";
                reply = notice.NoticeId is { } noticeId
                    ? (await noticeActions.RunAsync(notice.Verb, noticeId, context, cancellationToken)).Reply
                    : new CommandReply(false, $"The '{notice.Verb}' button's data names no notice ({CardActions.NoticeIdKey}).");
            }
            else
            {
                var text = MentionText.CommandOf(activity);
                what = $"command '{text}'";
                reply = await commands.HandleAsync(text, context, cancellationToken);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Teams message {ActivityId} from {User} failed", activity.Id, activity.From?.Id);
            what = "a command that failed";
            reply = new CommandReply(false, "Something went wrong running that command; it has been logged. Try again in a moment.");
        }
        logger.LogInformation("Teams {What} by {User} in {Conversation}: {Succeeded}", what, context.By.Id, ConversationOf.BaseId(activity), reply.Succeeded);
        await AnswerAsync(activity, reply, cancellationToken);
    }

    private async Task AnswerAsync(Activity activity, CommandReply reply, CancellationToken cancellationToken)
    {
        if (activity.Conversation?.Id is not { } conversationId || !Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl))
        {
            logger.LogWarning("Teams message {ActivityId} names no conversation or service URL; the answer cannot be sent", activity.Id);
            return;
        }
        var answer = new Activity
        {
            Type = ActivityTypes.Message,
            From = activity.Recipient,
            Recipient = activity.From,
            Conversation = new ConversationAccount(conversationId),
            ReplyToId = activity.Id,
            Attachments = [AdaptiveCardAttachment.For(ReplyCard.Render(reply))],
        };
        try
        {
            await connector.SendToConversationAsync(serviceUrl, conversationId, answer, cancellationToken);
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // The command's effect is committed and shows on the incident's card; only this answer is lost.
            logger.LogWarning(e, "Teams: the answer to message {ActivityId} could not be sent to {Conversation}", activity.Id, conversationId);
        }
    }

    /// <summary>The <c>{"action": verb, "incidentId": 42}</c> an <c>Action.Submit</c> fallback puts in <c>value</c>, if any.</summary>
    internal static (string Verb, long IncidentId)? SubmittedAction(Activity activity)
    {
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty(CardActions.ActionKey, out var action) || action.ValueKind != JsonValueKind.String
            || !MessageActions.Handles(action.GetString()))
        {
            return null;
        }
        return IncidentIdOf(value) is { } id ? (action.GetString()!, id) : null;
    }

    /// <summary>
    /// The <c>{"action": verb, "noticeId": 7}</c> a notice button's <c>Action.Submit</c> fallback puts in <c>value</c>, if
    /// the verb is a notice's; its id is null when the data names no notice.
    /// </summary>
    private (string Verb, long? NoticeId)? SubmittedNoticeAction(Activity activity) =>
        activity.Value is { ValueKind: JsonValueKind.Object } value
            && value.TryGetProperty(CardActions.ActionKey, out var action) && action.ValueKind == JsonValueKind.String
            && noticeActions.Handles(action.GetString())
                ? (action.GetString()!, NoticeIdOf(value))
                : null;

    /// <summary>The notice id in a card action's data: a positive number, or its digits as text.</summary>
    internal static long? NoticeIdOf(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(CardActions.NoticeIdKey, out var id)
            ? id.ValueKind switch
            {
                JsonValueKind.Number when id.TryGetInt64(out var number) && number > 0 => number,
                JsonValueKind.String when long.TryParse(id.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 => parsed,
                _ => null,
            }
            : null;

    /// <summary>The incident id in a card action's data: a number, or its text.</summary>
    internal static long? IncidentIdOf(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(CardActions.IncidentIdKey, out var id)
            ? id.ValueKind switch
            {
                JsonValueKind.Number when id.TryGetInt64(out var number) && number > 0 => number,
                JsonValueKind.String when CommandGrammar.TryParseIncidentId(id.GetString() ?? "", out var parsed) => parsed,
                _ => null,
            }
            : null;
}
