using Bot.Core.Catalog;
using Bot.Core.Storage;
using Bot.MsTeams.Schema;

namespace Bot.MsTeams.Activities;

/// <summary>What an activity says about the conversation it came from: its reference, and the destination it is.</summary>
internal static class ConversationOf
{
    private const string ThreadMarker = ";messageid=";

    /// <summary>
    /// The conversation without a channel thread's <c>;messageid=…</c> suffix: a channel's own id (the catalog's
    /// <c>channelId</c>), a group chat's or a personal chat's id.
    /// </summary>
    public static string? BaseId(Activity activity)
    {
        if (activity.ChannelData?.Channel?.Id is { Length: > 0 } channel)
        {
            return channel;
        }
        if (activity.ChannelData?.TeamsChannelId is { Length: > 0 } teamsChannel)
        {
            return teamsChannel;
        }
        var id = activity.Conversation?.Id;
        var thread = id?.IndexOf(ThreadMarker, StringComparison.Ordinal) ?? -1;
        return thread >= 0 ? id![..thread] : id;
    }

    public static string? TenantId(Activity activity) => activity.Conversation?.TenantId ?? activity.ChannelData?.Tenant?.Id;

    /// <summary>The catalog destination key of the channel the activity came from (which team's channel it is).</summary>
    public static string? DestinationKey(Activity activity) =>
        BaseId(activity) is { } id ? new ChatDestination(ChatPlatform.MsTeams, id).Key : null;

    /// <summary>The reference to keep, or null when the activity lacks a conversation or service URL.</summary>
    public static MsTeamsConversation? Reference(Activity activity, DateTimeOffset seenAt)
    {
        if (BaseId(activity) is not { } id || string.IsNullOrEmpty(activity.ServiceUrl))
        {
            return null;
        }
        var channel = activity.ChannelData?.Channel?.Id ?? activity.ChannelData?.TeamsChannelId;
        return new MsTeamsConversation(
            id,
            activity.ServiceUrl,
            TenantId(activity),
            activity.Conversation?.ConversationType,
            activity.ChannelData?.Team?.Id ?? activity.ChannelData?.TeamsTeamId,
            channel,
            activity.Recipient?.Id,
            seenAt);
    }
}
