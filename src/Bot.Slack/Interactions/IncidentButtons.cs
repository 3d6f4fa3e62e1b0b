using System.Globalization;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Notifications;

namespace Bot.Slack.Interactions;

/// <summary>The <c>Acknowledge</c> button: <see cref="IncidentActions.AcknowledgeAsync"/> on the incident in the button's <c>value</c>.</summary>
internal sealed class AcknowledgeButton(IncidentActions actions) : IBlockActionHandler
{
    public string ActionId => MessageAction.Acknowledge.Id;

    public async Task<CommandReply> HandleAsync(BlockAction action, CommandContext context, CancellationToken cancellationToken) =>
        IncidentButtons.IncidentIdOf(action) is { } id
            ? IncidentButtons.Reply(await actions.AcknowledgeAsync(new IncidentActionRequest(id, context.By, context.ChannelTeamId), cancellationToken))
            : IncidentButtons.NoIncident;
}

/// <summary>The <c>Resolve</c> button: <see cref="IncidentActions.ResolveAsync"/> on the incident in the button's <c>value</c>.</summary>
internal sealed class ResolveButton(IncidentActions actions) : IBlockActionHandler
{
    public string ActionId => MessageAction.Resolve.Id;

    public async Task<CommandReply> HandleAsync(BlockAction action, CommandContext context, CancellationToken cancellationToken) =>
        IncidentButtons.IncidentIdOf(action) is { } id
            ? IncidentButtons.Reply(await actions.ResolveAsync(new IncidentActionRequest(id, context.By, context.ChannelTeamId), cancellationToken))
            : IncidentButtons.NoIncident;
}

/// <summary>The <c>Start postmortem</c> button, which says so until postmortems exist.</summary>
internal sealed class StartPostmortemButton : IBlockActionHandler
{
    public const string NotAvailable = "'postmortem' is not available yet in this version of SLO Bot. Try 'help' for what works today.";

    public string ActionId => MessageAction.StartPostmortem.Id;

    public Task<CommandReply> HandleAsync(BlockAction action, CommandContext context, CancellationToken cancellationToken) =>
        Task.FromResult(new CommandReply(false, NotAvailable));
}

internal static class IncidentButtons
{
    public static CommandReply NoIncident { get; } = new(false, "This button names no incident; use '/slo ack #<id>' instead.");

    /// <summary>The incident id the renderer put in the button's <c>value</c>.</summary>
    public static long? IncidentIdOf(BlockAction action) =>
        long.TryParse(action.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    public static CommandReply Reply(IncidentActionResult result) =>
        new(result.Status is IncidentActionStatus.Done or IncidentActionStatus.AlreadyDone, result.Message);
}
