namespace Bot.Core.Catalog;

/// <summary>
/// What happens when nobody acknowledges: ordered steps, each waiting <see cref="EscalationStep.AckTimeout"/>
/// before the next, the whole chain repeated <see cref="RepeatCount"/> times. Any acknowledgement stops it.
/// </summary>
public sealed record EscalationPolicy(string Id, string Name, string TeamId, IReadOnlyList<EscalationStep> Steps, int RepeatCount);

/// <summary>One step: notify a target, then wait for an acknowledgement.</summary>
/// <param name="Target">Who is notified.</param>
/// <param name="TargetId">The rotation id (for rotation targets), member id, or team id.</param>
public sealed record EscalationStep(EscalationTarget Target, string? TargetId, TimeSpan AckTimeout);

public enum EscalationTarget
{
    RotationMain,
    RotationBackup,
    Member,
    Team,
}
