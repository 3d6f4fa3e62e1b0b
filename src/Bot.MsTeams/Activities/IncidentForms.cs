using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Core.Postmortems;
using Bot.MsTeams.Cards;
using Bot.MsTeams.Connector;
using Bot.MsTeams.Schema;
using Microsoft.Extensions.Logging;

namespace Bot.MsTeams.Activities;

/// <summary>
/// The card actions that carry inputs or open a form, clicked as <c>Action.Execute</c> (an invoke, <see cref="InvokeAsync"/>)
/// or through the <c>Action.Submit</c> fallback (a message, <see cref="SubmitAsync"/>):
/// <list type="bullet">
/// <item>the incident card's <c>Set</c> (<see cref="ClassifyForm"/>): <see cref="IncidentActions.ClassifyAsync"/> with the chosen priority and severity;</item>
/// <item>its <c>Start postmortem</c>: starts the incident's postmortem (or finds the one it has) and posts its form
/// (<see cref="PostmortemFormCard"/>) into the card's conversation, the incident's thread in a channel;</item>
/// <item>the form's <c>Save</c>: the sections whose text differs from the postmortem's, saved in one edit as the clicker.
/// A form older than the postmortem (someone saved in between) saves nothing and says so, so no one's edit is lost.
/// The form is then replaced, for everyone, by the postmortem as it now stands.</item>
/// </list>
/// </summary>
internal sealed class IncidentForms(
    IncidentActions incidents,
    IIncidentStore store,
    IPostmortemEditor postmortems,
    CatalogHolder catalog,
    BotConnectorClient connector,
    ILogger<IncidentForms> logger)
{
    public static bool Handles(string? verb) =>
        verb is ClassifyForm.Verb or PostmortemFormCard.SaveVerb || verb == MessageAction.StartPostmortem.Id;

    /// <summary>The verb of an <c>Action.Submit</c> fallback of one of these actions, or null.</summary>
    public static string? SubmittedVerb(Activity activity) =>
        activity.Value is { ValueKind: JsonValueKind.Object } value
            && value.TryGetProperty(CardActions.ActionKey, out var action) && action.ValueKind == JsonValueKind.String
            && Handles(action.GetString())
                ? action.GetString()
                : null;

    /// <summary>An <c>Action.Execute</c>: the card for the clicker (the incident's or the form's as it now stands), or a message.</summary>
    public async Task<ActivityAnswer> InvokeAsync(Activity activity, string verb, JsonElement data, CancellationToken cancellationToken)
    {
        var outcome = await RunAsync(activity, verb, data, cancellationToken);
        return outcome.Card is { } card && outcome.Reply.Succeeded && verb != MessageAction.StartPostmortem.Id
            ? ActivityAnswer.Invoke(new InvokeResponse(200, InvokeResponse.CardType, card))
            : ActivityAnswer.Invoke(new InvokeResponse(200, InvokeResponse.MessageType, JsonValue.Create(outcome.Reply.Text)));
    }

    /// <summary>An <c>Action.Submit</c>: the outcome, answered in the conversation (a start's form is posted there too).</summary>
    public async Task<CommandReply> SubmitAsync(Activity activity, string verb, JsonElement value, CancellationToken cancellationToken) =>
        (await RunAsync(activity, verb, value, cancellationToken)).Reply;

    private async Task<(CommandReply Reply, JsonObject? Card)> RunAsync(Activity activity, string verb, JsonElement data, CancellationToken cancellationToken)
    {
        var context = ActivityHandler.ContextOf(activity, catalog.Current);
        (CommandReply Reply, JsonObject? Card) outcome = verb switch
        {
            ClassifyForm.Verb => await ClassifyAsync(data, context, cancellationToken),
            PostmortemFormCard.SaveVerb => await SaveAsync(activity, data, context, cancellationToken),
            _ => await StartPostmortemAsync(activity, data, context, cancellationToken),
        };
        logger.LogInformation("Teams card action {Verb} by {User}: {Reply}", verb, context.By.Id, outcome.Reply.Text);
        return outcome;
    }

    private async Task<(CommandReply, JsonObject?)> ClassifyAsync(JsonElement data, CommandContext context, CancellationToken cancellationToken)
    {
        if (CommandMessages.IncidentIdOf(data) is not { } incidentId)
        {
            return (new CommandReply(false, $"The 'Set' action's data names no incident (data.{CardActions.IncidentIdKey})."), null);
        }
        var priorityText = StringOf(data, ClassifyForm.PriorityInput);
        var severityText = StringOf(data, ClassifyForm.SeverityInput);
        var priority = ClassifyForm.PriorityOf(priorityText);
        var severity = ClassifyForm.SeverityOf(severityText);
        if (!string.IsNullOrWhiteSpace(priorityText) && priority is null)
        {
            return (new CommandReply(false, $"'{priorityText}' is not a priority; choose one of P1…P5."), null);
        }
        if (!string.IsNullOrWhiteSpace(severityText) && severity is null)
        {
            return (new CommandReply(false, $"'{severityText}' is not a severity; choose critical, error or warning."), null);
        }
        if (priority is null && severity is null)
        {
            return (new CommandReply(false, "Choose a priority or a severity, then Set."), null);
        }
        var reply = CommandReply.Of(await incidents.ClassifyAsync(new IncidentActionRequest(incidentId, context.By, context.ChannelTeamId), priority, severity, null, cancellationToken));
        return (reply, reply.Succeeded ? await IncidentCardAsync(incidentId, cancellationToken) : null);
    }

    private async Task<(CommandReply, JsonObject?)> StartPostmortemAsync(Activity activity, JsonElement data, CommandContext context, CancellationToken cancellationToken)
    {
        if (CommandMessages.IncidentIdOf(data) is not { } incidentId)
        {
            return (new CommandReply(false, $"The 'Start postmortem' action's data names no incident (data.{CardActions.IncidentIdKey})."), null);
        }
        var started = await postmortems.StartAsync(incidentId, context, cancellationToken);
        if (started is not { Succeeded: true, Postmortem: { } postmortem })
        {
            return (started.ToReply(), null);
        }
        var form = PostmortemFormCard.Render(postmortem, started.Message);
        return await PostAsync(activity, form, cancellationToken)
            ? (new CommandReply(true, $"{started.Message}\nEdit it in the form posted in this conversation."), form)
            : (new CommandReply(true, $"{started.Message}\nThe form to edit it could not be posted here; edit it through the postmortem API."), null);
    }

    private async Task<(CommandReply, JsonObject?)> SaveAsync(Activity activity, JsonElement data, CommandContext context, CancellationToken cancellationToken)
    {
        if (LongOf(data, PostmortemFormCard.PostmortemIdKey) is not { } postmortemId || LongOf(data, PostmortemFormCard.VersionKey) is not { } version)
        {
            return (new CommandReply(false, $"The 'Save' action's data names no postmortem (data.{PostmortemFormCard.PostmortemIdKey}, data.{PostmortemFormCard.VersionKey})."), null);
        }
        var reference = PostmortemReference.Of(postmortemId);
        if (await postmortems.FindAsync(postmortemId, cancellationToken) is not { } postmortem)
        {
            return (new CommandReply(false, $"{reference} no longer exists."), null);
        }
        var typed = data.EnumerateObject()
            .Where(p => p.Name.StartsWith(PostmortemFormCard.InputPrefix, StringComparison.Ordinal) && p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Null)
            .Select(p => (Key: p.Name[PostmortemFormCard.InputPrefix.Length..], Text: p.Value.GetString() ?? ""))
            .ToList();
        var sections = postmortem.Sections.ToDictionary(s => s.Key, StringComparer.Ordinal);
        if (typed.FirstOrDefault(t => !sections.ContainsKey(t.Key)) is { Key: not null } unknown)
        {
            return (new CommandReply(false, $"{reference} has no section '{unknown.Key}' any more; nothing was saved."), null);
        }
        var changed = typed.Where(t => !SameText(sections[t.Key].Body, t.Text)).ToDictionary(t => t.Key, t => t.Text, StringComparer.Ordinal);
        if (changed.Count == 0)
        {
            return (new CommandReply(true, $"Nothing to save: no section of {reference} was changed."), null);
        }
        if (postmortem.Version != version)
        {
            return (new CommandReply(false,
                $"{reference} was changed by someone else since this form was sent (version {version.ToString(CultureInfo.InvariantCulture)} → {postmortem.Version.ToString(CultureInfo.InvariantCulture)}); nothing was saved. Copy your text, then start the postmortem again from the incident for the current form."), null);
        }
        var result = await postmortems.EditSectionsAsync(postmortemId, changed, context.By, cancellationToken);
        if (!result.Succeeded)
        {
            return (result.ToReply(), null);
        }
        var saved = result.Postmortem ?? await postmortems.FindAsync(postmortemId, cancellationToken);
        var form = saved is null ? null : PostmortemFormCard.Render(saved, $"Saved by {context.By.Name}: {result.Message}");
        if (form is not null && activity.ReplyToId is { } formId)
        {
            await UpdateAsync(activity, formId, form, cancellationToken);
        }
        return (result.ToReply(), form);
    }

    private async Task<JsonObject?> IncidentCardAsync(long incidentId, CancellationToken cancellationToken) =>
        await store.FindAsync(incidentId, cancellationToken) is { } details
            ? IncidentCard.Render(IncidentMessage.For(details.Incident, catalog.Current), catalog.Current.Priorities)
            : null;

    /// <summary>Posts <paramref name="card"/> into the clicked card's conversation (its thread, in a channel); false when Teams refused.</summary>
    private async Task<bool> PostAsync(Activity activity, JsonObject card, CancellationToken cancellationToken)
    {
        if (activity.Conversation?.Id is not { } conversationId || !Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl))
        {
            return false;
        }
        try
        {
            await connector.SendToConversationAsync(serviceUrl, conversationId, new Activity
            {
                Type = ActivityTypes.Message,
                From = activity.Recipient,
                Conversation = new ConversationAccount(conversationId),
                Attachments = [AdaptiveCardAttachment.For(card)],
            }, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Teams: a postmortem form could not be posted to {Conversation}", conversationId);
            return false;
        }
    }

    /// <summary>Replaces the form <paramref name="formId"/> for everyone; the clicker sees the new one either way (the invoke's answer).</summary>
    private async Task UpdateAsync(Activity activity, string formId, JsonObject card, CancellationToken cancellationToken)
    {
        if (activity.Conversation?.Id is not { } conversationId || !Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl))
        {
            return;
        }
        try
        {
            await connector.UpdateActivityAsync(serviceUrl, conversationId, formId, new Activity
            {
                Type = ActivityTypes.Message,
                Id = formId,
                From = activity.Recipient,
                Conversation = new ConversationAccount(conversationId),
                Attachments = [AdaptiveCardAttachment.For(card)],
            }, cancellationToken);
        }
        catch (Exception e) when (e is ConnectorException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Teams: the postmortem form {FormId} could not be updated in {Conversation}", formId, conversationId);
        }
    }

    private static string? StringOf(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long? LongOf(JsonElement data, string name) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.Number when value.TryGetInt64(out var number) => number,
                JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => null,
            }
            : null;

    /// <summary>Teams hands back line breaks as <c>\n</c> (or <c>\r\n</c>); a body saved either way is the same text.</summary>
    private static bool SameText(string body, string typed) =>
        string.Equals(body.ReplaceLineEndings("\n"), typed.ReplaceLineEndings("\n"), StringComparison.Ordinal);
}
