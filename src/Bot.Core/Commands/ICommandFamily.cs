namespace Bot.Core.Commands;

/// <summary>
/// Runs one family of <see cref="ResponseCommand"/>s (incident roles, stakeholders, postmortems, action items) for
/// <see cref="CommandHandler"/>, which hands each parsed command to the first family that <see cref="Runs"/> it.
/// </summary>
public interface ICommandFamily
{
    bool Runs(ResponseCommand command);

    Task<CommandReply> HandleAsync(ResponseCommand command, CommandContext context, CancellationToken cancellationToken);
}

/// <summary>
/// Adds lines under a team's <c>status</c> (overdue postmortems, action items due): a heading line and bullets, or null
/// when there is nothing to say.
/// </summary>
public interface ITeamStatusSection
{
    Task<string?> ForTeamAsync(string teamId, CancellationToken cancellationToken);
}
