using Bot.Core.Commands;
using Bot.Core.Incidents;

namespace Bot.Core.Postmortems;

/// <summary>
/// What a chat editor of postmortems calls (Slack's button, modal and <c>/slo postmortem … edit</c>; Teams' card
/// form): <see cref="PostmortemActions"/> in the host; a stand-in in an adapter's own tests.
/// </summary>
public interface IPostmortemEditor
{
    /// <summary>Starts the incident's postmortem, or returns the one it has.</summary>
    Task<PostmortemResult> StartAsync(long? incidentId, CommandContext context, CancellationToken cancellationToken);

    Task<Postmortem?> FindAsync(long postmortemId, CancellationToken cancellationToken);

    /// <summary>Replaces the bodies of the named sections in one change.</summary>
    Task<PostmortemResult> EditSectionsAsync(long postmortemId, IReadOnlyDictionary<string, string> bodies, Actor by, CancellationToken cancellationToken);
}

/// <summary>The editor of a host without postmortems: every call says they are not available.</summary>
public sealed class NoPostmortemEditor : IPostmortemEditor
{
    public static NoPostmortemEditor Instance { get; } = new();

    private static readonly PostmortemResult NotAvailable = new(false, CommandReply.NotAvailable("postmortem").Text, null);

    public Task<PostmortemResult> StartAsync(long? incidentId, CommandContext context, CancellationToken cancellationToken) => Task.FromResult(NotAvailable);

    public Task<Postmortem?> FindAsync(long postmortemId, CancellationToken cancellationToken) => Task.FromResult<Postmortem?>(null);

    public Task<PostmortemResult> EditSectionsAsync(long postmortemId, IReadOnlyDictionary<string, string> bodies, Actor by, CancellationToken cancellationToken) =>
        Task.FromResult(NotAvailable);
}
