using Bot.Slack.Signing;

namespace Bot.Slack.Commands;

/// <summary>
/// A slash command as Slack posts it (form fields). <see cref="Text"/> is everything after the command, unparsed;
/// <see cref="UserName"/> is deprecated by Slack and only a fallback display name.
/// </summary>
/// <remarks>See <see href="https://docs.slack.dev/interactivity/implementing-slash-commands">slash commands</see>.</remarks>
internal sealed record SlashCommand(
    string Command,
    string Text,
    string UserId,
    string? UserName,
    string ChannelId,
    string? TeamId,
    Uri? ResponseUrl,
    string? TriggerId)
{
    /// <summary>The command in the body, or null when a field Slack always sends is missing.</summary>
    public static SlashCommand? From(SlackRequestBody body)
    {
        if (body.Field("command") is not { } command || body.Field("user_id") is not { } userId || body.Field("channel_id") is not { } channelId)
        {
            return null;
        }
        return new SlashCommand(
            command,
            body.Field("text") ?? "",
            userId,
            body.Field("user_name"),
            channelId,
            body.Field("team_id"),
            Uri.TryCreate(body.Field("response_url"), UriKind.Absolute, out var url) ? url : null,
            body.Field("trigger_id"));
    }
}
