using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Core.Postmortems;

namespace Bot.Core.Commands;

/// <summary>
/// A click on an incident message's button (<see cref="MessageAction.Id"/>), whichever platform it came from (a Slack
/// button, a Teams card action, the console): the same use cases the <c>ack</c>, <c>resolve</c> and <c>postmortem</c>
/// commands call, which commit the change and queue the update of every copy of the incident's message, on every platform.
/// "I'll coordinate" and "I'll communicate" give the clicker that role (<see cref="IncidentRoles"/>).
/// </summary>
public sealed class MessageActions(IncidentActions actions, PostmortemActions? postmortems = null, IncidentRoles? roles = null)
{
    /// <summary>Every incident button's id, in the order the message shows them.</summary>
    public static IReadOnlyList<string> ActionIds { get; } =
    [
        MessageAction.Acknowledge.Id, MessageAction.Resolve.Id, MessageAction.Coordinate.Id, MessageAction.Communicate.Id, MessageAction.StartPostmortem.Id,
    ];

    public static bool Handles(string? actionId) => actionId is not null && ActionIds.Contains(actionId);

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
        if (actionId == MessageAction.Coordinate.Id || actionId == MessageAction.Communicate.Id)
        {
            var role = actionId == MessageAction.Coordinate.Id ? IncidentRole.Coordinator : IncidentRole.Communicator;
            return roles is null
                ? CommandReply.NotAvailable(Incident.RoleName(role))
                : CommandReply.Of(await roles.TakeAsync(request, role, cancellationToken));
        }
        return postmortems is null
            ? CommandReply.NotAvailable("postmortem")
            : (await postmortems.StartAsync(incidentId, context, cancellationToken)).ToReply();
    }
}
