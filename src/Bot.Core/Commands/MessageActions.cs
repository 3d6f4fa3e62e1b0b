using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Core.Postmortems;

namespace Bot.Core.Commands;

/// <summary>
/// A click on an incident message's button (<see cref="MessageAction.Id"/>), whichever platform it came from (a Slack
/// button, a Teams card action, the console): the same use cases the <c>ack</c>, <c>resolve</c> and <c>postmortem</c>
/// commands call, which commit the change and queue the update of every copy of the incident's message, on every platform.
/// </summary>
public sealed class MessageActions(IncidentActions actions, PostmortemActions? postmortems = null)
{
    public static bool Handles(string? actionId) =>
        actionId == MessageAction.Acknowledge.Id || actionId == MessageAction.Resolve.Id || actionId == MessageAction.StartPostmortem.Id;

    public async Task<CommandReply> RunAsync(string actionId, long incidentId, CommandContext context, CancellationToken cancellationToken)
    {
        var request = new IncidentActionRequest(incidentId, context.By, context.ChannelTeamId);
        if (actionId == MessageAction.Acknowledge.Id)
        {
            return CommandReply.Of(await actions.AcknowledgeAsync(request, cancellationToken));
        }
        if (actionId == MessageAction.Resolve.Id)
        {
            return CommandReply.Of(await actions.ResolveAsync(request, cancellationToken));
        }
        return postmortems is null
            ? CommandReply.NotAvailable("postmortem")
            : (await postmortems.StartAsync(incidentId, context, cancellationToken)).ToReply();
    }
}
