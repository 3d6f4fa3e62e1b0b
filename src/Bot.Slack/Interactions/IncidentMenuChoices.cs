using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Slack.BlockKit;

namespace Bot.Slack.Interactions;

/// <summary>A priority chosen in the incident message's menu: <see cref="IncidentActions.ClassifyAsync"/> as the chooser.</summary>
internal sealed class PriorityMenu(IncidentActions actions) : IBlockActionHandler
{
    public string ActionId => IncidentMenus.PriorityActionId;

    public async Task<CommandReply> HandleAsync(BlockAction action, CommandContext context, CancellationToken cancellationToken) =>
        IncidentMenus.PriorityOf(action.SelectedOption?.Value) is { } chosen
            ? CommandReply.Of(await actions.ClassifyAsync(new IncidentActionRequest(chosen.IncidentId, context.By, context.ChannelTeamId), chosen.Level, null, null, cancellationToken))
            : IncidentMenuChoices.NotAChoice(action);
}

/// <summary>A severity chosen in the incident message's menu: <see cref="IncidentActions.ClassifyAsync"/> as the chooser.</summary>
internal sealed class SeverityMenu(IncidentActions actions) : IBlockActionHandler
{
    public string ActionId => IncidentMenus.SeverityActionId;

    public async Task<CommandReply> HandleAsync(BlockAction action, CommandContext context, CancellationToken cancellationToken) =>
        IncidentMenus.SeverityOf(action.SelectedOption?.Value) is { } chosen
            ? CommandReply.Of(await actions.ClassifyAsync(new IncidentActionRequest(chosen.IncidentId, context.By, context.ChannelTeamId), null, chosen.Severity, null, cancellationToken))
            : IncidentMenuChoices.NotAChoice(action);
}

/// <summary>What the incident menus share.</summary>
internal static class IncidentMenuChoices
{
    /// <summary>The answer to a choice whose value names no incident and level (a forged or outdated menu).</summary>
    public static CommandReply NotAChoice(BlockAction action) => new(false,
        $"This menu choice ('{SlackText.Truncate(action.SelectedOption?.Value ?? "(none)", 40)}') names no incident; use '/slo incident <id> priority <P1-P5>' or '… severity <level>' instead.");
}
