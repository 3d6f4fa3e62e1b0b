using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Postmortems;

namespace Bot.MsTeams.Activities;

/// <summary>The postmortem use cases Teams' editor (the card button and the card form) calls.</summary>
/// <remarks>A seam over <see cref="PostmortemActions"/>, so the adapter's tests can stand in for the feature.</remarks>
internal interface IPostmortemEditor
{
    /// <summary>Starts the incident's postmortem, or returns the one it has.</summary>
    Task<PostmortemResult> StartAsync(long incidentId, CommandContext context, CancellationToken cancellationToken);

    Task<Postmortem?> FindAsync(long postmortemId, CancellationToken cancellationToken);

    /// <summary>Replaces the bodies of the named sections in one change.</summary>
    Task<PostmortemResult> EditSectionsAsync(long postmortemId, IReadOnlyDictionary<string, string> bodies, Actor by, CancellationToken cancellationToken);
}

/// <summary>The editor over the postmortem feature; without it (a host that has none), every call says postmortems are not available.</summary>
internal sealed class PostmortemEditor(PostmortemActions? postmortems = null) : IPostmortemEditor
{
    private static readonly PostmortemResult NotAvailable = new(false, CommandReply.NotAvailable("postmortem").Text, null);

    public Task<PostmortemResult> StartAsync(long incidentId, CommandContext context, CancellationToken cancellationToken) =>
        postmortems?.StartAsync(incidentId, context, cancellationToken) ?? Task.FromResult(NotAvailable);

    public Task<Postmortem?> FindAsync(long postmortemId, CancellationToken cancellationToken) =>
        postmortems?.FindAsync(postmortemId, cancellationToken) ?? Task.FromResult<Postmortem?>(null);

    public Task<PostmortemResult> EditSectionsAsync(long postmortemId, IReadOnlyDictionary<string, string> bodies, Actor by, CancellationToken cancellationToken) =>
        postmortems?.EditSectionsAsync(postmortemId, bodies, by, cancellationToken) ?? Task.FromResult(NotAvailable);
}
