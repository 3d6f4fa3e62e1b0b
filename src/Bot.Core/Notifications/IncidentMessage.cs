using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Delivery;
using Bot.Core.Incidents;
using Bot.Core.Routing;

namespace Bot.Core.Notifications;

/// <summary>
/// The incident as every chat copy shows it, whatever the platform: what broke (service, SLO and target, SLI,
/// environment and region, and why it is with a team other than the owner's), how badly (severity, priority, burn and budget left), since when and how often, who
/// is on it, where to look, and what can be done. Each adapter renders it (Block Kit, Adaptive Card, console JSON).
/// </summary>
public sealed record IncidentMessage(
    long IncidentId,
    int Version,
    string Title,
    string Headline,
    IncidentState State,
    IncidentSeverity Severity,
    string? Priority,
    IReadOnlyList<MessageField> Fields,
    IReadOnlyList<MessageLink> Links,
    IReadOnlyList<MessageAction> Actions) : ChatMessage
{
    public override MessageSubject Subject => MessageSubject.Incident(IncidentId);

    /// <summary>Builds the message from the incident's stored state and what the catalog knows of its SLO and service.</summary>
    public static IncidentMessage For(IncidentRecord incident, ServiceCatalog catalog)
    {
        var service = incident.ServiceId is null ? null : catalog.FindService(incident.ServiceId);
        var slo = incident.SloId is null ? null : catalog.FindSlo(incident.SloId);
        var fields = new List<MessageField>();
        void Add(string name, string? value, DateTimeOffset? at = null)
        {
            if (!string.IsNullOrEmpty(value))
            {
                fields.Add(new MessageField(name, value, at));
            }
        }

        Add("Service", service?.Name ?? incident.ServiceId);
        Add("SLO", slo is null ? null : $"{slo.Name} ≥ {Percent(slo.Target)} over {slo.Window}");
        Add("SLI", slo is null ? null : slo.Sli == SliKind.Latency && slo.LatencyThreshold is { } threshold
            ? $"latency ≤ {threshold.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms"
            : slo.Sli.ToString().ToLowerInvariant());
        Add("Where", string.Join(" / ", new[] { incident.Environment, incident.Region }.Where(v => !string.IsNullOrEmpty(v))));
        // Those who find another team's incident in their channel are told why it is theirs.
        Add("Routed", OutOfHoursRouting.Of(catalog, incident)?.Describe());
        Add("Burn rate", incident.Budget?.BurnRate is { } burn
            ? $"{burn.ToString("0.#", CultureInfo.InvariantCulture)}×{(incident.Budget.Window is { } window ? $" over {window}" : "")}"
            : null);
        Add("Error budget left", incident.Budget?.BudgetRemaining is { } remaining ? Percent(remaining) : null);
        Add("Exhausted in", incident.Budget?.Exhaustion);
        Add("Priority", incident.PriorityNote is { } note && incident.Priority is { } level ? $"P{level}, {note}" : null);
        var started = incident.StartedAt ?? incident.OpenedAt;
        Add("Started", MessageField.Utc(started), started);
        Add("Occurrences", incident.Occurrences.ToString(CultureInfo.InvariantCulture));
        Add("Acknowledged", incident.Acknowledged is { } ack ? $"by {ack.By?.Name} at {MessageField.Utc(ack.At)}" : null, incident.Acknowledged?.At);
        Add("Roles", RolesOf(incident));
        Add("Resolved", incident.Resolved is { } resolved
            ? $"{(resolved.By is { } by ? $"by {by.Name}" : "alerts stopped firing")} at {MessageField.Utc(resolved.At)}"
            : null, incident.Resolved?.At);
        Add("Unrouted", incident.UnroutedReason);

        var links = new List<MessageLink>();
        foreach (var (text, url) in new[] { ("Runbook", incident.Links.Runbook), ("Dashboard", incident.Links.Dashboard), ("Source", incident.Links.Source), ("Silence", incident.Links.Silence) })
        {
            if (url is not null)
            {
                links.Add(new MessageLink(text, url));
            }
        }

        var actions = new List<MessageAction>();
        if (incident.State == IncidentState.Open)
        {
            actions.Add(MessageAction.Acknowledge);
        }
        if (incident.State != IncidentState.Resolved)
        {
            actions.Add(MessageAction.Resolve);
            // The roles the severity asks for that nobody holds yet (book Table 9.16) can be taken with one click.
            foreach (var (role, action) in new[] { (IncidentRole.Coordinator, MessageAction.Coordinate), (IncidentRole.Communicator, MessageAction.Communicate) })
            {
                if (SeverityRoles.Suggests(incident.Severity, role) && !incident.Roles.Any(r => r.Role == role))
                {
                    actions.Add(action);
                }
            }
        }
        actions.Add(MessageAction.StartPostmortem);

        return new IncidentMessage(
            incident.Id,
            incident.Version,
            incident.Title,
            HeadlineOf(incident),
            incident.State,
            incident.Severity,
            incident.Priority is { } p ? $"P{p}" : null,
            fields,
            links,
            [.. actions]);
    }

    /// <summary>
    /// "Coordinator Ana Kovač · Communicator — · Experts Bo Berg, Cy Diaz": the roles held, and those the severity asks for
    /// (— while nobody holds them); null when there is neither.
    /// </summary>
    private static string? RolesOf(IncidentRecord incident)
    {
        var parts = new List<string>();
        foreach (var role in Enum.GetValues<IncidentRole>())
        {
            var holders = incident.Roles.Where(r => r.Role == role).Select(r => r.Name).ToList();
            if (holders.Count == 0 && !SeverityRoles.Suggests(incident.Severity, role))
            {
                continue;
            }
            var label = role switch
            {
                IncidentRole.Coordinator => "Coordinator",
                IncidentRole.Communicator => "Communicator",
                _ => "Experts",
            };
            // At error severity the coordinator also communicates (book Table 9.16).
            var alsoCommunicates = role == IncidentRole.Coordinator && incident.Severity == IncidentSeverity.Error
                && !incident.Roles.Any(r => r.Role == IncidentRole.Communicator) ? " (also communicates)" : "";
            parts.Add($"{label} {(holders.Count == 0 ? "—" : string.Join(", ", holders))}{alsoCommunicates}");
        }
        return parts.Count == 0 ? null : string.Join(" · ", parts);
    }

    private static string HeadlineOf(IncidentRecord incident)
    {
        var what = incident.MissingData ? "Data missing" : "SLO breach";
        var state = incident.State switch
        {
            IncidentState.Open => "open",
            IncidentState.Acknowledged => "acknowledged",
            _ => "resolved",
        };
        return $"#{incident.Id} {what} · {incident.Severity.ToString().ToLowerInvariant()} · {state}";
    }

    private static string Percent(double ratio) => $"{(ratio * 100).ToString("0.###", CultureInfo.InvariantCulture)}%";
}

/// <summary>A labelled fact on the message.</summary>
/// <param name="At">
/// The instant the field tells of, if any. <see cref="Value"/> then holds it as <see cref="Utc"/> text, which a
/// renderer that can show each reader their local time (Slack's date tokens) replaces; others show the text as is.
/// </param>
public sealed record MessageField(string Name, string Value, DateTimeOffset? At = null)
{
    /// <summary>How an instant is written in a field's text: <c>2026-05-04 10:15 UTC</c>.</summary>
    public static string Utc(DateTimeOffset at) => string.Create(CultureInfo.InvariantCulture, $"{at.UtcDateTime:yyyy-MM-dd HH:mm} UTC");
}

/// <summary>A link on the message (runbook, dashboard, source, silence).</summary>
public sealed record MessageLink(string Text, Uri Url);

/// <summary>A button on the message; <see cref="Id"/> is the action id every adapter dispatches on.</summary>
public sealed record MessageAction(string Id, string Text)
{
    public static MessageAction Acknowledge { get; } = new("incident.acknowledge", "Acknowledge");
    public static MessageAction Resolve { get; } = new("incident.resolve", "Resolve");
    public static MessageAction StartPostmortem { get; } = new("incident.postmortem", "Start postmortem");

    /// <summary>The clicker becomes the incident's coordinator.</summary>
    public static MessageAction Coordinate { get; } = new("incident.coordinate", "I'll coordinate");

    /// <summary>The clicker becomes the incident's communicator.</summary>
    public static MessageAction Communicate { get; } = new("incident.communicate", "I'll communicate");

    /// <summary>On a handoff prompt: the incoming on-call takes over.</summary>
    public static MessageAction AcceptHandoff { get; } = new("handoff.accept", "Accept handoff");

    /// <summary>On a cover request: the clicker takes the requested shift.</summary>
    public static MessageAction TakeCover { get; } = new("cover.accept", "I'll cover");
}
