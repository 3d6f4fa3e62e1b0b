using Bot.Core.Catalog;
using Bot.Core.Commands;

namespace Bot.Core.Postmortems;

/// <summary>
/// Runs the <c>action</c> verb: reads its people (<c>@ana</c>, mentions) against the catalog and its dates in the
/// reader's time zone, then calls <see cref="ActionItems"/>; lists a team's items as the book's table.
/// </summary>
public sealed class ActionItemCommandFamily(CatalogHolder catalog, ActionItems actions, IActionItemStore store, TimeProvider time) : ICommandFamily
{
    public bool Runs(ResponseCommand command) =>
        command is AddActionItemCommand or MoveActionItemCommand or ChangeActionItemDriverCommand or ChangeActionItemReviewCommand or ListActionItemsCommand;

    public async Task<CommandReply> HandleAsync(ResponseCommand command, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = catalog.Current;
        switch (command)
        {
            case AddActionItemCommand add:
            {
                if (Driver(current, add.Driver) is not { } driver)
                {
                    return Unknown(add.Driver);
                }
                var (review, problem) = ReviewDate(current, context, add.ReviewOn);
                return problem is not null
                    ? problem
                    : (await actions.AddAsync(new NewActionItem(add.PostmortemId, add.Title, driver.Id, review, add.Priority), context.By, cancellationToken)).ToReply();
            }
            case MoveActionItemCommand move:
                return (await actions.MoveAsync(move.ActionItemId, move.State, context.By, cancellationToken)).ToReply();
            case ChangeActionItemDriverCommand change:
                return Driver(current, change.Driver) is { } person
                    ? (await actions.ChangeDriverAsync(change.ActionItemId, person.Id, context.By, cancellationToken)).ToReply()
                    : Unknown(change.Driver);
            case ChangeActionItemReviewCommand change:
            {
                var (review, problem) = ReviewDate(current, context, change.ReviewOn);
                return problem ?? (await actions.ChangeReviewAsync(change.ActionItemId, review, context.By, cancellationToken)).ToReply();
            }
            case ListActionItemsCommand list:
                return await ListAsync(current, list, context, cancellationToken);
            default:
                return new CommandReply(false, $"'{command}' is not an action item command.");
        }
    }

    private async Task<CommandReply> ListAsync(ServiceCatalog current, ListActionItemsCommand list, CommandContext context, CancellationToken cancellationToken)
    {
        var teamId = list.Team ?? context.ChannelTeamId ?? current.Teams.FirstOrDefault(t => t.FindMember(context.By.Id) is not null)?.Id;
        if (teamId is null)
        {
            return new CommandReply(false, $"Name a team, e.g. 'action list payments': you are in no team, and this channel belongs to none.\nUsage: {CommandGrammar.Usage("action")}");
        }
        if (current.FindTeam(teamId) is not { } team)
        {
            return new CommandReply(false, $"'{teamId}' is not a team in the catalog.\nUsage: {CommandGrammar.Usage("action")}");
        }
        var items = await store.ListAsync(new ActionItemQuery(TeamId: team.Id), cancellationToken);
        return new CommandReply(true, ActionItemTable.Render(team.Name, items, list.Filter, current, time.GetUtcNow()));
    }

    private static Member? Driver(ServiceCatalog current, string word) => CommandWords.Person(current, word);

    private static CommandReply Unknown(string word) =>
        new(false, $"'{word}' is not a person in the catalog; the driver must be one. Name them as @id, e.g. @ana.\nUsage: {CommandGrammar.Usage("action")}");

    /// <summary>The typed review date in the reader's zone (theirs, else the channel team's rotation's, else UTC); today or later.</summary>
    private (DateOnly Date, CommandReply? Problem) ReviewDate(ServiceCatalog current, CommandContext context, string word)
    {
        var zoneId = current.FindMember(context.By.Id)?.TimeZone
            ?? (context.ChannelTeamId is { } team ? current.RotationsOf(team).FirstOrDefault()?.TimeZone : null);
        var zone = CommandWords.Zone(zoneId);
        var now = time.GetUtcNow();
        if (ActionItemReviews.ParseDate(word, zone, now) is not { } date)
        {
            return (default, new CommandReply(false,
                $"'{word}' is not a review date; write 2026-06-10, today, tomorrow, +3d or +2w (in {zone.Id}).\nUsage: {CommandGrammar.Usage("action")}"));
        }
        var today = ActionItemReviews.Today(now, zone);
        return date < today
            ? (date, new CommandReply(false, $"The review date {date:yyyy-MM-dd} has passed (it is {today:yyyy-MM-dd} in {zone.Id}); pick today or later."))
            : (date, null);
    }
}
