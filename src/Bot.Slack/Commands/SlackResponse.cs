using Bot.Slack.BlockKit;

namespace Bot.Slack.Commands;

/// <summary>
/// A reply to a slash command, as the HTTP answer or a later POST to its <c>response_url</c>:
/// <c>ephemeral</c> (only the person who asked sees it) or <c>in_channel</c>.
/// </summary>
/// <remarks>See <see href="https://docs.slack.dev/interactivity/handling-user-interaction#message_responses">message responses</see>.</remarks>
internal sealed record SlackResponse(
    string ResponseType,
    string Text,
    IReadOnlyList<Block>? Blocks = null,
    bool? ReplaceOriginal = null)
{
    public const string Ephemeral = "ephemeral";
    public const string InChannel = "in_channel";

    public static SlackResponse EphemeralOf(SlackMessage message) => new(Ephemeral, message.Text, message.Blocks);
}
