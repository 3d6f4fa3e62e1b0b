using Bot.Core.Catalog;
using Bot.Core.Commands;

namespace Bot.Core.Postmortems;

/// <summary>The action item line under <c>status &lt;team&gt;</c>: open items, overdue reviews, median lead and cycle time; nothing for a team without items.</summary>
public sealed class ActionItemStatusSection(CatalogHolder catalog, IActionItemStore store, TimeProvider time) : ITeamStatusSection
{
    public async Task<string?> ForTeamAsync(string teamId, CancellationToken cancellationToken)
    {
        var items = await store.ListAsync(new ActionItemQuery(TeamId: teamId), cancellationToken);
        return items.Count == 0 ? null : ActionItemSummary.Of(teamId, items, catalog.Current, time.GetUtcNow()).StatusLine();
    }
}
