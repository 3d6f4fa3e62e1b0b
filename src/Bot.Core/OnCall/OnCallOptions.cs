namespace Bot.Core.OnCall;

/// <summary>How handoff prompts behave. Bound from the <c>OnCall</c> configuration section.</summary>
public sealed class OnCallOptions
{
    /// <summary>
    /// How long the incoming on-call has to accept a handoff prompt before a reminder goes to them (direct message)
    /// and to the team's channel (a thread reply that mentions them).
    /// </summary>
    public TimeSpan HandoffReminderAfter { get; set; } = TimeSpan.FromHours(1);
}
