using System.Globalization;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Notifications;
using Bot.Core.Slos;

namespace Bot.Core.Stakeholders;

/// <summary>
/// The bracket rules and wording of stakeholder notifications (book Tables 8.5–8.7): a first notification announces
/// the outage, updates report progress, a final one announces the end; every one but the final says when the next
/// comes (from the priority's status update interval), the final one the time to recovery.
/// </summary>
public static class StakeholderBrackets
{
    /// <summary>
    /// Why this bracket cannot be sent now, or null when it can: the first comes first and once, updates and the final
    /// only after it, nothing after the final.
    /// </summary>
    /// <param name="sent">The incident's notifications so far, oldest first.</param>
    public static string? Refusal(long incidentId, NotificationBracket bracket, IReadOnlyList<StakeholderNotification> sent)
    {
        ArgumentNullException.ThrowIfNull(sent);
        if (sent.FirstOrDefault(n => n.Bracket == NotificationBracket.Final) is { } final)
        {
            return $"The final notification for #{incidentId} went at {MessageField.Utc(final.SentAt)}; nothing follows it.";
        }
        if (bracket == NotificationBracket.First && sent.Count > 0)
        {
            return $"The first notification for #{incidentId} went at {MessageField.Utc(sent[0].SentAt)}; send an update instead: notify #{incidentId} update <text>";
        }
        if (bracket != NotificationBracket.First && sent.Count == 0)
        {
            return $"Incident #{incidentId} has had no first notification yet; send that first: notify #{incidentId} first <text>";
        }
        return null;
    }

    /// <summary>When the next notification is due: the interval after this one; null after the final one or without an interval.</summary>
    public static DateTimeOffset? NextDue(NotificationBracket bracket, DateTimeOffset sentAt, TimeSpan? interval) =>
        bracket == NotificationBracket.Final || interval is not { } every || every <= TimeSpan.Zero ? null : sentAt + every;

    /// <summary>From the incident's start (its first alert's, else its opening) to its resolution, or to <paramref name="now"/> while it lasts.</summary>
    public static TimeSpan TimeToRecovery(IncidentRecord incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var took = (incident.Resolved?.At ?? now) - (incident.StartedAt ?? incident.OpenedAt);
        return took < TimeSpan.Zero ? TimeSpan.Zero : took;
    }

    /// <summary>"First notification", "Update 2", "Final notification".</summary>
    public static string Heading(NotificationBracket bracket, int sequence) => bracket switch
    {
        NotificationBracket.First => "First notification",
        NotificationBracket.Update => string.Create(CultureInfo.InvariantCulture, $"Update {sequence - 1}"),
        _ => "Final notification",
    };

    /// <summary>The bracket as a command word: <c>first</c>, <c>update</c>, <c>final</c>.</summary>
    public static string Word(NotificationBracket bracket) => bracket.ToString().ToLowerInvariant();

    /// <summary>"12:20 UTC" on the day of <paramref name="reference"/>, else "2026-05-05 02:20 UTC".</summary>
    public static string Clock(DateTimeOffset at, DateTimeOffset reference) =>
        at.UtcDateTime.Date == reference.UtcDateTime.Date
            ? string.Create(CultureInfo.InvariantCulture, $"{at.UtcDateTime:HH:mm} UTC")
            : MessageField.Utc(at);

    /// <summary>
    /// The closing line: "Next notification is planned by 12:20 UTC (in max. 2 h) as events warrant." for the first
    /// and updates, "Time to recovery: 51 minutes. No further communication planned." for the final one.
    /// </summary>
    public static string ClosingLine(NotificationBracket bracket, DateTimeOffset sentAt, TimeSpan? interval, TimeSpan timeToRecovery)
    {
        if (bracket == NotificationBracket.Final)
        {
            return $"Time to recovery: {PlainWords.Elapsed(timeToRecovery)}. No further communication planned.";
        }
        return NextDue(bracket, sentAt, interval) is { } next
            ? $"Next notification is planned by {Clock(next, sentAt)} (in max. {PlainWords.Duration(interval!.Value)}) as events warrant."
            : "Next notification will follow as events warrant.";
    }

    /// <summary>The recipients in the words of Table 8.6: "Ring 1 (Product management), Ring 2 (Leadership)"; rings that concern no group are left out.</summary>
    public static string Recipients(IReadOnlyList<RingAudience> audiences, int subscribers)
    {
        ArgumentNullException.ThrowIfNull(audiences);
        var rings = audiences.Where(a => a.Groups.Count > 0).Select(a => string.Create(CultureInfo.InvariantCulture, $"Ring {a.Ring.Number} ({a.Ring.Name})")).ToList();
        var people = Subscribers(subscribers);
        return rings.Count == 0 ? $"No stakeholder group concerned; {people}" : $"{string.Join(", ", rings)}; {people}";
    }

    /// <summary>"ring 1: Product management, Showcase deployment; ring 2: Leadership", or "no stakeholder group concerned".</summary>
    public static string RingGroups(IReadOnlyList<RingAudience> audiences)
    {
        ArgumentNullException.ThrowIfNull(audiences);
        var rings = audiences
            .Where(a => a.Groups.Count > 0)
            .Select(a => string.Create(CultureInfo.InvariantCulture, $"ring {a.Ring.Number}: {string.Join(", ", a.Groups.Select(g => g.Name))}"))
            .ToList();
        return rings.Count == 0 ? "no stakeholder group concerned" : string.Join("; ", rings);
    }

    /// <summary>"no subscribers", "1 subscriber", "3 subscribers".</summary>
    public static string Subscribers(int count) => count switch
    {
        0 => "no subscribers",
        1 => "1 subscriber",
        _ => string.Create(CultureInfo.InvariantCulture, $"{count} subscribers"),
    };

    /// <summary>
    /// The notification as the stakeholders see it (Tables 8.6/8.7): "[P1 · First notification] Payment Gateway: …", the
    /// text, the recipients, geography, product landscape and timestamp, and the closing line as the footer.
    /// </summary>
    public static NoticeMessage Message(BracketFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var incident = facts.Incident;
        var what = facts.ServiceName is { } service ? $"{service}: {incident.Title}" : incident.Title;
        var title = string.Create(CultureInfo.InvariantCulture, $"[P{facts.Priority.Level} · {Heading(facts.Bracket, facts.Sequence)}] {what}");
        IReadOnlyList<MessageField> fields =
        [
            new("Recipients", Recipients(facts.Audiences, facts.Subscribers)),
            new("Geography", string.IsNullOrWhiteSpace(incident.Region) ? "Worldwide" : incident.Region),
            new("Product landscape", string.IsNullOrWhiteSpace(facts.Product) ? "All products" : facts.Product),
            new("Incident", string.Create(CultureInfo.InvariantCulture,
                $"#{incident.Id} · P{facts.Priority.Level} {facts.Priority.Name} · {incident.Severity.ToString().ToLowerInvariant()}")),
            new("Timestamp", MessageField.Utc(facts.SentAt), facts.SentAt),
        ];
        var tone = facts.Bracket switch
        {
            NotificationBracket.First => NoticeTone.Warning,
            NotificationBracket.Update => NoticeTone.Attention,
            _ => NoticeTone.Good,
        };
        var footer = ClosingLine(facts.Bracket, facts.SentAt, facts.Priority.StatusUpdateInterval, facts.TimeToRecovery);
        return new NoticeMessage(0, 1, tone, title, facts.Text, fields, [], [], footer);
    }

    /// <summary>
    /// The reply in the incident's thread: "Stakeholders notified (first, ring 1: Product management, Showcase
    /// deployment; 3 subscribers) by Ana Kovač: … ; next update due by 12:20 UTC".
    /// </summary>
    public static string ThreadReply(BracketFacts facts, string sentBy)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var word = facts.Bracket == NotificationBracket.Update ? Heading(facts.Bracket, facts.Sequence).ToLowerInvariant() : Word(facts.Bracket);
        return $"Stakeholders notified ({word}, {RingGroups(facts.Audiences)}; {Subscribers(facts.Subscribers)}) by {sentBy}: {facts.Text}; {Tail(facts)}";
    }

    /// <summary>The timeline entry: what was sent, by whom (the event carries the platform), to whom, and what comes next.</summary>
    public static string TimelineText(BracketFacts facts, Actor sentBy, int destinations)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(sentBy);
        return string.Create(CultureInfo.InvariantCulture,
            $"{Heading(facts.Bracket, facts.Sequence)} to stakeholders by {sentBy.Name}, "
            + $"P{facts.Priority.Level} to {RingGroups(facts.Audiences)}; {Subscribers(facts.Subscribers)}; {destinations} destination{(destinations == 1 ? "" : "s")}: “{facts.Text}”; {Tail(facts)}");
    }

    /// <summary>
    /// The status update reminder: "Status update due for #42: P1 promises one every 2 h; the last went at 10:20 UTC.
    /// notify #42 update &lt;text&gt;".
    /// </summary>
    public static string ReminderText(long incidentId, PriorityDefinition priority, StakeholderNotification last, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(priority);
        ArgumentNullException.ThrowIfNull(last);
        var every = priority.StatusUpdateInterval is { } interval ? $"one every {PlainWords.Duration(interval)}" : "regular updates";
        return string.Create(CultureInfo.InvariantCulture,
            $"Status update due for #{incidentId}: P{priority.Level} promises {every}; the last went at {Clock(last.SentAt, now)}. notify #{incidentId} update <text>");
    }

    private static string Tail(BracketFacts facts) => facts.Bracket == NotificationBracket.Final
        ? $"time to recovery {PlainWords.Elapsed(facts.TimeToRecovery)}, no further communication planned"
        : NextDue(facts.Bracket, facts.SentAt, facts.Priority.StatusUpdateInterval) is { } next
            ? $"next update due by {Clock(next, facts.SentAt)}"
            : "next update as events warrant";
}

/// <summary>What a notification says and to whom, as the bracket wording needs it.</summary>
/// <param name="Product">The incident's service's product landscape; null for all products.</param>
/// <param name="TimeToRecovery">For the final bracket: the incident's start to its resolution (or to now).</param>
public sealed record BracketFacts(
    IncidentRecord Incident,
    string? ServiceName,
    string? Product,
    PriorityDefinition Priority,
    NotificationBracket Bracket,
    int Sequence,
    string Text,
    DateTimeOffset SentAt,
    IReadOnlyList<RingAudience> Audiences,
    int Subscribers,
    TimeSpan TimeToRecovery);
