using System.Globalization;
using System.Text;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Slos;

namespace Bot.Core.Postmortems;

/// <summary>
/// What a new postmortem is pre-filled with: the value of each placeholder (<see cref="PostmortemPlaceholders"/>) for an
/// incident, with times in the owning team's time zone (its first rotation's, else UTC).
/// </summary>
public static class PostmortemFacts
{
    /// <summary>The placeholder values, except <c>action_items</c> (live, see <see cref="PostmortemDocument"/>).</summary>
    public static IReadOnlyDictionary<string, string> Of(IncidentDetails details, ServiceCatalog catalog, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(details);
        ArgumentNullException.ThrowIfNull(catalog);
        var incident = details.Incident;
        var zone = ZoneOf(catalog, incident.TeamId);
        var start = StartOf(incident);
        var service = incident.ServiceId is { } serviceId ? catalog.FindService(serviceId) : null;
        var slo = incident.SloId is { } sloId ? catalog.FindSlo(sloId) : null;
        var team = incident.TeamId is { } teamId ? catalog.FindTeam(teamId) : null;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["incident.id"] = incident.Id.ToString(CultureInfo.InvariantCulture),
            ["incident.title"] = incident.Title,
            ["priority"] = incident.Priority is { } p ? $"P{p}" : "none",
            ["severity"] = incident.Severity.ToString().ToLowerInvariant(),
            ["detected"] = When(start, zone),
            ["resolved"] = incident.Resolved is { } resolved ? When(resolved.At, zone) : "not resolved yet",
            ["time_to_acknowledge"] = incident.Acknowledged is { } ack ? PlainWords.Elapsed(ack.At - start) : "not acknowledged",
            ["time_to_recover"] = incident.Resolved is { } done ? PlainWords.Elapsed(done.At - start) : $"not resolved yet ({PlainWords.Elapsed(now - start)} so far)",
            ["occurrences"] = incident.Occurrences.ToString(CultureInfo.InvariantCulture),
            ["budget_consumed"] = BudgetConsumed(incident, slo, now),
            ["service"] = service?.Name ?? incident.ServiceId ?? "none",
            ["slo"] = slo is null ? incident.SloId ?? "none" : $"{slo.Name} ({PlainWords.Target(slo.Target)} over {slo.Window.Days} days)",
            ["team"] = team?.Name ?? incident.TeamId ?? "none (unrouted)",
            ["runbook"] = incident.Links.Runbook?.ToString() ?? "none",
            ["dashboard"] = incident.Links.Dashboard?.ToString() ?? "none",
            ["coordinator"] = Names(incident.Roles, IncidentRole.Coordinator) ?? "not assigned",
            ["communicator"] = Names(incident.Roles, IncidentRole.Communicator) ?? "not assigned",
            ["experts"] = Names(incident.Roles, IncidentRole.Expert) ?? "none assigned",
            ["people"] = People(details.Timeline) is { Count: > 0 } people ? string.Join(", ", people.Select(a => a.Name)) : "nobody yet",
            ["timeline"] = Timeline(details.Timeline, zone),
        };
    }

    /// <summary>When the incident started: its first alert's start as the source said, else when the bot opened it.</summary>
    public static DateTimeOffset StartOf(IncidentRecord incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        return incident.StartedAt ?? incident.OpenedAt;
    }

    /// <summary>The zone a team's postmortems show times in: its first rotation's, else UTC.</summary>
    public static TimeZoneInfo ZoneOf(ServiceCatalog catalog, string? teamId)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var id = teamId is null ? null : catalog.RotationsOf(teamId).FirstOrDefault()?.TimeZone;
        return id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    /// <summary>A time with its zone as a reader needs it: <c>2026-05-04 12:20 CEST (UTC+02:00)</c>.</summary>
    public static string When(DateTimeOffset at, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        var offset = local.Offset;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return string.Create(CultureInfo.InvariantCulture, $"{local:yyyy-MM-dd HH:mm} {Abbreviation(zone, at)} (UTC{sign}{offset.Duration():hh\\:mm})");
    }

    /// <summary>
    /// The zone's short name at that time: UTC; else the initials of its standard or daylight name ("Central European
    /// Summer Time" → CEST), or the name itself when it is not words (<c>GMT+03:00</c>).
    /// </summary>
    public static string Abbreviation(TimeZoneInfo zone, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (zone == TimeZoneInfo.Utc || zone.Id is "UTC" or "Etc/UTC" or "Etc/UCT" or "Etc/Universal" or "Universal" or "Etc/Zulu" or "Zulu")
        {
            return "UTC";
        }
        var name = zone.IsDaylightSavingTime(at) ? zone.DaylightName : zone.StandardName;
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (words.Contains("European"))
        {
            // ICU says "Central European Standard Time"; people write CET (and CEST for the summer time).
            words.Remove("Standard");
        }
        return words.Count >= 2 && words.All(w => char.IsLetter(w[0]))
            ? string.Concat(words.Select(w => char.ToUpperInvariant(w[0])))
            : name;
    }

    /// <summary>
    /// The error budget the incident used, estimated from the burn rate its alerts reported: burn × duration ÷ the SLO's
    /// window (28 days when it has none): "about 4.3% of the 28-day budget (14.4× for 2 h)".
    /// </summary>
    public static string BudgetConsumed(IncidentRecord incident, Slo? slo, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.Budget?.BurnRate is not { } burn)
        {
            return "unknown: no burn rate reported";
        }
        var span = (incident.Resolved?.At ?? now) - StartOf(incident);
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        var window = slo?.Window ?? SloWindow.Rolling28Days;
        var share = ErrorBudget.ConsumedIn(burn, span, window.Length);
        var percent = (share * 100).ToString(share < 0.001 ? "0.##" : "0.#", CultureInfo.InvariantCulture);
        return $"about {percent}% of the {window.Days}-day budget ({PlainWords.Burn(burn)} for {PlainWords.Elapsed(span)}{(incident.Resolved is null ? " so far" : "")})";
    }

    /// <summary>Everyone who acted on the incident, in the order they first did: people, not the alerts, scheduler or webhooks.</summary>
    public static IReadOnlyList<Actor> People(IReadOnlyList<IncidentEvent> timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return [.. timeline
            .Select(e => e.By)
            .OfType<Actor>()
            .Where(a => a.Source is not (ActionSource.Webhook or ActionSource.Scheduler))
            .DistinctBy(a => a.Id)];
    }

    /// <summary>The timeline as a Markdown list, oldest first: <c>- 2026-05-04 12:15 CEST: Acknowledged by Ana Kovač</c>.</summary>
    public static string Timeline(IReadOnlyList<IncidentEvent> timeline, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(zone);
        if (timeline.Count == 0)
        {
            return "- (no events)";
        }
        var text = new StringBuilder();
        foreach (var e in timeline)
        {
            var local = TimeZoneInfo.ConvertTime(e.At, zone);
            var source = e.By is { Source: not (ActionSource.Webhook or ActionSource.Scheduler) } by ? $" ({Platform(by.Source)})" : "";
            text.Append(CultureInfo.InvariantCulture, $"- {local:yyyy-MM-dd HH:mm} {Abbreviation(zone, e.At)}: {OneLine(e.Text)}{source}\n");
        }
        return text.ToString().TrimEnd('\n');
    }

    private static string Platform(ActionSource source) => source switch
    {
        ActionSource.MsTeams => "Teams",
        ActionSource.Api => "API",
        _ => source.ToString(),
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string? Names(IReadOnlyList<RoleHolder> roles, IncidentRole role) =>
        roles.Where(r => r.Role == role).Select(r => r.Name).ToList() is { Count: > 0 } names ? string.Join(", ", names) : null;
}
