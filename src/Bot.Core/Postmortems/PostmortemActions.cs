using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Routing;

namespace Bot.Core.Postmortems;

/// <summary>
/// The postmortem use cases every chat adapter and the API call: start one from the template (pre-filled from the
/// incident), edit sections, move it through its states, schedule its meeting. Only members of the owning team and
/// admins may act (anyone in the catalog, for an unrouted incident). Each change is committed with its timeline event
/// on the incident and a thread reply under the incident's team-channel copies before the caller hears back.
/// </summary>
public sealed class PostmortemActions(
    CatalogHolder catalog,
    IIncidentStore incidents,
    IPostmortemStore store,
    PostmortemTemplates templates,
    PostmortemOptions options,
    DestinationResolver destinations,
    TimeProvider time) : IPostmortemEditor
{
    /// <summary>
    /// Starts the incident's postmortem (the channel team's latest incident when <paramref name="incidentId"/> is null),
    /// or, when it has one, returns that one: a second start (a double click, another platform) creates nothing.
    /// </summary>
    public async Task<PostmortemResult> StartAsync(long? incidentId, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = incidentId;
        if (id is null)
        {
            if (context.ChannelTeamId is not { } teamId)
            {
                return Refused("Name the incident, e.g. 'postmortem #42': this channel belongs to no team.");
            }
            var latest = await incidents.ListAsync(new IncidentQuery(teamId, Limit: 1), cancellationToken);
            if (latest.Count == 0)
            {
                return Refused($"Team '{teamId}' has no incident to write a postmortem for; name one, e.g. 'postmortem #42'.");
            }
            id = latest[0].Id;
        }
        if (await incidents.FindAsync(id.Value, cancellationToken) is not { } details)
        {
            return Refused($"There is no incident #{id}.");
        }
        var current = catalog.Current;
        if (Refusal(current, details.Incident.TeamId, context.By, $"start the postmortem of incident #{id}") is { } refusal)
        {
            return Refused(refusal);
        }
        if (await store.FindByIncidentAsync(id.Value, cancellationToken) is { } existing)
        {
            return Existing(existing, details.Incident, current);
        }

        var now = time.GetUtcNow();
        var template = templates.For(details.Incident.TeamId);
        var (title, sections) = template.Fill(PostmortemFacts.Of(details, current, now));
        var draft = new Postmortem(0, id.Value, details.Incident.TeamId, PostmortemState.Draft, template.Name, title, sections, now, context.By, now, 1);
        return await store.WriteAsync(async session =>
        {
            if (await session.FindByIncidentAsync(id.Value, cancellationToken) is { } other)
            {
                return Existing(other, details.Incident, current);
            }
            if (await session.AddAsync(draft, cancellationToken) is not { } added)
            {
                // Another replica's start committed first: its postmortem is the incident's.
                var winner = await session.FindByIncidentAsync(id.Value, cancellationToken)
                    ?? throw new InvalidOperationException($"Incident #{id} has a postmortem that cannot be read.");
                return Existing(winner, details.Incident, current);
            }
            var incident = await session.Incidents.FindAsync(id.Value, cancellationToken)
                ?? throw new InvalidOperationException($"Incident #{id} disappeared while its postmortem was started.");
            var started = $"Postmortem {added.Reference} started by {context.By.Name} from template {added.Template}";
            incident.Record(IncidentEventKind.PostmortemStarted, context.By, started, now);
            await session.Incidents.SaveAsync(incident, cancellationToken);
            var message = $"{started}.\n{Requirement(incident.ToRecord(), current)}{Summary(added)}";
            await ReplyInThreadAsync(session, incident.Id, incident.TeamId, current, message, cancellationToken);
            return new PostmortemResult(true, message, added);
        }, cancellationToken);
    }

    public Task<Postmortem?> FindAsync(long postmortemId, CancellationToken cancellationToken) =>
        store.FindAsync(postmortemId, cancellationToken);

    /// <summary>The incident's postmortem, if it has one.</summary>
    public Task<Postmortem?> FindByIncidentAsync(long incidentId, CancellationToken cancellationToken) =>
        store.FindByIncidentAsync(incidentId, cancellationToken);

    /// <summary>
    /// Replaces the bodies of the named sections (by <see cref="PostmortemSection.Key"/>) in one change; sections whose
    /// body is unchanged are not counted. An unknown key refuses the whole edit, naming it.
    /// </summary>
    public Task<PostmortemResult> EditSectionsAsync(long postmortemId, IReadOnlyDictionary<string, string> bodies, Actor by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        ArgumentNullException.ThrowIfNull(by);
        var wanted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, body) in bodies)
        {
            wanted[PostmortemTemplate.Slug(key)] = Normalize(body);
        }
        return ChangeAsync(postmortemId, by, "edit", (postmortem, _, _) =>
        {
            var unknown = wanted.Keys.Where(k => postmortem.Sections.All(s => s.Key != k)).ToList();
            if (unknown.Count > 0)
            {
                return Change.Refuse(
                    $"{postmortem.Reference} has no section {string.Join(", ", unknown.Select(k => $"'{k}'"))}; its sections are: {string.Join(", ", postmortem.Sections.Select(s => s.Key))}.");
            }
            var edited = postmortem.Sections.Where(s => wanted.TryGetValue(s.Key, out var body) && body != Normalize(s.Body)).ToList();
            if (edited.Count == 0)
            {
                return Change.Nothing(wanted.Count == 0
                    ? $"Nothing to change in {postmortem.Reference}: name a section and its text."
                    : $"Nothing changed in {postmortem.Reference}: {Headings(postmortem.Sections.Where(s => wanted.ContainsKey(s.Key)))} already read so.");
            }
            var sections = postmortem.Sections.Select(s => wanted.TryGetValue(s.Key, out var body) ? s with { Body = body } : s).ToList();
            return Change.To(
                postmortem with { Sections = sections },
                IncidentEventKind.PostmortemEdited,
                $"Postmortem {postmortem.Reference}: {Headings(edited)} edited by {by.Name}");
        }, cancellationToken);
    }

    /// <summary>
    /// Moves the postmortem to <paramref name="state"/>: reviewed once its meeting was held (noting when), published
    /// when finalised, draft again to rework it. The same state again changes nothing.
    /// </summary>
    public Task<PostmortemResult> ChangeStateAsync(long postmortemId, PostmortemState state, Actor by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        return ChangeAsync(postmortemId, by, "change", (postmortem, _, _) =>
        {
            if (postmortem.State == state)
            {
                return Change.Nothing($"{postmortem.Reference} is already {Word(state)}.");
            }
            var now = time.GetUtcNow();
            var changed = postmortem with
            {
                State = state,
                MeetingHeldAt = state == PostmortemState.Reviewed ? postmortem.MeetingHeldAt ?? now : postmortem.MeetingHeldAt,
                PublishedAt = state == PostmortemState.Published ? postmortem.PublishedAt ?? now : state == PostmortemState.Draft ? null : postmortem.PublishedAt,
            };
            return Change.To(changed, IncidentEventKind.PostmortemStateChanged,
                $"Postmortem {postmortem.Reference} moved from {Word(postmortem.State)} to {Word(state)} by {by.Name}");
        }, cancellationToken);
    }

    /// <summary>Plans the postmortem meeting; says so when it is later than the book's 72 h after resolution for a priority that requires one.</summary>
    public Task<PostmortemResult> ScheduleMeetingAsync(long postmortemId, DateTimeOffset at, Actor by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        return ChangeAsync(postmortemId, by, "schedule the meeting of", (postmortem, incident, current) =>
        {
            var zone = PostmortemFacts.ZoneOf(current, postmortem.TeamId);
            if (postmortem.MeetingAt == at)
            {
                return Change.Nothing($"The meeting of {postmortem.Reference} is already planned for {PostmortemFacts.When(at, zone)}.");
            }
            var late = IsRequired(incident.Priority, current) && incident.Resolved is { } resolved && at > resolved.At + options.MeetingDueAfter
                ? $" (later than the {PostmortemReminders.Hours(options.MeetingDueAfter)} after resolution the book asks for: due by {PostmortemFacts.When(resolved.At + options.MeetingDueAfter, zone)})"
                : "";
            return Change.To(postmortem with { MeetingAt = at }, IncidentEventKind.PostmortemStateChanged,
                $"Postmortem {postmortem.Reference} meeting planned for {PostmortemFacts.When(at, zone)} by {by.Name}{late}");
        }, cancellationToken);
    }

    /// <summary>Whether the catalog's definition of the priority requires a postmortem (P1 by default).</summary>
    public static bool IsRequired(int? priority, ServiceCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return priority is { } level && catalog.FindPriority(level) is { PostmortemRequired: true };
    }

    /// <summary>Two lines about a postmortem for chat: its summary section's first paragraph, and the link to read it.</summary>
    public string Summary(Postmortem postmortem)
    {
        ArgumentNullException.ThrowIfNull(postmortem);
        var summary = postmortem.Sections.FirstOrDefault(s => s.Key.StartsWith("summary", StringComparison.Ordinal))?.Body.Trim() ?? "";
        var paragraph = summary.Split("\n\n")[0].ReplaceLineEndings(" ");
        if (paragraph.Length > 300)
        {
            paragraph = paragraph[..297] + "…";
        }
        return (paragraph.Length > 0 ? $"Summary: {paragraph}\n" : "")
            + $"Read it: {options.MarkdownLink(postmortem.Id)} · edit: postmortem {postmortem.Reference} set <section> <text>";
    }

    /// <summary>"A postmortem is required for P1: …", with the meeting's due time once resolved; empty when not required.</summary>
    private string Requirement(IncidentRecord incident, ServiceCatalog current)
    {
        if (!IsRequired(incident.Priority, current))
        {
            return "";
        }
        var due = incident.Resolved is { } resolved
            ? $"by {PostmortemFacts.When(resolved.At + options.MeetingDueAfter, PostmortemFacts.ZoneOf(current, incident.TeamId))}"
            : "once the incident is resolved";
        return $"A postmortem is required for P{incident.Priority}: hold its meeting within {PostmortemReminders.Hours(options.MeetingDueAfter)} of resolution, {due}.\n";
    }

    private PostmortemResult Existing(Postmortem postmortem, IncidentRecord incident, ServiceCatalog current) =>
        new(true,
            $"Incident #{incident.Id} already has postmortem {postmortem.Reference} ({Word(postmortem.State)}, version {postmortem.Version}), started by {postmortem.CreatedBy.Name} at {PostmortemFacts.When(postmortem.CreatedAt, PostmortemFacts.ZoneOf(current, postmortem.TeamId))}.\n{Summary(postmortem)}",
            postmortem);

    private async Task<PostmortemResult> ChangeAsync(
        long postmortemId, Actor by, string verb, Func<Postmortem, IncidentRecord, ServiceCatalog, Change> decide, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        return await store.WriteAsync(async session =>
        {
            if (await session.FindAsync(postmortemId, cancellationToken) is not { } postmortem)
            {
                return Refused($"There is no postmortem {PostmortemReference.Of(postmortemId)}.");
            }
            if (Refusal(current, postmortem.TeamId, by, $"{verb} postmortem {postmortem.Reference}") is { } refusal)
            {
                return new PostmortemResult(false, refusal, postmortem);
            }
            var incident = await session.Incidents.FindAsync(postmortem.IncidentId, cancellationToken)
                ?? throw new InvalidOperationException($"Postmortem {postmortem.Reference} names incident #{postmortem.IncidentId}, which does not exist.");
            var change = decide(postmortem, incident.ToRecord(), current);
            if (change.Changed is not { } changed)
            {
                return new PostmortemResult(change.Succeeded, change.Text, postmortem);
            }
            var now = time.GetUtcNow();
            changed = changed with { Version = postmortem.Version + 1, UpdatedAt = now };
            await session.SaveAsync(changed, cancellationToken);
            incident.Record(change.Kind, by, change.Text, now);
            await session.Incidents.SaveAsync(incident, cancellationToken);
            await ReplyInThreadAsync(session, incident.Id, incident.TeamId, current, change.Text, cancellationToken);
            return new PostmortemResult(true, $"{change.Text}.", changed);
        }, cancellationToken);
    }

    /// <summary>A thread reply under the incident's copies in its team channels (direct messages stay quiet).</summary>
    private Task ReplyInThreadAsync(IPostmortemSession session, long incidentId, string? teamId, ServiceCatalog current, string text, CancellationToken cancellationToken)
    {
        var channels = destinations.ChannelKeys(current, teamId);
        return session.Incidents.EnqueueReplyAsync(incidentId, text, channels, cancellationToken);
    }

    /// <summary>Why <paramref name="by"/> may not act on a team's postmortem, or null (<see cref="WhoMayAct"/>).</summary>
    public static string? Refusal(ServiceCatalog current, string? teamId, Actor by, string what) => WhoMayAct.Refusal(current, teamId, by, what);

    private static PostmortemResult Refused(string message) => new(false, message, null);

    private static string Normalize(string body) => (body ?? "").ReplaceLineEndings("\n").Trim();

    private static string Headings(IEnumerable<PostmortemSection> sections) => string.Join(", ", sections.Select(s => s.Heading));

    internal static string Word(PostmortemState state) => state.ToString().ToLowerInvariant();


    /// <summary>What a change decided: refused, nothing to do, or the changed postmortem with its timeline event.</summary>
    private sealed record Change(bool Succeeded, string Text, Postmortem? Changed, IncidentEventKind Kind)
    {
        public static Change Refuse(string text) => new(false, text, null, default);

        public static Change Nothing(string text) => new(true, text, null, default);

        public static Change To(Postmortem changed, IncidentEventKind kind, string text) => new(true, text, changed, kind);
    }
}

/// <summary>What a postmortem action did: the reply for the person, and the postmortem as it now stands (null when refused before one was found).</summary>
public sealed record PostmortemResult(bool Succeeded, string Message, Postmortem? Postmortem)
{
    public CommandReply ToReply() => new(Succeeded, Message);
}
