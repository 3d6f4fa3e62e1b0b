using Bot.Core.Commands;
using Bot.Core.Incidents;

namespace Bot.Core.Postmortems;

/// <summary>
/// The postmortem use cases every chat adapter and the API call: start one from the template (pre-filled from the
/// incident), edit sections, move it through its states. Each change is committed with its timeline event before the
/// caller hears back.
/// </summary>
/// <remarks>Contract for the chat editors (Slack modal, Teams card form); implemented with the postmortems feature.</remarks>
public sealed class PostmortemActions
{
    /// <summary>
    /// Starts the incident's postmortem (the channel team's latest incident when <paramref name="incidentId"/> is null),
    /// or, when it has one, returns that one: a second start (a double click, another platform) creates nothing.
    /// </summary>
    public Task<PostmortemResult> StartAsync(long? incidentId, CommandContext context, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task<Postmortem?> FindAsync(long postmortemId, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    /// <summary>
    /// Replaces the bodies of the named sections (by <see cref="PostmortemSection.Key"/>) in one change; sections whose
    /// body is unchanged are not counted. An unknown key refuses the whole edit, naming it.
    /// </summary>
    public Task<PostmortemResult> EditSectionsAsync(long postmortemId, IReadOnlyDictionary<string, string> bodies, Actor by, CancellationToken cancellationToken) =>
        throw new NotImplementedException();
}

/// <summary>What a postmortem action did: the reply for the person, and the postmortem as it now stands (null when refused before one was found).</summary>
public sealed record PostmortemResult(bool Succeeded, string Message, Postmortem? Postmortem)
{
    public CommandReply ToReply() => new(Succeeded, Message);
}
