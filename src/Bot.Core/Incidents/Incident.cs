using Bot.Core.Alerts;
using Bot.Core.Routing;

namespace Bot.Core.Incidents;

/// <summary>
/// What the bot tracks and posts: the alerts of one dedup key (by default SLO + environment + region) while
/// they fire, with a repeat counter, a severity that only rises with its alerts, acknowledgement, and a timeline.
/// </summary>
/// <remarks>
/// Invariants: at most one open incident per dedup key (enforced by storage); the first acknowledger is kept;
/// the incident resolves when its last firing alert resolves, or when someone resolves it; a resolved incident
/// never reopens — a new occurrence after it opens a new incident, while repeats of its own occurrences are absorbed.
/// Every state change appends a timeline event and bumps <see cref="Version"/>, which chat copies render from.
/// </remarks>
public sealed class Incident
{
    private readonly List<IncidentAlert> _alerts;
    private readonly Dictionary<(string Fingerprint, DateTimeOffset StartsAt), int> _alertIndex = [];
    private int _firing;
    private readonly List<IncidentEvent> _newEvents = [];
    private IncidentRecord _state;

    public Incident(IncidentRecord state)
    {
        _state = state;
        _alerts = [];
        foreach (var alert in state.Alerts)
        {
            AddAlert(alert);
        }
        _firing = state.FiringAlerts ?? _firing;
    }

    public long Id => _state.Id;
    public string DedupKey => _state.DedupKey;
    public string Title => _state.Title;
    public string? TeamId => _state.TeamId;
    public string? ServiceId => _state.ServiceId;
    public string? SloId => _state.SloId;
    public IncidentState State => _state.State;
    public IncidentSeverity Severity => _state.Severity;
    public int? Priority => _state.Priority;
    public int Occurrences => _state.Occurrences;
    public DateTimeOffset OpenedAt => _state.OpenedAt;
    public Stamp? Acknowledged => _state.Acknowledged;
    public Stamp? Resolved => _state.Resolved;
    public int Version => _state.Version;
    public bool IsResolved => _state.State == IncidentState.Resolved;
    public IReadOnlyList<IncidentAlert> Alerts => _alerts;
    public IReadOnlyList<RoleHolder> Roles => _state.Roles;

    /// <summary>Timeline events appended since this object was loaded or created, for storage to persist.</summary>
    public IReadOnlyList<IncidentEvent> NewEvents => _newEvents;

    /// <summary>The state as storage holds it.</summary>
    /// <remarks><see cref="IncidentRecord.Alerts"/> holds the alerts this object knows (all of them, or those storage loaded).</remarks>
    public IncidentRecord ToRecord() => _state with { Alerts = [.. _alerts], FiringAlerts = _firing };

    /// <summary>
    /// Adds occurrences storage loaded later in the same transaction (another alert's lookup) to this object, which
    /// already counts them as firing or not.
    /// </summary>
    public void Attach(IEnumerable<IncidentAlert> loaded)
    {
        foreach (var alert in loaded)
        {
            if (!_alertIndex.ContainsKey((alert.Fingerprint, alert.StartsAt)))
            {
                _alertIndex[(alert.Fingerprint, alert.StartsAt)] = _alerts.Count;
                _alerts.Add(alert);
            }
        }
    }

    /// <summary>Called by storage once it assigned the id and persisted <see cref="NewEvents"/>.</summary>
    public void MarkSaved(long id)
    {
        _state = _state with { Id = id };
        _newEvents.Clear();
    }

    /// <summary>Opens an incident for the first firing alert of a dedup key.</summary>
    public static Incident Open(string dedupKey, IncomingAlert alert, AlertRoute route, IncidentFacts facts, DateTimeOffset at, TimeSpan snooze)
    {
        var incident = new Incident(new IncidentRecord(
            Id: 0,
            dedupKey,
            facts.Title,
            route.TeamId,
            route.ServiceId,
            route.SloId,
            route.Environment,
            route.Region,
            IncidentState.Open,
            route.Severity,
            facts.Priority,
            Occurrences: 1,
            OpenedAt: at,
            LastOccurrenceAt: at,
            SnoozedUntil: at + snooze,
            Acknowledged: null,
            Resolved: null,
            route.UnroutedReason,
            alert.MissingData,
            facts.Links,
            BudgetContext.From(alert) ?? facts.Budget,
            Version: 1,
            Alerts: [new IncidentAlert(alert.Fingerprint, alert.StartsAt, route.Severity, AlertStatus.Firing, null)])
        {
            StartedAt = alert.StartsAt,
            PriorityNote = facts.PriorityNote,
        });
        var what = alert.MissingData ? "Data missing" : "SLO breach";
        var routing = route.IsRouted ? $"routed by {route.MatchedBy}" : $"unrouted: {route.UnroutedReason}";
        incident.Append(IncidentEventKind.Opened, at, null, $"{what}: {alert.AlertName} fired at {alert.StartsAt:u} ({route.Severity.ToString().ToLowerInvariant()}; {routing})");
        return incident;
    }

    /// <summary>
    /// Takes in a notification about one of this incident's alerts, or a new alert of its dedup key. A
    /// notification of an occurrence already seen changes nothing, so redeliveries are harmless.
    /// </summary>
    /// <param name="budget">The SLO's budget as the bot reads it, shown when the alert carries no figures of its own.</param>
    public IncidentChange RecordAlert(IncomingAlert alert, AlertRoute route, DateTimeOffset at, TimeSpan snooze, BudgetContext? budget = null)
    {
        if (_alertIndex.TryGetValue((alert.Fingerprint, alert.StartsAt), out var index))
        {
            return alert.Status == AlertStatus.Resolved && _alerts[index].Status == AlertStatus.Firing
                ? ResolveAlert(index, alert, at)
                : IncidentChange.None;
        }
        if (IsResolved || alert.Status == AlertStatus.Resolved)
        {
            // A resolution of an occurrence this incident never saw fire: nothing to show.
            return IncidentChange.None;
        }

        AddAlert(new IncidentAlert(alert.Fingerprint, alert.StartsAt, route.Severity, AlertStatus.Firing, null));
        var occurrences = _state.Occurrences + 1;
        var silent = at < _state.SnoozedUntil;
        _state = _state with
        {
            Occurrences = occurrences,
            LastOccurrenceAt = at,
            SnoozedUntil = silent ? _state.SnoozedUntil : at + snooze,
            Budget = BudgetContext.From(alert) ?? budget ?? _state.Budget,
            Version = _state.Version + 1,
        };
        if (route.Severity > _state.Severity)
        {
            var from = _state.Severity;
            _state = _state with { Severity = route.Severity };
            var text = $"Severity raised from {Describe(from)} to {Describe(route.Severity)}: {alert.AlertName} fired";
            Append(IncidentEventKind.SeverityRaised, at, null, text);
            return IncidentChange.Reply(text);
        }
        if (silent)
        {
            // Inside the snooze window the counter moves and the message is edited, but nobody is pinged.
            return IncidentChange.Edit;
        }
        var repeated = $"Fired again: {alert.AlertName} (×{occurrences})";
        Append(IncidentEventKind.Repeated, at, null, repeated);
        return IncidentChange.Reply(repeated);
    }

    /// <summary>Acknowledges the incident. A second acknowledgement keeps the first acknowledger and says who that was.</summary>
    public AcknowledgeOutcome Acknowledge(Actor by, DateTimeOffset at)
    {
        if (_state.Acknowledged is { } first)
        {
            return new AcknowledgeOutcome(AcknowledgeResult.AlreadyAcknowledged, first, IncidentChange.None);
        }
        if (IsResolved)
        {
            return new AcknowledgeOutcome(AcknowledgeResult.AlreadyResolved, _state.Resolved, IncidentChange.None);
        }
        var stamp = new Stamp(by, at);
        _state = _state with { State = IncidentState.Acknowledged, Acknowledged = stamp, Version = _state.Version + 1 };
        var text = $"Acknowledged by {by.Name}";
        Append(IncidentEventKind.Acknowledged, at, by, text);
        return new AcknowledgeOutcome(AcknowledgeResult.Acknowledged, stamp, IncidentChange.Reply(text));
    }

    /// <summary>
    /// Sets the incident's priority (P1…P5 as 1…5) by hand, as the book allows during an incident (raised for a hotfix,
    /// lowered after a workaround); the same priority again changes nothing. A derived priority's note goes: a person set it.
    /// </summary>
    public IncidentChange ChangePriority(int level, Actor by, string? why, DateTimeOffset at)
    {
        if (_state.Priority == level && _state.PriorityNote is null)
        {
            return IncidentChange.None;
        }
        var from = _state.Priority is { } p ? $"P{p}" : "none";
        _state = _state with { Priority = level, PriorityNote = null, Version = _state.Version + 1 };
        var text = $"Priority changed from {from} to P{level} by {by.Name}{Because(why)}";
        Append(IncidentEventKind.PriorityChanged, at, by, text);
        return IncidentChange.Reply(text);
    }

    /// <summary>Sets the incident's severity by hand (up or down); the same severity again changes nothing.</summary>
    public IncidentChange ChangeSeverity(IncidentSeverity severity, Actor by, string? why, DateTimeOffset at)
    {
        if (_state.Severity == severity)
        {
            return IncidentChange.None;
        }
        var from = _state.Severity;
        _state = _state with { Severity = severity, Version = _state.Version + 1 };
        var text = $"Severity changed from {Describe(from)} to {Describe(severity)} by {by.Name}{Because(why)}";
        Append(IncidentEventKind.SeverityChanged, at, by, text);
        return IncidentChange.Reply(text);
    }

    /// <summary>Who holds a single-holder role (coordinator, communicator), or the first expert.</summary>
    public RoleHolder? HolderOf(IncidentRole role) => _state.Roles.FirstOrDefault(r => r.Role == role);

    /// <summary>
    /// Gives a response role to someone (book Table 9.15). A coordinator or communicator is one person: giving the role to
    /// another replaces them and says so; experts are added. The same person again changes nothing. Every copy is edited.
    /// </summary>
    public IncidentChange AssignRole(IncidentRole role, RoleHolder holder, Actor by, string? why, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(holder);
        ArgumentNullException.ThrowIfNull(by);
        holder = holder with { Role = role };
        if (_state.Roles.Any(r => r.Role == role && r.MemberId == holder.MemberId))
        {
            return IncidentChange.None;
        }
        var previous = role == IncidentRole.Expert ? null : HolderOf(role);
        List<RoleHolder> roles = [.. _state.Roles.Where(r => !ReferenceEquals(r, previous)), holder];
        _state = _state with { Roles = roles, Version = _state.Version + 1 };
        var rotation = holder.RotationId is { } rotationId ? $" (on call for {rotationId})" : "";
        var name = RoleName(role);
        var text = previous is not null
            ? $"{Capitalised(name)} changed from {previous.Name} to {holder.Name}{rotation} by {by.Name}{Because(why)}"
            : by.Id == holder.MemberId
                ? $"{holder.Name} took the {name} role{rotation}{Because(why)}"
                : $"{holder.Name}{rotation} is {(role == IncidentRole.Expert ? "a" : "the")} {name}, assigned by {by.Name}{Because(why)}";
        Append(IncidentEventKind.RoleAssigned, at, by, text);
        return IncidentChange.Reply(text);
    }

    /// <summary>Takes a role from someone who holds it; someone who does not hold it changes nothing.</summary>
    public IncidentChange ReleaseRole(IncidentRole role, string memberId, Actor by, string? why, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (_state.Roles.FirstOrDefault(r => r.Role == role && r.MemberId == memberId) is not { } held)
        {
            return IncidentChange.None;
        }
        _state = _state with { Roles = [.. _state.Roles.Where(r => !ReferenceEquals(r, held))], Version = _state.Version + 1 };
        var text = by.Id == memberId
            ? $"{held.Name} stepped down as {RoleName(role)}{Because(why)}"
            : $"{held.Name} is no longer {(role == IncidentRole.Expert ? "a" : "the")} {RoleName(role)}, by {by.Name}{Because(why)}";
        Append(IncidentEventKind.RoleAssigned, at, by, text);
        return IncidentChange.Reply(text);
    }

    /// <summary>How a role is named in chat: coordinator, communicator, technical expert.</summary>
    public static string RoleName(IncidentRole role) => role switch
    {
        IncidentRole.Coordinator => "coordinator",
        IncidentRole.Communicator => "communicator",
        _ => "technical expert",
    };

    private static string Capitalised(string text) => string.Concat(text[..1].ToUpperInvariant(), text[1..]);

    private static string Because(string? why) => string.IsNullOrWhiteSpace(why) ? "" : $": {why.Trim()}";

    /// <summary>Resolves the incident by hand, whether or not its alerts still fire; a second resolve says who resolved it.</summary>
    public ResolveOutcome Resolve(Actor by, DateTimeOffset at)
    {
        if (_state.Resolved is { } first)
        {
            return new ResolveOutcome(false, first, IncidentChange.None);
        }
        var stamp = new Stamp(by, at);
        MarkResolved(stamp);
        var text = $"Resolved by {by.Name}";
        Append(IncidentEventKind.Resolved, at, by, text);
        return new ResolveOutcome(true, stamp, IncidentChange.Reply(text));
    }

    /// <summary>
    /// Notes an escalation step on the timeline: who it paged, or why it paged nobody. Only an open incident escalates
    /// (false otherwise). The version moves although no copy changes, so that a second run of the same step (a
    /// duplicate firing on another replica) finds the incident changed and looks again before it pages anyone.
    /// </summary>
    /// <param name="by">The escalation step as the actor (<see cref="ActionSource.Scheduler"/>, its timer as the id).</param>
    public bool RecordEscalation(Actor by, string text, DateTimeOffset at)
    {
        if (_state.State != IncidentState.Open)
        {
            return false;
        }
        _state = _state with { Version = _state.Version + 1 };
        Append(IncidentEventKind.Escalated, at, by, text);
        return true;
    }

    /// <summary>
    /// Notes on the timeline something done about the incident that does not change its state or its message: a
    /// stakeholder notification, a reminder, a postmortem or action item change. The event is written by the next save;
    /// the version does not move, so no copy is edited.
    /// </summary>
    public void Record(IncidentEventKind kind, Actor? by, string text, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        Append(kind, at, by, text);
    }

    private IncidentChange ResolveAlert(int index, IncomingAlert alert, DateTimeOffset at)
    {
        var endsAt = alert.EndsAt ?? at;
        _alerts[index] = _alerts[index] with { Status = AlertStatus.Resolved, EndsAt = endsAt };
        _firing--;
        _state = _state with { Version = _state.Version + 1 };
        if (_firing > 0)
        {
            Append(IncidentEventKind.AlertResolved, at, null, $"{alert.AlertName} resolved; {_firing} alert(s) still firing");
            return IncidentChange.Edit;
        }
        if (IsResolved)
        {
            return IncidentChange.Edit;
        }
        MarkResolved(new Stamp(null, endsAt));
        var text = $"Resolved: all alerts stopped firing (last at {endsAt:u})";
        Append(IncidentEventKind.Resolved, at, null, text);
        return IncidentChange.Reply(text);
    }

    /// <summary>True when the incident holds this alert occurrence.</summary>
    public bool Holds(string fingerprint, DateTimeOffset startsAt) => _alertIndex.ContainsKey((fingerprint, startsAt));

    // Storms put thousands of alerts into one incident: lookups by occurrence and the firing count stay O(1).
    private void AddAlert(IncidentAlert alert)
    {
        _alertIndex[(alert.Fingerprint, alert.StartsAt)] = _alerts.Count;
        _alerts.Add(alert);
        if (alert.Status == AlertStatus.Firing)
        {
            _firing++;
        }
    }

    private void MarkResolved(Stamp stamp) =>
        _state = _state with { State = IncidentState.Resolved, Resolved = stamp, Version = _state.Version + 1 };

    private void Append(IncidentEventKind kind, DateTimeOffset at, Actor? by, string text) =>
        _newEvents.Add(new IncidentEvent(kind, at, by, text));

    private static string Describe(IncidentSeverity severity) => severity.ToString().ToLowerInvariant();
}

/// <summary>What the catalog and the alert say about a new incident: its title, priority (the SLO's) and links.</summary>
/// <param name="Budget">The SLO's budget as the bot reads it, for when the alert carries none.</param>
/// <param name="PriorityNote">Why the priority is what it is when it was not the SLO's own (derived from the budget).</param>
public sealed record IncidentFacts(string Title, int? Priority, IncidentLinks Links, BudgetContext? Budget = null, string? PriorityNote = null);

/// <summary>What a state change means for the incident's chat copies: nothing, an edit in place, or an edit plus a thread reply.</summary>
public sealed record IncidentChange(bool Changed, string? ThreadReply)
{
    public static IncidentChange None { get; } = new(false, null);
    public static IncidentChange Edit { get; } = new(true, null);

    public static IncidentChange Reply(string text) => new(true, text);
}

public enum AcknowledgeResult
{
    Acknowledged,
    AlreadyAcknowledged,
    AlreadyResolved,
}

/// <summary>The result of an acknowledgement; <see cref="Stamp"/> is the (first) acknowledgement, or the resolution.</summary>
public sealed record AcknowledgeOutcome(AcknowledgeResult Result, Stamp? Stamp, IncidentChange Change);

/// <summary>The result of a resolve; <see cref="Stamp"/> is this resolution, or the earlier one when <see cref="Resolved"/> is false.</summary>
public sealed record ResolveOutcome(bool Resolved, Stamp? Stamp, IncidentChange Change);
