using Bot.Core.Commands;
using Bot.Core.Notifications;

namespace Bot.Slack.BlockKit;

/// <summary>
/// A command's reply or a thread reply in Block Kit: its text, escaped (people it mentions as Slack mentions), in
/// mrkdwn sections of at most 3000 characters split at line breaks (a long status list stays whole up to Slack's 50
/// blocks). A refusal or usage error starts with a warning sign. A reply with an SLO status report
/// (<see cref="CommandReply.Status"/>) shows it as <see cref="StatusBlocks"/>.
/// </summary>
internal static class ReplyBlocks
{
    /// <summary>Slack truncates <c>text</c> beyond 40,000 characters; cutting it ourselves keeps the "…".</summary>
    private const int MaxFallbackLength = 40_000;

    public static SlackMessage Render(CommandReply reply) =>
        reply.Status is not null ? StatusBlocks.Render(reply) : Of(SlackText.Escape(reply.Text), reply.Succeeded);

    /// <summary>A thread reply that may mention people.</summary>
    public static SlackMessage Render(ChatText text) => Of(SlackText.Escape(text), succeeded: true);

    private static SlackMessage Of(string mrkdwn, bool succeeded)
    {
        var shown = succeeded ? mrkdwn : $":warning: {mrkdwn}";
        var sections = SlackText.Chunks(shown, SectionBlock.MaxTextLength)
            .Select(chunk => (Block)new SectionBlock(new Mrkdwn(chunk)))
            .Take(Block.MaxPerMessage)
            .ToList();
        return new SlackMessage(SlackText.Truncate(mrkdwn, MaxFallbackLength), sections);
    }
}
