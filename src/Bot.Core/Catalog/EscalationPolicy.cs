namespace Bot.Core.Catalog;

/// <summary>
/// What happens when nobody acknowledges: ordered steps, each waiting <see cref="EscalationStep.AckTimeout"/>
/// before the next, the whole chain repeated <see cref="RepeatCount"/> times. Any acknowledgement stops it.
/// </summary>
public sealed record EscalationPolicy(string Id, string Name, string TeamId, IReadOnlyList<EscalationStep> Steps, int RepeatCount);

/// <summary>One step: notify a target, then wait for an acknowledgement.</summary>
/// <param name="Target">Who is notified.</param>
/// <param name="TargetId">The rotation id (for rotation targets), member id, team id, or destination key (<c>slack:C0123</c>).</param>
public sealed record EscalationStep(EscalationTarget Target, string? TargetId, TimeSpan AckTimeout);

public enum EscalationTarget
{
    RotationMain,
    RotationBackup,
    Member,
    Team,
    /// <summary>A chat destination (a channel such as a manager's escalation channel), by its key.</summary>
    Destination,
}
