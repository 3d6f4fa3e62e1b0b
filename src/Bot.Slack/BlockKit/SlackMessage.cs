namespace Bot.Slack.BlockKit;

/// <summary>A rendered message: Block Kit blocks and the plain <see cref="Text"/> Slack shows in notifications and to clients without blocks.</summary>
internal sealed record SlackMessage(string Text, IReadOnlyList<Block> Blocks);
