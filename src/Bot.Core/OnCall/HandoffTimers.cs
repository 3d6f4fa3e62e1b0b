using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Scheduling;

namespace Bot.Core.OnCall;

/// <summary>
/// Keeps one pending <c>handoff</c> timer per rotation of the catalog, due at its next scheduled handoff. Run at
/// start-up and after each catalog reload: a changed handoff time moves the timer (same key, new time), a rotation
/// that is gone or renumbered loses its stale future timer. A timer already past due (the bot was down at the
/// handoff) is kept: it fires once, and its prompt says it is late.
/// </summary>
public sealed class HandoffTimerSource(CatalogHolder catalog, TimeProvider time) : ITimerSource
{
    public async Task SyncAsync(ITimers timers, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var wanted = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var rotation in catalog.Current.Rotations)
        {
            var (key, dueAt) = HandoffPrompts.NextHandoffTimer(rotation, now);
            wanted[rotation.Id] = HandoffPrompts.ParseHandoffTimer(key)!.Value.ShiftNumber;
            await timers.ScheduleAsync(key, dueAt, cancellationToken);
        }
        foreach (var pending in await timers.ListAsync(HandoffPrompts.TimerKind, cancellationToken))
        {
            var parsed = HandoffPrompts.ParseHandoffTimer(pending.Key);
            var stale = parsed is not { } handoff
                || !wanted.TryGetValue(handoff.RotationId, out var next)
                || (handoff.ShiftNumber != next && pending.DueAt > now);
            if (stale)
            {
                await timers.CancelAsync(pending.Key, cancellationToken);
            }
        }
    }
}

/// <summary>A rotation's handoff came due: post its prompt (once) and set the next handoff's timer.</summary>
public sealed class HandoffTimerHandler(HandoffPrompts prompts) : ITimerHandler
{
    public string Kind => HandoffPrompts.TimerKind;

    public async Task HandleAsync(TimerFired fired, CancellationToken cancellationToken)
    {
        if (HandoffPrompts.ParseHandoffTimer(fired.Key) is { } handoff)
        {
            await prompts.PostScheduledAsync(handoff.RotationId, handoff.ShiftNumber, cancellationToken);
        }
    }
}

/// <summary>A prompt's reminder came due: remind the incoming main when they have not accepted.</summary>
public sealed class HandoffReminderHandler(HandoffPrompts prompts) : ITimerHandler
{
    public string Kind => HandoffPrompts.ReminderKind;

    public async Task HandleAsync(TimerFired fired, CancellationToken cancellationToken)
    {
        if (long.TryParse(fired.Key.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var noticeId))
        {
            await prompts.RemindAsync(noticeId, cancellationToken);
        }
    }
}
