using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Routing;
using Bot.Core.Scheduling;

namespace Bot.Core.OnCall;

/// <summary>
/// The arithmetic of an escalation chain, with no clock and no database. Steps are numbered globally from 0: step
/// <c>n</c> runs <c>policy.Steps[n % Steps.Count]</c> in round <c>n / Steps.Count</c>, and a policy has
/// <c>Steps.Count × (RepeatCount + 1)</c> steps in all. Step 0 pages when the incident opens; step <c>n + 1</c> comes
/// step <c>n</c>'s ack timeout after step <c>n</c> ran. Each step that ran is an <see cref="IncidentEventKind.Escalated"/>
/// event on the incident's timeline, its actor naming the step's timer, so the timeline alone says where a chain stands.
/// </summary>
public static partial class EscalationChain
{
    /// <summary>The timer kind of escalation steps.</summary>
    public const string TimerKind = "escalation";

    /// <summary>The timer of step <paramref name="step"/> of an incident's chain: <c>escalation/incident-42-step-2</c>.</summary>
    public static TimerKey TimerFor(long incidentId, int step) =>
        new(TimerKind, string.Create(CultureInfo.InvariantCulture, $"incident-{incidentId}-step-{step}"));

    /// <summary>The incident and step a timer of <see cref="TimerKind"/> names; null for any other key.</summary>
    public static EscalationStepRef? Parse(TimerKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Kind == TimerKind ? ParseId(key.Id) : null;
    }

    /// <summary>
    /// The policy an incident follows (<see cref="OutOfHoursRouting.EscalationPolicyFor"/>): the out-of-hours rotation's
    /// when one took the incident, else its team's rotation's (its default, main → backup → repeat once, when it names
    /// none). Null for an unrouted incident, a team with neither a rotation nor a policy, or a policy without steps:
    /// such incidents do not escalate.
    /// </summary>
    public static EscalationPolicy? PolicyFor(ServiceCatalog catalog, IncidentRecord incident) =>
        OutOfHoursRouting.EscalationPolicyFor(catalog, incident) is { Steps.Count: > 0 } policy ? policy : null;

    /// <summary>
    /// Whether a new incident of <paramref name="teamId"/> escalates at all, before it is read: its team has a policy
    /// (<see cref="ServiceCatalog.EscalationPolicyFor"/>). Which one it follows is decided when its steps run.
    /// </summary>
    public static bool Escalates(ServiceCatalog catalog, string? teamId)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return teamId is not null && catalog.EscalationPolicyFor(teamId) is { Steps.Count: > 0 };
    }

    /// <summary>How many steps the chain has in all, rounds included.</summary>
    public static int StepCount(EscalationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return policy.Steps.Count * (Math.Max(policy.RepeatCount, 0) + 1);
    }

    /// <summary>What global step <paramref name="step"/> does.</summary>
    public static EscalationStep StepAt(EscalationPolicy policy, int step)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        return policy.Steps[step % policy.Steps.Count];
    }

    /// <summary>The actor of a step's timeline event: the scheduler, named by the step's timer.</summary>
    public static Actor ActorFor(long incidentId, int step, EscalationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return new Actor(TimerFor(incidentId, step).ToString(), $"Escalation policy {policy.Name}", ActionSource.Scheduler);
    }

    /// <summary>The steps the timeline records as run, and when each ran.</summary>
    public static IReadOnlyDictionary<int, DateTimeOffset> RecordedSteps(IEnumerable<IncidentEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var recorded = new Dictionary<int, DateTimeOffset>();
        foreach (var e in timeline)
        {
            if (e is { Kind: IncidentEventKind.Escalated, By: { Source: ActionSource.Scheduler } by }
                && by.Id.StartsWith(ActorPrefix, StringComparison.Ordinal)
                && ParseId(by.Id[ActorPrefix.Length..]) is { } step)
            {
                recorded.TryAdd(step.Step, e.At);
            }
        }
        return recorded;
    }

    /// <summary>
    /// The step a chain runs next and when: step 0 now when none ran yet; otherwise the step after the last one that
    /// ran, that step's ack timeout after it. Null when the chain has run all its steps.
    /// </summary>
    public static (int Step, DateTimeOffset DueAt)? Next(EscalationPolicy policy, IEnumerable<IncidentEvent> timeline, DateTimeOffset now)
    {
        var recorded = RecordedSteps(timeline);
        if (recorded.Count == 0)
        {
            return (0, now);
        }
        var last = recorded.Keys.Max();
        var next = last + 1;
        return next < StepCount(policy) ? (next, recorded[last] + StepAt(policy, last).AckTimeout) : null;
    }

    /// <summary>A duration as people say it: <c>15 min</c>, <c>1 h 30 min</c>, <c>2 d 3 h</c> (whole minutes, at least 1).</summary>
    public static string Describe(TimeSpan duration)
    {
        var minutes = Math.Max(1, (long)Math.Round(duration.TotalMinutes, MidpointRounding.AwayFromZero));
        var (days, hours, rest) = (minutes / (24 * 60), minutes / 60 % 24, minutes % 60);
        var parts = new List<string>(2);
        if (days > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{days} d"));
        }
        if (hours > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{hours} h"));
        }
        if (rest > 0 && days == 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{rest} min"));
        }
        return string.Join(' ', parts);
    }

    /// <summary>How a step's actor id starts: its timer key is <c>escalation/incident-42-step-2</c>.</summary>
    private const string ActorPrefix = TimerKind + "/";

    private static EscalationStepRef? ParseId(string id) =>
        StepTimerId().Match(id) is { Success: true } match
        && long.TryParse(match.Groups["incident"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var incidentId)
        && int.TryParse(match.Groups["step"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var step)
            ? new EscalationStepRef(incidentId, step)
            : null;

    [GeneratedRegex(@"^incident-(?<incident>[0-9]{1,18})-step-(?<step>[0-9]{1,9})$", RegexOptions.CultureInvariant)]
    private static partial Regex StepTimerId();
}

/// <summary>One step of one incident's escalation chain (the step numbered globally from 0).</summary>
public readonly record struct EscalationStepRef(long IncidentId, int Step);
