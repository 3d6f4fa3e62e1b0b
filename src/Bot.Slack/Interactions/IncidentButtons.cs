using System.Globalization;
using Bot.Core.Commands;
using Bot.Core.Notifications;

namespace Bot.Slack.Interactions;

/// <summary>The <c>Acknowledge</c> button: <see cref="MessageActions"/> on the incident in the button's <c>value</c>.</summary>
internal sealed class AcknowledgeButton(MessageActions actions) : IncidentButton(actions, MessageAction.Acknowledge);

/// <summary>The <c>Resolve</c> button: <see cref="MessageActions"/> on the incident in the button's <c>value</c>.</summary>
internal sealed class ResolveButton(MessageActions actions) : IncidentButton(actions, MessageAction.Resolve);

/// <summary>The <c>Start postmortem</c> button, which says so until postmortems exist.</summary>

/// <summary>The <c>I'll coordinate</c> button: the clicker becomes the incident's coordinator.</summary>
internal sealed class CoordinateButton(MessageActions actions) : IncidentButton(actions, MessageAction.Coordinate);

/// <summary>The <c>I'll communicate</c> button: the clicker becomes the incident's communicator.</summary>
internal sealed class CommunicateButton(MessageActions actions) : IncidentButton(actions, MessageAction.Communicate);

/// <summary>A button of the incident message: its action on the incident whose id the renderer put in the button's <c>value</c>.</summary>
internal abstract class IncidentButton(MessageActions actions, MessageAction action) : IBlockActionHandler
{
    public static CommandReply NoIncident { get; } = new(false, "This button names no incident; use '/slo ack #<id>' instead.");

    public string ActionId => action.Id;

    public async Task<CommandReply> HandleAsync(BlockAction clicked, CommandContext context, CancellationToken cancellationToken) =>
        long.TryParse(clicked.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? await actions.RunAsync(action.Id, id, context, cancellationToken)
            : NoIncident;
}
