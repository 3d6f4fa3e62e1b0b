using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Core.Routing;
using Bot.Core.Scheduling;

namespace Bot.Core.Postmortems;

/// <summary>
/// The action item use cases (book §9.5, Table 9.23): add one to a postmortem, move it from New to Done, hand it to
/// another driver, move its review date, and remind the driver the morning of the review. Members of the owning team,
/// admins and the item's driver may change it. Each change commits with its timeline event on the incident (who, from
/// which platform, from → to) and a short reply in the incident's thread, in one transaction; the review timer is set
/// after the commit (<see cref="ActionItemReviewTimerSource"/> recovers one lost in between).
/// </summary>
public sealed class ActionItems(
    CatalogHolder catalog,
    IActionItemStore store,
    DestinationResolver destinations,
    ITimers timers,
    IDeliverySignal delivery,
    TimeProvider time)
{
    /// <summary>The longest title: it is a line of a table, not a description.</summary>
    public const int MaxTitleLength = 200;

    /// <summary>Adds an action item to a postmortem: state New, stamped now, its review reminder scheduled.</summary>
    public async Task<ActionItemResult> AddAsync(NewActionItem draft, Actor by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(by);
        var current = catalog.Current;
        var title = draft.Title.Trim();
        if (title.Length is 0 or > MaxTitleLength)
        {
            return Refused(ActionItemStatus.Invalid, $"An action item's title is 1 to {MaxTitleLength} characters; this one has {title.Length}.");
        }
        if (current.FindMember(draft.DriverId) is not { } driver)
        {
            return Refused(ActionItemStatus.Invalid, $"'{draft.DriverId}' is not a person in the catalog; the driver must be one.");
        }
        var result = await store.WriteAsync(
            async session =>
            {
                if (await session.FindPostmortemAsync(draft.PostmortemId, cancellationToken) is not { } postmortem)
                {
                    return Refused(ActionItemStatus.NotFound, $"There is no postmortem {PostmortemReference.Of(draft.PostmortemId)}.");
                }
                if (Refusal(current, postmortem.TeamId, null, by, $"add action items to {PostmortemReference.Of(postmortem.PostmortemId)}") is { } refusal)
                {
                    return Refused(ActionItemStatus.NotAllowed, refusal);
                }
                var incident = await session.Incidents.FindAsync(postmortem.IncidentId, cancellationToken)
                    ?? throw new InvalidOperationException($"{PostmortemReference.Of(postmortem.PostmortemId)} names incident #{postmortem.IncidentId}, which does not exist.");
                var now = time.GetUtcNow();
                var item = await session.AddAsync(
                    new ActionItem(0, postmortem.PostmortemId, postmortem.IncidentId, postmortem.TeamId, draft.Priority, title, driver.Id, draft.ReviewOn,
                        ActionItemState.New, now, by, Version: 1),
                    cancellationToken);
                string What(string driverName) => string.Create(CultureInfo.InvariantCulture,
                    $"{item.Reference} added to {PostmortemReference.Of(item.PostmortemId)}: {item.Title} ({PriorityText(item.Priority)}, driver {driverName}, review {item.ReviewOn:yyyy-MM-dd})");
                incident.Record(IncidentEventKind.ActionItemAdded, by, $"{What(driver.DisplayName)} by {by.Name}", now);
                await session.Incidents.SaveAsync(incident, cancellationToken);
                await session.Incidents.EnqueueReplyAsync(incident.Id, $"{What(ChatText.Mention(driver.Id))} ({by.Name})", TeamChannels(current, incident.TeamId), cancellationToken);
                return new ActionItemResult(ActionItemStatus.Done, $"{What(driver.DisplayName)}. Move it on with 'action {item.Reference} state ready'.", item);
            },
            cancellationToken);
        return await AfterWriteAsync(result, null, cancellationToken);
    }

    /// <summary>Moves an item to another state: forward by any number of steps, back by one (the refusal says where it can go).</summary>
    public Task<ActionItemResult> MoveAsync(long id, ActionItemState to, Actor by, CancellationToken cancellationToken) =>
        ChangeAsync(id, by, "move", item =>
        {
            var move = item.MoveTo(to, time.GetUtcNow());
            if (move.Refusal is { } refusal)
            {
                return Change.Refuse(refusal);
            }
            if (!move.Changed)
            {
                return Change.Unchanged($"{item.Reference} is already {ActionItemStates.Describe(to)}.");
            }
            var moved = move.Item;
            var times = moved.IsDone
                ? $" (lead time {ActionItemTimes.Duration(moved.LeadTime!.Value)}, cycle time {(moved.CycleTimeIsUpperBound ? "≤ " : "")}{ActionItemTimes.Duration(moved.CycleTime!.Value)})"
                : "";
            return Change.To(moved, _ => $"{item.Reference} {ActionItemStates.Describe(item.State)} → {ActionItemStates.Describe(to)}{times}: {item.Title}");
        }, cancellationToken);

    /// <summary>Hands an item to another driver (a catalog member); their reminder follows their time zone.</summary>
    public Task<ActionItemResult> ChangeDriverAsync(long id, string driverId, Actor by, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        if (current.FindMember(driverId) is not { } driver)
        {
            return Task.FromResult(Refused(ActionItemStatus.Invalid, $"'{driverId}' is not a person in the catalog; the driver must be one."));
        }
        return ChangeAsync(id, by, "change", item => item.DriverId == driver.Id
            ? Change.Unchanged($"{driver.DisplayName} already drives {item.Reference}.")
            : Change.To(item with { DriverId = driver.Id, Version = item.Version + 1 },
                name => $"{item.Reference} driver {current.FindMember(item.DriverId)?.DisplayName ?? item.DriverId} → {name}: {item.Title}", driver), cancellationToken);
    }

    /// <summary>Moves an item's review date; the reminder moves with it (and goes again for the new date).</summary>
    public Task<ActionItemResult> ChangeReviewAsync(long id, DateOnly reviewOn, Actor by, CancellationToken cancellationToken) =>
        ChangeAsync(id, by, "change", item => item.ReviewOn == reviewOn
            ? Change.Unchanged(string.Create(CultureInfo.InvariantCulture, $"{item.Reference} is already up for review on {reviewOn:yyyy-MM-dd}."))
            : Change.To(item with { ReviewOn = reviewOn, Version = item.Version + 1 },
                _ => string.Create(CultureInfo.InvariantCulture, $"{item.Reference} review date {item.ReviewOn:yyyy-MM-dd} → {reviewOn:yyyy-MM-dd}: {item.Title}")), cancellationToken);

    /// <summary>
    /// The review reminder of <paramref name="reviewOn"/> (a timer of <see cref="ActionItemReviews.TimerKind"/> came due):
    /// a direct message to the driver (a copy of the incident with the reminder in its thread; the team's channels when
    /// the driver has no direct destination) and a <see cref="IncidentEventKind.Reminded"/> event, once per item and
    /// date. Nothing when the item is done, its date changed, it was reminded of the date, or the date has passed.
    /// </summary>
    /// <returns>What it did or why it did nothing, for the log.</returns>
    public async Task<string> RemindAsync(long id, DateOnly reviewOn, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        var reference = PostmortemReference.OfActionItem(id);
        var written = await store.WriteAsync<string>(
            async session =>
            {
                var item = await session.FindAsync(id, cancellationToken);
                if (ReminderSkip(current, item, reviewOn) is { } skip)
                {
                    return skip;
                }
                var now = time.GetUtcNow();
                var reminded = item! with { RemindedOn = reviewOn, Version = item.Version + 1 };
                await session.SaveAsync(reminded, cancellationToken);
                var incident = await session.Incidents.FindAsync(item.IncidentId, cancellationToken)
                    ?? throw new InvalidOperationException($"{reference} names incident #{item.IncidentId}, which does not exist.");
                var driver = current.FindMember(item.DriverId);
                var direct = driver is null ? [] : destinations.DirectTo(current, driver).Select(d => d.Key).ToList();
                var text = string.Create(CultureInfo.InvariantCulture,
                    $"Review due today for {reference} ({PostmortemReference.Of(item.PostmortemId)}, #{item.IncidentId}): {item.Title} — state {ActionItemStates.Describe(item.State)}. "
                    + $"action {reference} state {string.Join('|', item.AllowedMoves.Where(s => s > item.State).Select(ActionItemStates.Word))}");
                if (direct.Count > 0)
                {
                    // Delivery carries incidents and notices: the reminder is a reply under the incident's copy in the DM.
                    await session.Incidents.EnqueuePostsAsync(incident.Id, direct, cancellationToken);
                    await session.Incidents.EnqueueReplyAsync(incident.Id, text, direct, cancellationToken);
                }
                else
                {
                    await session.Incidents.EnqueueReplyAsync(incident.Id, $"{ChatText.Mention(item.DriverId)} {text}", TeamChannels(current, incident.TeamId), cancellationToken);
                }
                var how = direct.Count > 0 ? "by direct message" : "in the team's channels (no direct message destination)";
                incident.Record(IncidentEventKind.Reminded, ReviewActor(id, reviewOn),
                    string.Create(CultureInfo.InvariantCulture, $"Review of {reference} due {reviewOn:yyyy-MM-dd}: reminded its driver {driver?.DisplayName ?? item.DriverId} {how}"), now);
                await session.Incidents.SaveAsync(incident, cancellationToken);
                return $"reminded {item.DriverId} {how}";
            },
            cancellationToken);
        delivery.Notify();
        return $"{reference} review {reviewOn:yyyy-MM-dd}: {written}";
    }

    /// <summary>Sets the item's review timer when one should be pending, removes it when not (done, or reminded).</summary>
    public async Task SyncReminderAsync(ActionItem item, DateOnly? previousReviewOn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (previousReviewOn is { } previous && previous != item.ReviewOn)
        {
            await timers.CancelAsync(ActionItemReviews.TimerFor(item.Id, previous), cancellationToken);
        }
        var key = ActionItemReviews.TimerFor(item.Id, item.ReviewOn);
        if (ActionItemReviews.ReminderDue(catalog.Current, item, time.GetUtcNow()) is { } due)
        {
            await timers.ScheduleAsync(key, due, cancellationToken);
        }
        else
        {
            await timers.CancelAsync(key, cancellationToken);
        }
    }

    /// <summary>Why the reminder of <paramref name="reviewOn"/> is not (or no longer) due; null when it is.</summary>
    private string? ReminderSkip(ServiceCatalog current, ActionItem? item, DateOnly reviewOn) =>
        item is null ? "the action item does not exist"
        : item.IsDone ? "it is done"
        : item.ReviewOn != reviewOn ? string.Create(CultureInfo.InvariantCulture, $"its review date moved to {item.ReviewOn:yyyy-MM-dd}")
        : item.RemindedOn == reviewOn ? "its driver was already reminded"
        : ActionItemReviews.Today(time.GetUtcNow(), ActionItemReviews.ZoneOf(current, item)) > reviewOn ? "the review date has passed"
        : null;

    private static Actor ReviewActor(long id, DateOnly reviewOn) =>
        new(ActionItemReviews.TimerFor(id, reviewOn).ToString(), "Action item review reminder", ActionSource.Scheduler);

    private async Task<ActionItemResult> ChangeAsync(long id, Actor by, string verb, Func<ActionItem, Change> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(by);
        var current = catalog.Current;
        DateOnly? previousReview = null;
        var result = await store.WriteAsync(
            async session =>
            {
                var reference = PostmortemReference.OfActionItem(id);
                if (await session.FindAsync(id, cancellationToken) is not { } item)
                {
                    return Refused(ActionItemStatus.NotFound, $"There is no action item {reference}.");
                }
                if (Refusal(current, item.TeamId, item.DriverId, by, $"{verb} {reference}") is { } refusal)
                {
                    return Refused(ActionItemStatus.NotAllowed, refusal);
                }
                var outcome = change(item);
                if (outcome.Refusal is { } refused)
                {
                    return new ActionItemResult(ActionItemStatus.NotAllowed, refused, item);
                }
                if (outcome.Item is not { } changed)
                {
                    return new ActionItemResult(ActionItemStatus.AlreadyDone, outcome.Message, item);
                }
                previousReview = item.ReviewOn;
                await session.SaveAsync(changed, cancellationToken);
                var incident = await session.Incidents.FindAsync(item.IncidentId, cancellationToken)
                    ?? throw new InvalidOperationException($"{reference} names incident #{item.IncidentId}, which does not exist.");
                var named = outcome.Describe(outcome.Mentioned?.DisplayName ?? "");
                incident.Record(IncidentEventKind.ActionItemChanged, by, $"{named} (by {by.Name})", time.GetUtcNow());
                await session.Incidents.SaveAsync(incident, cancellationToken);
                var reply = outcome.Describe(outcome.Mentioned is { } person ? ChatText.Mention(person.Id) : "");
                await session.Incidents.EnqueueReplyAsync(incident.Id, $"{reply} ({by.Name})", TeamChannels(current, incident.TeamId), cancellationToken);
                return new ActionItemResult(ActionItemStatus.Done, $"{named}.", changed);
            },
            cancellationToken);
        return await AfterWriteAsync(result, previousReview, cancellationToken);
    }

    private async Task<ActionItemResult> AfterWriteAsync(ActionItemResult result, DateOnly? previousReview, CancellationToken cancellationToken)
    {
        if (result is { Status: ActionItemStatus.Done, Item: { } item })
        {
            delivery.Notify();
            await SyncReminderAsync(item, previousReview, cancellationToken);
        }
        return result;
    }

    /// <summary>
    /// Who may change a team's action items: its members, its admins, the catalog's admins, and the item's driver; for an
    /// unrouted incident's, anyone in the catalog.
    /// </summary>
    private static string? Refusal(ServiceCatalog current, string? teamId, string? driverId, Actor by, string what) =>
        by.Id == driverId ? null : WhoMayAct.Refusal(current, teamId, by, what, ", admins and the driver");

    private IReadOnlyList<string> TeamChannels(ServiceCatalog current, string? teamId) =>
        destinations.ChannelKeys(current, teamId);

    private static string PriorityText(int? priority) => priority is { } p ? $"P{p}" : "no priority";

    private static ActionItemResult Refused(ActionItemStatus status, string message) => new(status, message, null);

    /// <summary>
    /// What a change does: the item changed, described by <see cref="Describe"/> (given how to name <see cref="Mentioned"/>:
    /// their name on the timeline, a mention in the thread), nothing (<see cref="Message"/> says why), or a refusal.
    /// </summary>
    private sealed record Change(ActionItem? Item, Func<string, string> Describe, string Message, string? Refusal, Member? Mentioned)
    {
        public static Change To(ActionItem item, Func<string, string> describe, Member? mentioned = null) => new(item, describe, "", null, mentioned);

        public static Change Unchanged(string message) => new(null, _ => message, message, null, null);

        public static Change Refuse(string refusal) => new(null, _ => refusal, refusal, refusal, null);
    }
}

/// <summary>What <c>action add</c> asks for, read: the driver a catalog member id, the review date in the reader's zone.</summary>
public sealed record NewActionItem(long PostmortemId, string Title, string DriverId, DateOnly ReviewOn, int? Priority);

/// <summary>What an action item use case did: the reply for the person, and the item as it now stands (null when none was found or made).</summary>
public sealed record ActionItemResult(ActionItemStatus Status, string Message, ActionItem? Item)
{
    public bool Succeeded => Status is ActionItemStatus.Done or ActionItemStatus.AlreadyDone;

    public CommandReply ToReply() => new(Succeeded, Message);
}

public enum ActionItemStatus
{
    Done,
    AlreadyDone,
    NotFound,
    NotAllowed,
    Invalid,
}
