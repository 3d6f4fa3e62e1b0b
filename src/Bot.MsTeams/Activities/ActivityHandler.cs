using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Storage;
using Bot.MsTeams.Schema;
using Microsoft.Extensions.Logging;

namespace Bot.MsTeams.Activities;

/// <summary>
/// One handler per activity type, as botbuilder's <c>ActivityHandler</c>: every authenticated activity first refreshes
/// its conversation's reference (Teams may move a tenant to another service URL), then a message runs a command, a
/// conversation or installation update records where the bot was added or removed, and an <c>adaptiveCard/action</c>
/// invoke runs a card button. Other types are accepted and ignored.
/// </summary>
internal sealed class ActivityHandler(
    CommandMessages messages,
    CardActionInvokes invokes,
    IMsTeamsConversationStore conversations,
    TimeProvider time,
    ILogger<ActivityHandler> logger)
{
    public async Task<ActivityAnswer> HandleAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (IsRemoval(activity))
        {
            if (ConversationOf.BaseId(activity) is { } removedFrom)
            {
                await conversations.RemoveAsync(removedFrom, time.GetUtcNow(), cancellationToken);
                logger.LogInformation("Teams: the bot was removed from conversation {Conversation} (tenant {Tenant})", removedFrom, ConversationOf.TenantId(activity));
            }
            return ActivityAnswer.Accepted;
        }
        if (ConversationOf.Reference(activity, time.GetUtcNow()) is { } reference)
        {
            await conversations.SaveAsync(reference, cancellationToken);
        }

        switch (activity.Type)
        {
            case ActivityTypes.Message:
                await messages.HandleAsync(activity, cancellationToken);
                return ActivityAnswer.Accepted;
            case ActivityTypes.Invoke:
                return await invokes.HandleAsync(activity, cancellationToken);
            case ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate when IsAddition(activity):
                logger.LogInformation(
                    "Teams: the bot was added to {ConversationType} {Conversation} (team {Team}, tenant {Tenant}); it can now post there",
                    activity.Conversation?.ConversationType, ConversationOf.BaseId(activity), activity.ChannelData?.Team?.Id, ConversationOf.TenantId(activity));
                return ActivityAnswer.Accepted;
            default:
                logger.LogDebug("Teams activity {Type} ignored", activity.Type);
                return ActivityAnswer.Accepted;
        }
    }

    private static bool IsAddition(Activity activity) =>
        activity.Type == ActivityTypes.InstallationUpdate
            ? activity.Action is "add" or "add-upgrade"
            : activity.MembersAdded?.Any(m => m.Id == activity.Recipient?.Id) == true;

    private static bool IsRemoval(Activity activity) =>
        activity.Type == ActivityTypes.InstallationUpdate
            ? activity.Action is "remove" or "remove-upgrade"
            : activity.Type == ActivityTypes.ConversationUpdate && activity.MembersRemoved?.Any(m => m.Id == activity.Recipient?.Id) == true;

    /// <summary>
    /// The person behind an activity, as a catalog member when the catalog knows their Teams id, in the channel's team.
    /// The catalog may name a person by their <c>29:…</c> id or by their Entra object id (the same for every bot, and
    /// what an admin can look up): the <c>29:</c> id is tried first, then <c>aadObjectId</c>.
    /// </summary>
    public static CommandContext ContextOf(Activity activity, ServiceCatalog catalog)
    {
        var userId = activity.From?.Id ?? "";
        if (activity.From?.AadObjectId is { Length: > 0 } objectId
            && !catalog.MembershipsOf(ChatPlatform.MsTeams, userId).Any()
            && catalog.MembershipsOf(ChatPlatform.MsTeams, objectId).Any())
        {
            userId = objectId;
        }
        return CommandContext.For(catalog, ChatPlatform.MsTeams, userId, activity.From?.Name, ConversationOf.DestinationKey(activity), ActionSource.MsTeams);
    }
}
