namespace Bot.Core.Catalog;

/// <summary>
/// What happens when nobody acknowledges: ordered steps, each waiting <see cref="EscalationStep.AckTimeout"/>
/// before the next, the whole chain repeated <see cref="RepeatCount"/> times. Any acknowledgement stops it.
/// </summary>
public sealed record EscalationPolicy(string Id, string Name, string TeamId, IReadOnlyList<EscalationStep> Steps, int RepeatCount)
{
    /// <summary>How long each step of a default policy waits for an acknowledgement.</summary>
    public static TimeSpan DefaultAckTimeout { get; } = TimeSpan.FromMinutes(15);

    /// <summary>True for the policy the catalog gives a rotation that names none (<see cref="DefaultFor"/>).</summary>
    public bool IsDefault { get; init; }

    /// <summary>The id of a rotation's default policy: <c>&lt;rotation id&gt;-default</c>.</summary>
    public static string DefaultIdFor(string rotationId) => $"{rotationId}-default";

    /// <summary>
    /// The book's starting policy (§8.2) for a rotation that names none: its main, then its backup when the shape has
    /// one, each waiting <see cref="DefaultAckTimeout"/>, repeated once.
    /// </summary>
    public static EscalationPolicy DefaultFor(Rotation rotation)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        EscalationStep main = new(EscalationTarget.RotationMain, rotation.Id, DefaultAckTimeout);
        IReadOnlyList<EscalationStep> steps = rotation.HasBackup
            ? [main, new EscalationStep(EscalationTarget.RotationBackup, rotation.Id, DefaultAckTimeout)]
            : [main];
        return new EscalationPolicy(DefaultIdFor(rotation.Id), $"{rotation.Name} (default)", rotation.TeamId, steps, RepeatCount: 1) { IsDefault = true };
    }
}

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
