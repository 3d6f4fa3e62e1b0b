using System.Text.RegularExpressions;
using Bot.Core.Commands;
using Bot.Core.Postmortems;
using Bot.Slack.Interactions;

namespace Bot.Slack.Commands;

/// <summary>
/// <c>/slo postmortem &lt;PM-7|#42&gt; edit</c>: opens the postmortem (of incident #42: started if it has none) in the
/// editing modal with the command's <c>trigger_id</c>. Slack-only, so it is read before the shared grammar, which
/// answers every other <c>postmortem</c> command.
/// </summary>
internal sealed partial class PostmortemEditCommand(IPostmortemEditor postmortems, PostmortemModals modals)
{
    /// <summary>The reply, or null when the command is not this one.</summary>
    public async Task<CommandReply?> TryHandleAsync(SlashCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        if (EditCommand().Match(command.Text) is not { Success: true } match)
        {
            return null;
        }
        var target = match.Groups[1].Value;
        Postmortem? postmortem;
        string said;
        if (target.StartsWith("PM-", StringComparison.OrdinalIgnoreCase))
        {
            if (!PostmortemReference.TryParse(target, out var postmortemId))
            {
                return new CommandReply(false, $"'{target}' is not a postmortem; write e.g. '/slo postmortem PM-7 edit' or '/slo postmortem #42 edit'.");
            }
            postmortem = await postmortems.FindAsync(postmortemId, cancellationToken);
            if (postmortem is null)
            {
                return new CommandReply(false, $"There is no postmortem {PostmortemReference.Of(postmortemId)}.");
            }
            said = $"Editing {postmortem.Reference}.";
        }
        else
        {
            if (!CommandGrammar.TryParseIncidentId(target, out var incidentId))
            {
                return new CommandReply(false, $"'{target}' is neither an incident (#42) nor a postmortem (PM-7); write e.g. '/slo postmortem #42 edit'.");
            }
            var started = await postmortems.StartAsync(incidentId, context, cancellationToken);
            if (started is not { Succeeded: true, Postmortem: { } found })
            {
                return started.ToReply();
            }
            (postmortem, said) = (found, started.Message);
        }
        return await modals.OpenAsync(postmortem, command.TriggerId, said, cancellationToken) ?? new CommandReply(true, $"{postmortem.Reference} is open for editing.");
    }

    [GeneratedRegex(@"^\s*postmortem\s+(\S+)\s+edit\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EditCommand();
}
