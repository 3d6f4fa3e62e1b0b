using System.Globalization;
using Bot.Core.Commands;
using Bot.Core.Notices;
using Bot.Slack.BlockKit;

namespace Bot.Slack.Interactions;

/// <summary>
/// The buttons of a notice (accept a handoff, take a cover): <see cref="NoticeActions"/> on the notice whose id the
/// renderer put in the button's <c>value</c>. Which buttons they are is up to the use cases registered with it, so
/// this is asked by <c>action_id</c> rather than holding one.
/// </summary>
internal sealed class NoticeButtons(NoticeActions actions)
{
    /// <summary>How much of a malformed <c>value</c> the refusal quotes.</summary>
    private const int QuotedValueLength = 40;

    public bool Handles(string actionId) => actions.Handles(actionId);

    /// <summary>Acts as the clicking person; the reply (done, or why not) is shown to them alone.</summary>
    public async Task<CommandReply> HandleAsync(BlockAction clicked, CommandContext context, CancellationToken cancellationToken) =>
        long.TryParse(clicked.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var noticeId)
            ? (await actions.RunAsync(clicked.ActionId, noticeId, context, cancellationToken)).Reply
            : new CommandReply(false, string.IsNullOrEmpty(clicked.Value)
                ? "This button names no notice (it carries no value)."
                : $"This button names no notice: its value '{SlackText.Truncate(clicked.Value, QuotedValueLength)}' is not a notice number.");
}
