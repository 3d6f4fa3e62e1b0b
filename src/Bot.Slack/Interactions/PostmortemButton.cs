using System.Globalization;
using Bot.Core.Commands;
using Bot.Core.Notifications;
using Bot.Core.Postmortems;
using Bot.Slack.Api;
using Bot.Slack.BlockKit;
using Microsoft.Extensions.Logging;

namespace Bot.Slack.Interactions;

/// <summary>
/// The incident message's <c>Start postmortem</c> button: starts the incident's postmortem (or finds the one it has) and
/// opens it in the editing modal (<see cref="PostmortemModal"/>) with the click's <c>trigger_id</c>, which Slack honours
/// for 3 s. When Slack will not open it, the clicker is told how to open it with the slash command instead.
/// </summary>
internal sealed class PostmortemButton(IPostmortemEditor postmortems, PostmortemModals modals) : ITriggeredBlockAction
{
    public string ActionId => MessageAction.StartPostmortem.Id;

    public async Task<CommandReply> HandleAsync(BlockAction action, CommandContext context, CancellationToken cancellationToken) =>
        await HandleAsync(action, null, context, cancellationToken) ?? new CommandReply(true, "The postmortem is open for editing.");

    public async Task<CommandReply?> HandleAsync(BlockAction action, string? triggerId, CommandContext context, CancellationToken cancellationToken)
    {
        if (!long.TryParse(action.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var incidentId))
        {
            return new CommandReply(false, "This button names no incident; use '/slo postmortem #<id>' instead.");
        }
        var started = await postmortems.StartAsync(incidentId, context, cancellationToken);
        return started is { Succeeded: true, Postmortem: { } postmortem }
            ? await modals.OpenAsync(postmortem, triggerId, started.Message, cancellationToken)
            : started.ToReply();
    }
}

/// <summary>Opens a postmortem's editing modal with a trigger id; says why not, and what to do instead, when Slack refuses.</summary>
internal sealed class PostmortemModals(SlackApiClient slack, ILogger<PostmortemModals> logger)
{
    /// <summary>Null once the modal is open; else <paramref name="said"/> (what the caller did) and how to open the editor.</summary>
    public async Task<CommandReply?> OpenAsync(Postmortem postmortem, string? triggerId, string said, CancellationToken cancellationToken)
    {
        var instead = $"type '/slo postmortem {postmortem.Reference} edit' to edit it in a form";
        if (string.IsNullOrEmpty(triggerId))
        {
            return new CommandReply(true, $"{said}\nThis action came without a trigger to open the editor; {instead}.");
        }
        try
        {
            var viewId = await slack.OpenViewAsync(new ViewsOpen(triggerId, PostmortemModal.Render(postmortem)), cancellationToken);
            logger.LogInformation("Slack: the editor of {Postmortem} (version {Version}) opened as view {ViewId}", postmortem.Reference, postmortem.Version, viewId);
            return null;
        }
        catch (SlackApiException refusal)
        {
            return new CommandReply(true, $"{said}\nSlack did not open the editor ({refusal.Error}); {instead}.");
        }
    }
}
