using Bot.Core.Scheduling;

namespace Bot.Core.Postmortems;

/// <summary>An action item's review morning came (<see cref="ActionItemReviews.TimerKind"/>): remind its driver, if that is still due (<see cref="ActionItems.RemindAsync"/>).</summary>
public sealed class ActionItemReviewTimerHandler(ActionItems actions, IActionItemReviewLog log) : ITimerHandler
{
    public string Kind => ActionItemReviews.TimerKind;

    public async Task HandleAsync(TimerFired fired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fired);
        if (ActionItemReviews.Parse(fired.Key) is not { } review)
        {
            log.Write(fired.Key, "names no action item review; it is dropped");
            return;
        }
        log.Write(fired.Key, await actions.RemindAsync(review.ActionItemId, review.ReviewOn, cancellationToken));
    }
}

/// <summary>What each review timer did (reminded whom, or why nothing), for operators.</summary>
public interface IActionItemReviewLog
{
    void Write(TimerKey timer, string outcome);
}
