using Bot.Core.Commands;

namespace Bot.Core.Stakeholders;

/// <summary><c>subscribe [group]</c>: receive a stakeholder group's notifications in a direct message; without a group, list the groups.</summary>
public sealed record SubscribeCommand(string? GroupId) : ResponseCommand;

/// <summary><c>unsubscribe &lt;group&gt;</c>: stop receiving a group's notifications.</summary>
public sealed record UnsubscribeCommand(string GroupId) : ResponseCommand;

/// <summary><c>notify &lt;incident&gt; first|update|final &lt;text&gt;</c>: send the stakeholders a bracketed notification.</summary>
public sealed record NotifyCommand(long IncidentId, NotificationBracket Bracket, string Text) : ResponseCommand;

/// <summary>Runs the stakeholder verbs for <see cref="CommandHandler"/>.</summary>
public sealed class StakeholderCommandFamily(StakeholderNotifications notifications) : ICommandFamily
{
    public bool Runs(ResponseCommand command) => command is SubscribeCommand or UnsubscribeCommand or NotifyCommand;

    public Task<CommandReply> HandleAsync(ResponseCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return command switch
        {
            SubscribeCommand { GroupId: null } => notifications.ListGroupsAsync(context.By, cancellationToken),
            SubscribeCommand subscribe => notifications.SubscribeAsync(subscribe.GroupId!, context.By, cancellationToken),
            UnsubscribeCommand unsubscribe => notifications.UnsubscribeAsync(unsubscribe.GroupId, context.By, cancellationToken),
            NotifyCommand notify => notifications.NotifyAsync(notify.IncidentId, notify.Bracket, notify.Text, context.By, cancellationToken),
            _ => Task.FromResult(new CommandReply(false, $"'{command}' is not a stakeholder command.")),
        };
    }
}
