using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Postmortems;
using Bot.Host.Admin;
using Bot.Host.Incidents;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bot.Host.Postmortems;

/// <summary>
/// The postmortem API: <c>GET /api/postmortems/{id}.md</c> (the whole document, action items live), <c>GET
/// /api/postmortems/{id}</c> (JSON), <c>GET /api/postmortems?team=&amp;state=&amp;overdue=</c>, <c>PUT
/// /api/postmortems/{id}/sections/{key}</c> (admin token), and <c>GET /api/incidents/{id}/timeline</c>, the audit trail.
/// Reads are open like <c>GET /api/incidents</c>.
/// </summary>
public static class PostmortemEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    /// <summary>The postmortem and action item API, and an incident's timeline (the audit trail).</summary>
    public static IEndpointRouteBuilder MapPostmortemEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var postmortems = app.MapGroup("/api/postmortems").WithTags("Postmortems");
        postmortems.MapGet("/", ListAsync);
        postmortems.MapGet("/{id:long}.md", MarkdownAsync);
        postmortems.MapGet("/{id:long}", GetAsync);
        postmortems.MapGroup("").RequireAdminToken().MapPut("/{id:long}/sections/{key}", EditSectionAsync);
        app.MapGroup("/api/incidents").WithTags("Incidents").MapGet("/{id:long}/timeline", TimelineAsync);
        return app;
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> MarkdownAsync(
        long id, IPostmortemStore store, CatalogHolder catalog, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } postmortem)
        {
            return NotFound(id);
        }
        var items = await ActionItemsAsync(services, postmortem.Id, cancellationToken);
        return TypedResults.Text(PostmortemDocument.Markdown(postmortem, items, catalog.Current), "text/markdown; charset=utf-8");
    }

    private static async Task<Results<Ok<PostmortemResponse>, ProblemHttpResult>> GetAsync(
        long id, IPostmortemStore store, IIncidentStore incidents, PostmortemReminders reminders, PostmortemOptions options, CatalogHolder catalog,
        IServiceProvider services, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } postmortem)
        {
            return NotFound(id);
        }
        return TypedResults.Ok(await ResponseAsync(postmortem, incidents, reminders, options, catalog.Current, services, cancellationToken));
    }

    /// <summary>Postmortems, newest first, by owning team, state, and whether their meeting is overdue.</summary>
    private static async Task<Results<Ok<PostmortemSummaryResponse[]>, ProblemHttpResult>> ListAsync(
        IPostmortemStore store, PostmortemReminders reminders, PostmortemOptions options, CatalogHolder catalog,
        string? team, string? state, string? overdue, int? limit, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(team) && catalog.Current.FindTeam(team) is null)
        {
            return BadRequest("Invalid team", $"team '{team}' is not a team in the catalog.");
        }
        PostmortemState? wanted = null;
        if (!string.IsNullOrEmpty(state))
        {
            wanted = state.ToLowerInvariant() switch
            {
                "draft" => PostmortemState.Draft,
                "reviewed" => PostmortemState.Reviewed,
                "published" => PostmortemState.Published,
                _ => null,
            };
            if (wanted is null)
            {
                return BadRequest("Invalid state", $"state '{state}' is not a postmortem state; use draft, reviewed or published.");
            }
        }
        bool? late = null;
        if (!string.IsNullOrEmpty(overdue))
        {
            late = overdue.ToLowerInvariant() switch
            {
                "true" => true,
                "false" => false,
                _ => null,
            };
            if (late is null)
            {
                return BadRequest("Invalid overdue", $"overdue must be true or false, got '{overdue}'.");
            }
        }
        if (limit is < 1 or > MaxLimit)
        {
            return BadRequest("Invalid limit", $"limit must be between 1 and {MaxLimit}, got {limit}.");
        }
        var teamId = string.IsNullOrEmpty(team) ? null : team;
        var overdueIds = await OverdueIdsAsync(reminders, teamId, cancellationToken);
        var listed = await store.ListAsync(new PostmortemQuery(teamId, wanted, late is null ? limit ?? DefaultLimit : MaxLimit), cancellationToken);
        return TypedResults.Ok(listed
            .Where(p => late is null || overdueIds.Contains(p.Id) == late)
            .Take(limit ?? DefaultLimit)
            .Select(p => PostmortemSummaryResponse.From(p, overdueIds.Contains(p.Id), options))
            .ToArray());
    }

    /// <summary>Replaces one section's text, as <c>postmortem PM-3 set &lt;section&gt; &lt;text&gt;</c> does, on behalf of the catalog member <c>by</c>.</summary>
    private static async Task<Results<Ok<PostmortemResponse>, ProblemHttpResult>> EditSectionAsync(
        long id, string key, SectionEditRequest request, PostmortemActions actions, IPostmortemStore store, IIncidentStore incidents,
        PostmortemReminders reminders, PostmortemOptions options, CatalogHolder catalog, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (request?.Body is null)
        {
            return BadRequest("Invalid body", "body is required: the section's new Markdown text (\"\" empties it).");
        }
        var current = catalog.Current;
        if (string.IsNullOrWhiteSpace(request.By) || current.FindMember(request.By) is not { } member)
        {
            return BadRequest("Invalid by", $"by must be the catalog member id of the person editing, got '{request.By}'.");
        }
        if (await store.FindAsync(id, cancellationToken) is not { } postmortem)
        {
            return NotFound(id);
        }
        var slug = PostmortemTemplate.Slug(key);
        if (postmortem.Sections.All(s => s.Key != slug))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Section not found",
                detail: $"{postmortem.Reference} has no section '{key}'; its sections are: {string.Join(", ", postmortem.Sections.Select(s => s.Key))}.");
        }
        var by = new Actor(member.Id, member.DisplayName, ActionSource.Api);
        if (PostmortemActions.Refusal(current, postmortem.TeamId, by, $"edit postmortem {postmortem.Reference}") is { } refusal)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed", detail: refusal);
        }
        var result = await actions.EditSectionsAsync(id, new Dictionary<string, string> { [slug] = request.Body }, by, cancellationToken);
        if (!result.Succeeded || result.Postmortem is not { } edited)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Edit refused", detail: result.Message);
        }
        return TypedResults.Ok(await ResponseAsync(edited, incidents, reminders, options, current, services, cancellationToken));
    }

    /// <summary>The incident's audit trail: every event, oldest first, with who did it from which platform.</summary>
    private static async Task<Results<Ok<TimelineEntryResponse[]>, ProblemHttpResult>> TimelineAsync(long id, IIncidentStore store, CancellationToken cancellationToken)
    {
        if (await store.FindAsync(id, cancellationToken) is not { } details)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Incident not found", detail: $"There is no incident {id}.");
        }
        return TypedResults.Ok(details.Timeline.Select(e => new TimelineEntryResponse(e.At, e.Kind, ActorResponse.From(e.By), e.Text)).ToArray());
    }

    private static async Task<PostmortemResponse> ResponseAsync(
        Postmortem postmortem, IIncidentStore incidents, PostmortemReminders reminders, PostmortemOptions options, ServiceCatalog catalog,
        IServiceProvider services, CancellationToken cancellationToken)
    {
        var incident = (await incidents.FindAsync(postmortem.IncidentId, cancellationToken))?.Incident;
        var overdue = reminders.IsMeetingOverdue(postmortem, incident, services.GetRequiredService<TimeProvider>().GetUtcNow());
        var items = await ActionItemsAsync(services, postmortem.Id, cancellationToken);
        return PostmortemResponse.From(postmortem, incident, items, catalog, overdue, options);
    }

    private static async Task<HashSet<long>> OverdueIdsAsync(PostmortemReminders reminders, string? teamId, CancellationToken cancellationToken) =>
        [.. (await reminders.OverdueAsync(teamId, cancellationToken)).Where(d => d.Postmortem is not null && d.Postmortem.State == PostmortemState.Draft).Select(d => d.Postmortem!.Id)];

    private static async Task<IReadOnlyList<ActionItem>> ActionItemsAsync(IServiceProvider services, long postmortemId, CancellationToken cancellationToken) =>
        services.GetService<IActionItemStore>() is { } store
            ? await store.ListAsync(new ActionItemQuery(PostmortemId: postmortemId), cancellationToken)
            : [];

    private static ProblemHttpResult NotFound(long id) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Postmortem not found", detail: $"There is no postmortem {PostmortemReference.Of(id)}.");

    private static ProblemHttpResult BadRequest(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail);
}

/// <summary>The body of <c>PUT /api/postmortems/{id}/sections/{key}</c>.</summary>
/// <param name="Body">The section's new Markdown.</param>
/// <param name="By">The catalog member id of the person editing (a member of the owning team, or an admin).</param>
public sealed record SectionEditRequest(string? Body, string? By);

/// <summary>A postmortem as <c>GET /api/postmortems/{id}</c> shows it.</summary>
/// <param name="Sections">The editable sections; a body may hold <c>{{action_items}}</c>, where the Markdown export shows <see cref="ActionItems"/>.</param>
/// <param name="Overdue">Its priority requires it and its meeting is past due while it is still a draft.</param>
public sealed record PostmortemResponse(
    long Id,
    string Reference,
    PostmortemIncidentResponse Incident,
    string? Team,
    PostmortemState State,
    string Template,
    string Title,
    IReadOnlyList<PostmortemSectionResponse> Sections,
    IReadOnlyList<PostmortemActionItemResponse> ActionItems,
    DateTimeOffset? MeetingAt,
    DateTimeOffset? MeetingHeldAt,
    DateTimeOffset? PublishedAt,
    DateTimeOffset CreatedAt,
    PostmortemActorResponse CreatedBy,
    DateTimeOffset UpdatedAt,
    int Version,
    bool Overdue,
    PostmortemLinksResponse Links)
{
    public static PostmortemResponse From(
        Postmortem postmortem, IncidentRecord? incident, IReadOnlyList<ActionItem> items, ServiceCatalog catalog, bool overdue, PostmortemOptions options) => new(
        postmortem.Id,
        postmortem.Reference,
        new PostmortemIncidentResponse(
            postmortem.IncidentId, incident?.Title, incident?.Priority is { } p ? $"P{p}" : null, incident?.Severity, incident?.State, incident?.Resolved?.At),
        postmortem.TeamId,
        postmortem.State,
        postmortem.Template,
        postmortem.Title,
        [.. postmortem.Sections.Select(s => new PostmortemSectionResponse(s.Key, s.Heading, s.Level, s.Body))],
        [.. items.Select(i => new PostmortemActionItemResponse(
            i.Id, i.Reference, i.Priority is { } ip ? $"P{ip}" : null, i.Title, i.DriverId, catalog.FindMember(i.DriverId)?.DisplayName ?? i.DriverId, i.ReviewOn, i.State))],
        postmortem.MeetingAt,
        postmortem.MeetingHeldAt,
        postmortem.PublishedAt,
        postmortem.CreatedAt,
        new PostmortemActorResponse(postmortem.CreatedBy.Id, postmortem.CreatedBy.Name, postmortem.CreatedBy.Source),
        postmortem.UpdatedAt,
        postmortem.Version,
        overdue,
        PostmortemLinksResponse.For(postmortem, options));
}

/// <summary>A postmortem as <c>GET /api/postmortems</c> lists it (no sections).</summary>
public sealed record PostmortemSummaryResponse(
    long Id, string Reference, long IncidentId, string? Team, PostmortemState State, string Title, DateTimeOffset? MeetingAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, int Version, bool Overdue, PostmortemLinksResponse Links)
{
    public static PostmortemSummaryResponse From(Postmortem postmortem, bool overdue, PostmortemOptions options) => new(
        postmortem.Id, postmortem.Reference, postmortem.IncidentId, postmortem.TeamId, postmortem.State, postmortem.Title, postmortem.MeetingAt,
        postmortem.CreatedAt, postmortem.UpdatedAt, postmortem.Version, overdue, PostmortemLinksResponse.For(postmortem, options));
}

/// <summary>The incident a postmortem is about; its fields are absent if the incident cannot be read.</summary>
public sealed record PostmortemIncidentResponse(long Id, string? Title, string? Priority, IncidentSeverity? Severity, IncidentState? State, DateTimeOffset? ResolvedAt);

/// <param name="Key">What <c>PUT …/sections/{key}</c> and <c>postmortem PM-3 set &lt;key&gt;</c> take.</param>
public sealed record PostmortemSectionResponse(string Key, string Heading, int Level, string Body);

public sealed record PostmortemActionItemResponse(long Id, string Reference, string? Priority, string Title, string DriverId, string Driver, DateOnly ReviewOn, ActionItemState State);

public sealed record PostmortemActorResponse(string Id, string Name, ActionSource Source);

/// <param name="Markdown">The whole document, for people; <c>Postmortems:PublicBaseUrl</c> based.</param>
public sealed record PostmortemLinksResponse(Uri Markdown, Uri Self, Uri Incident, Uri Timeline)
{
    public static PostmortemLinksResponse For(Postmortem postmortem, PostmortemOptions options) => new(
        options.MarkdownLink(postmortem.Id),
        new Uri(options.PublicBaseUrl, $"/api/postmortems/{postmortem.Id}"),
        new Uri(options.PublicBaseUrl, $"/api/incidents/{postmortem.IncidentId}"),
        new Uri(options.PublicBaseUrl, $"/api/incidents/{postmortem.IncidentId}/timeline"));
}
