using Bot.Core.Commands;

namespace Bot.Slack.BlockKit;

/// <summary>
/// A command's reply in Block Kit: its text, escaped, in mrkdwn sections of at most 3000 characters split at line
/// breaks (a long status list stays whole up to Slack's 50 blocks). A refusal or usage error starts with a warning sign.
/// </summary>
internal static class ReplyBlocks
{
    /// <summary>Slack truncates <c>text</c> beyond 40,000 characters; cutting it ourselves keeps the "…".</summary>
    private const int MaxFallbackLength = 40_000;

    public static SlackMessage Render(CommandReply reply) => Render(reply.Text, reply.Succeeded);

    public static SlackMessage Render(string text, bool succeeded)
    {
        var escaped = SlackText.Escape(text);
        var shown = succeeded ? escaped : $":warning: {escaped}";
        var sections = SlackText.Chunks(shown, SectionBlock.MaxTextLength)
            .Select(chunk => (Block)new SectionBlock(new Mrkdwn(chunk)))
            .Take(Block.MaxPerMessage)
            .ToList();
        return new SlackMessage(SlackText.Truncate(escaped, MaxFallbackLength), sections);
    }
}
