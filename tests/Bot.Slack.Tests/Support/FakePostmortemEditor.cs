using System.Collections.Concurrent;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Postmortems;

namespace Bot.Slack.Tests.Support;

/// <summary>Stands in for the postmortem feature: one postmortem (<see cref="Current"/>), every edit recorded and applied (version + 1).</summary>
internal sealed class FakePostmortemEditor : IPostmortemEditor
{
    public Postmortem Current { get; set; } = Sample();

    /// <summary>When set, every edit is refused with this message.</summary>
    public string? Refusal { get; set; }

    public ConcurrentQueue<(long PostmortemId, IReadOnlyDictionary<string, string> Bodies, Actor By)> Edits { get; } = new();

    public ConcurrentQueue<(long? IncidentId, Actor By)> Starts { get; } = new();

    public static Postmortem Sample() => new(
        7, 42, "payments", PostmortemState.Draft, "book", "Postmortem of incident #42: Checkout API availability",
        [
            new PostmortemSection("summary", "Summary", 2, ""),
            new PostmortemSection("one-time-quick-fix", "One-time quick fix", 2, ""),
            new PostmortemSection("detection", "Detection", 3, "Detected by the SLO burn alert at 14:05 UTC."),
            new PostmortemSection("timeline", "Timeline", 2, new string('t', 3500)),
        ],
        new DateTimeOffset(2026, 3, 1, 16, 0, 0, TimeSpan.Zero),
        new Actor("ana", "Ana Kovač", ActionSource.Slack),
        new DateTimeOffset(2026, 3, 1, 16, 0, 0, TimeSpan.Zero),
        3);

    public Task<PostmortemResult> StartAsync(long? incidentId, CommandContext context, CancellationToken cancellationToken)
    {
        Starts.Enqueue((incidentId, context.By));
        return Task.FromResult(new PostmortemResult(true, $"{Current.Reference} started for incident #{incidentId}.", Current));
    }

    public Task<Postmortem?> FindAsync(long postmortemId, CancellationToken cancellationToken) =>
        Task.FromResult(postmortemId == Current.Id ? Current : null);

    public Task<PostmortemResult> EditSectionsAsync(long postmortemId, IReadOnlyDictionary<string, string> bodies, Actor by, CancellationToken cancellationToken)
    {
        Edits.Enqueue((postmortemId, bodies, by));
        if (Refusal is { } refusal)
        {
            return Task.FromResult(new PostmortemResult(false, refusal, Current));
        }
        Current = Current with
        {
            Version = Current.Version + 1,
            Sections = [.. Current.Sections.Select(s => bodies.TryGetValue(s.Key, out var body) ? s with { Body = body } : s)],
        };
        return Task.FromResult(new PostmortemResult(true, $"{Current.Reference}: {bodies.Count} section(s) saved.", Current));
    }
}
