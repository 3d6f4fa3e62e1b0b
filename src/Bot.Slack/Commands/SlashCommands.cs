using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Slack.BlockKit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Slack.Commands;

/// <summary>
/// Runs a slash command through the shared grammar as the Slack user, in the channel's team. Slack shows an error
/// unless the answer comes within 3 seconds, so the command gets <see cref="InlineBudget"/>: finished by then, its
/// reply is the HTTP answer; otherwise the answer is "working on it" and the reply follows through <c>response_url</c>.
/// Every reply is ephemeral: what everyone should see (an acknowledgement, a resolution) reaches the channel as the
/// edited incident message and its thread reply, so an in-channel echo would say it twice.
/// </summary>
internal sealed class SlashCommands(
    CommandHandler commands,
    CatalogHolder catalog,
    PostmortemEditCommand postmortemEdit,
    SlackBackgroundWork background,
    SlackResponseUrl responseUrl,
    TimeProvider time,
    IOptions<SlackOptions> options,
    ILogger<SlashCommands> logger)
{
    /// <summary>Leaves a second of Slack's three for the network and the answer itself.</summary>
    public static readonly TimeSpan InlineBudget = TimeSpan.FromSeconds(2);

    public const string WorkingOnIt = "Working on it… the answer will follow here.";

    public async Task<SlackResponse> HandleAsync(SlashCommand command, CancellationToken cancellationToken)
    {
        var context = CommandContext.For(
            catalog.Current, ChatPlatform.Slack, command.UserId, command.UserName,
            new ChatDestination(ChatPlatform.Slack, command.ChannelId).Key, ActionSource.Slack);
        // Opening the editor needs the trigger id, valid for 3 s: at once, not after the grammar.
        if (await postmortemEdit.TryHandleAsync(command, context, cancellationToken) is { } edited)
        {
            return Answer(edited);
        }
        // The command outlives this request when it is slow, so it runs under the host's lifetime, not the request's.
        var running = Task.Run(() => commands.HandleAsync(command.Text, context, background.Stopping), CancellationToken.None);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var finished = await Task.WhenAny(running, Task.Delay(InlineBudget, time, budget.Token));
        await budget.CancelAsync();
        if (finished == running)
        {
            return Answer(await ReplyOf(running, command));
        }

        if (command.ResponseUrl is { } url && background.TryEnqueue($"slow answer to {command.Command} {command.Text}", async stopping =>
            await responseUrl.SendAsync(url, Answer(await ReplyOf(running, command)), stopping)))
        {
            return Answer(new CommandReply(true, WorkingOnIt));
        }
        return Answer(new CommandReply(false, $"{options.Value.DisplayName} is busy and cannot send this command's answer; any change it makes still shows on the incident's message."));
    }

    private static SlackResponse Answer(CommandReply reply) => SlackResponse.EphemeralOf(ReplyBlocks.Render(reply));

    private async Task<CommandReply> ReplyOf(Task<CommandReply> running, SlashCommand command)
    {
        try
        {
            return await running;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Slack command {Command} {Text} from {User} failed", command.Command, command.Text, command.UserId);
            return new CommandReply(false, "Something went wrong running that command; it has been logged. Try again in a moment.");
        }
    }
}
