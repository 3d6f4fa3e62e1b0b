using Bot.Core.Catalog;
using Bot.Core.Postmortems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bot.Host.Postmortems;

public static class ActionItemEndpoints
{
    /// <summary>The action item API: action items per team and postmortem, with lead and cycle times.</summary>
    public static IEndpointRouteBuilder MapActionItemEndpoints(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // A read model like GET /api/incidents: open to whoever reaches the bot.
        app.MapGroup("/api/action-items").WithTags("Action items").MapGet("/", ListAsync);
        return app;
    }

    /// <summary>
    /// <c>GET /api/action-items?team=&amp;postmortem=&amp;state=</c>: the items (by postmortem, then id) with their lead and
    /// cycle times, and per team of the items the figures over its done ones. <c>state</c> is a state word or <c>open</c> (not done).
    /// </summary>
    private static async Task<Results<Ok<ActionItemListResponse>, ProblemHttpResult>> ListAsync(
        IActionItemStore store, CatalogHolder catalog, TimeProvider time, string? team, string? postmortem, string? state, CancellationToken cancellationToken)
    {
        long? postmortemId = null;
        if (!string.IsNullOrEmpty(postmortem))
        {
            if (!PostmortemReference.TryParse(postmortem, out var id))
            {
                return Invalid("postmortem", $"postmortem '{postmortem}' is not a postmortem id; write it as PM-7 or 7.");
            }
            postmortemId = id;
        }
        ActionItemState? wanted = null;
        var openOnly = false;
        if (!string.IsNullOrEmpty(state))
        {
            if (state.Equals("open", StringComparison.OrdinalIgnoreCase))
            {
                openOnly = true;
            }
            else if (ActionItemStates.TryParse(state, out var parsed))
            {
                wanted = parsed;
            }
            else
            {
                return Invalid("state", $"state '{state}' is not an action item state; use open, {string.Join(", ", ActionItemStates.Words)}.");
            }
        }
        var current = catalog.Current;
        if (!string.IsNullOrEmpty(team) && current.FindTeam(team) is null)
        {
            return Invalid("team", $"team '{team}' is not a team in the catalog.");
        }

        var teamId = string.IsNullOrEmpty(team) ? null : team;
        var items = (await store.ListAsync(new ActionItemQuery(postmortemId, teamId, wanted, int.MaxValue), cancellationToken))
            .Where(i => !openOnly || !i.IsDone)
            .ToList();
        // The team figures cover all of a team's items, whatever the filters kept.
        var now = time.GetUtcNow();
        var teams = new List<ActionItemTeamResponse>();
        foreach (var teamOfItems in items.Select(i => i.TeamId).Distinct().Order(StringComparer.Ordinal))
        {
            var all = await store.ListAsync(new ActionItemQuery(TeamId: teamOfItems, Limit: int.MaxValue), cancellationToken);
            var ofTeam = teamOfItems is null ? [.. all.Where(i => i.TeamId is null)] : all;
            teams.Add(ActionItemTeamResponse.From(ActionItemSummary.Of(teamOfItems, ofTeam, current, now)));
        }
        return TypedResults.Ok(new ActionItemListResponse([.. items.Select(i => ActionItemResponse.From(i, current, now))], [.. teams]));
    }

    private static ProblemHttpResult Invalid(string parameter, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: $"Invalid {parameter}", detail: detail);
}
