using Bot.Core.Commands;

namespace Bot.Core.Incidents;

/// <summary>Runs the role commands of the <c>incident</c> verb (<see cref="AssignRoleCommand"/>, <see cref="ReleaseRoleCommand"/>, <see cref="ShowRolesCommand"/>).</summary>
public sealed class RoleCommands(IncidentRoles roles) : ICommandFamily
{
    public bool Runs(ResponseCommand command) => command is AssignRoleCommand or ReleaseRoleCommand or ShowRolesCommand;

    public async Task<CommandReply> HandleAsync(ResponseCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return command switch
        {
            AssignRoleCommand assign => CommandReply.Of(await roles.AssignAsync(
                new IncidentActionRequest(assign.IncidentId, context.By, context.ChannelTeamId), assign.Role, assign.Assignee, assign.Why, cancellationToken)),
            ReleaseRoleCommand release => CommandReply.Of(await roles.ReleaseAsync(
                new IncidentActionRequest(release.IncidentId, context.By, context.ChannelTeamId), release.Role, release.Person, release.Why, cancellationToken)),
            ShowRolesCommand show => CommandReply.Of(await roles.DescribeAsync(show.IncidentId, cancellationToken)),
            _ => new CommandReply(false, $"'{command}' is not a role command."),
        };
    }
}
