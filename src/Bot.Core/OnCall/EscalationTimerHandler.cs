using Bot.Core.Scheduling;

namespace Bot.Core.OnCall;

/// <summary>An escalation step's timer came due: run the step, if it still is (<see cref="Escalations.RunStepAsync"/>).</summary>
public sealed class EscalationTimerHandler(Escalations escalations, IEscalationLog log) : ITimerHandler
{
    public string Kind => EscalationChain.TimerKind;

    public async Task HandleAsync(TimerFired fired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fired);
        if (EscalationChain.Parse(fired.Key) is not { } step)
        {
            log.Write(new EscalationOutcome(0, -1, EscalationResult.Skipped, $"timer {fired.Key} names no incident step; it is dropped"));
            return;
        }
        await escalations.RunStepAsync(step.IncidentId, step.Step, cancellationToken);
    }
}
