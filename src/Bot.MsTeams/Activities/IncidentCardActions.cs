using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Notifications;

namespace Bot.MsTeams.Activities;

/// <summary>
/// A click on an incident card's button, whichever way it arrived (an <c>Action.Execute</c> invoke, or the
/// <c>Action.Submit</c> fallback of older clients): the same use case the Slack buttons and the <c>ack</c> command call.
/// The use case commits the change and queues the update of every copy of the incident's message, on every platform.
/// </summary>
internal sealed class IncidentCardActions(IncidentActions actions)
{
    public const string PostmortemNotAvailable = "'postmortem' is not available yet in this version of SLO Bot. Try 'help' for what works today.";

    public static bool Handles(string? verb) =>
        verb == MessageAction.Acknowledge.Id || verb == MessageAction.Resolve.Id || verb == MessageAction.StartPostmortem.Id;

    public async Task<CommandReply> RunAsync(string verb, long incidentId, CommandContext context, CancellationToken cancellationToken)
    {
        var request = new IncidentActionRequest(incidentId, context.By, context.ChannelTeamId);
        if (verb == MessageAction.Acknowledge.Id)
        {
            return Reply(await actions.AcknowledgeAsync(request, cancellationToken));
        }
        if (verb == MessageAction.Resolve.Id)
        {
            return Reply(await actions.ResolveAsync(request, cancellationToken));
        }
        return new CommandReply(false, PostmortemNotAvailable);
    }

    private static CommandReply Reply(IncidentActionResult result) =>
        new(result.Status is IncidentActionStatus.Done or IncidentActionStatus.AlreadyDone, result.Message);
}
