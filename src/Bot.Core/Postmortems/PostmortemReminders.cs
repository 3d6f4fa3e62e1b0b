using System.Globalization;
using System.Text;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Routing;
using Bot.Core.Scheduling;
using Bot.Core.Slos;

namespace Bot.Core.Postmortems;

/// <summary>
/// Postmortem timeliness (book Table 9.21) for incidents whose priority requires one: a required postmortem not started
/// <see cref="PostmortemOptions.StartReminderAfter"/> after resolution reminds the coordinator (a direct message) and
/// the team channel (a thread reply); so does a meeting not held <see cref="PostmortemOptions.MeetingDueAfter"/> after
/// it. Each reminder goes out once per incident (claimed in storage with its timeline event) and is on the timeline.
/// </summary>
public sealed class PostmortemReminders(
    CatalogHolder catalog,
    IPostmortemStore store,
    PostmortemOptions options,
    DestinationResolver destinations,
    TimeProvider time)
{
    /// <summary>The reminder that a required postmortem was not started.</summary>
    public const string StartKind = "postmortem-start";

    /// <summary>The reminder that a required postmortem's meeting is overdue.</summary>
    public const string MeetingKind = "postmortem-meeting";

    /// <summary>Who sends the reminders, on the timeline.</summary>
    public static Actor Sender { get; } = new("postmortem-reminder", "Postmortem reminder", ActionSource.Scheduler);

    /// <summary>Sends the reminders that are due and not yet sent; returns what it sent (incident id, kind).</summary>
    public async Task<IReadOnlyList<(long IncidentId, string Kind)>> SweepAsync(CancellationToken cancellationToken)
    {
        var sent = new List<(long, string)>();
        if (!catalog.IsLoaded)
        {
            return sent;
        }
        var current = catalog.Current;
        var now = time.GetUtcNow();
        foreach (var due in await ListDueAsync(current, null, now, cancellationToken))
        {
            var state = Overdue(due, now);
            if (state.NotStarted && !due.RemindersSent.Contains(StartKind) && await SendAsync(current, due, StartKind, now, cancellationToken))
            {
                sent.Add((due.IncidentId, StartKind));
            }
            if (state.MeetingOverdue && !due.RemindersSent.Contains(MeetingKind) && await SendAsync(current, due, MeetingKind, now, cancellationToken))
            {
                sent.Add((due.IncidentId, MeetingKind));
            }
        }
        return sent;
    }

    /// <summary>The team's overdue postmortems (not started, or meeting overdue), oldest resolution first.</summary>
    public async Task<IReadOnlyList<PostmortemDue>> OverdueAsync(string? teamId, CancellationToken cancellationToken)
    {
        if (!catalog.IsLoaded)
        {
            return [];
        }
        var now = time.GetUtcNow();
        return [.. (await ListDueAsync(catalog.Current, teamId, now, cancellationToken)).Where(d => Overdue(d, now).Any)];
    }

    /// <summary>Whether a required postmortem is late: not started after the start reminder time, or its meeting not held by the due time.</summary>
    public Lateness Overdue(PostmortemDue due, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(due);
        var notStarted = due.Postmortem is null && now >= due.ResolvedAt + options.StartReminderAfter;
        var meeting = due.Postmortem is not { State: PostmortemState.Reviewed or PostmortemState.Published } && now >= due.ResolvedAt + options.MeetingDueAfter;
        return new Lateness(notStarted, meeting);
    }

    /// <summary>
    /// Whether this postmortem is overdue as <see cref="OverdueAsync"/> lists it (its priority requires it, it is tracked,
    /// and its meeting is past due while it is a draft), from its incident alone rather than the team's whole list.
    /// </summary>
    public bool IsMeetingOverdue(Postmortem postmortem, IncidentRecord? incident, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(postmortem);
        return catalog.IsLoaded
            && postmortem.State == PostmortemState.Draft
            && incident is { Priority: { } priority, Resolved: { } resolved }
            && PostmortemActions.IsRequired(priority, catalog.Current)
            && resolved.At >= now - options.TrackFor
            && now >= resolved.At + options.MeetingDueAfter;
    }

    /// <summary>When a required postmortem's meeting is due: resolution plus <see cref="PostmortemOptions.MeetingDueAfter"/>.</summary>
    public DateTimeOffset MeetingDue(DateTimeOffset resolvedAt) => resolvedAt + options.MeetingDueAfter;

    /// <summary>
    /// The lines <c>status &lt;team&gt;</c> shows: "Overdue postmortems (1):" and a bullet per incident; null when none is overdue.
    /// </summary>
    public string? StatusLines(IReadOnlyList<PostmortemDue> overdue, ServiceCatalog current, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(overdue);
        ArgumentNullException.ThrowIfNull(current);
        if (overdue.Count == 0)
        {
            return null;
        }
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"Overdue postmortems ({overdue.Count}):"));
        foreach (var due in overdue)
        {
            var state = Overdue(due, now);
            var zone = PostmortemFacts.ZoneOf(current, due.TeamId);
            var what = new List<string>();
            if (state.NotStarted)
            {
                what.Add($"not started (postmortem #{due.IncidentId})");
            }
            else if (due.Postmortem is { } started)
            {
                what.Add($"{started.Reference} {PostmortemActions.Word(started.State)}");
            }
            if (state.MeetingOverdue)
            {
                what.Add($"meeting overdue since {PostmortemFacts.When(MeetingDue(due.ResolvedAt), zone)}");
            }
            text.Append(CultureInfo.InvariantCulture,
                $"\n• #{due.IncidentId} P{due.Priority} {due.Title}: resolved {PlainWords.Duration(now - due.ResolvedAt)} ago, {string.Join("; ", what)}");
        }
        return text.ToString();
    }

    private Task<IReadOnlyList<PostmortemDue>> ListDueAsync(ServiceCatalog current, string? teamId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var required = current.Priorities.Where(p => p.PostmortemRequired).Select(p => p.Level).ToList();
        return required.Count == 0
            ? Task.FromResult<IReadOnlyList<PostmortemDue>>([])
            : store.ListDueAsync(required, now - options.TrackFor, teamId, cancellationToken);
    }

    /// <summary>Claims the reminder and sends it, in one transaction; false when another run had sent it.</summary>
    private Task<bool> SendAsync(ServiceCatalog current, PostmortemDue due, string kind, DateTimeOffset now, CancellationToken cancellationToken) =>
        store.WriteAsync(async session =>
        {
            if (!await session.ClaimReminderAsync(due.IncidentId, kind, now, cancellationToken)
                || await session.Incidents.FindAsync(due.IncidentId, cancellationToken) is not { } incident)
            {
                return false;
            }
            var zone = PostmortemFacts.ZoneOf(current, incident.TeamId);
            var postmortem = await session.FindByIncidentAsync(due.IncidentId, cancellationToken);
            var text = kind == StartKind
                ? $"Postmortem for #{incident.Id} (P{due.Priority}) not started {Hours(options.StartReminderAfter)} after resolution: postmortem #{incident.Id}"
                : postmortem is null
                    ? $"Postmortem meeting for #{incident.Id} (P{due.Priority}) overdue since {PostmortemFacts.When(MeetingDue(due.ResolvedAt), zone)} and the postmortem is not started: postmortem #{incident.Id}"
                    : $"Postmortem meeting for #{incident.Id} (P{due.Priority}) overdue since {PostmortemFacts.When(MeetingDue(due.ResolvedAt), zone)}: {postmortem.Reference} is still a {PostmortemActions.Word(postmortem.State)}. Once held: postmortem {postmortem.Reference} state reviewed";
            var coordinator = incident.Roles.FirstOrDefault(r => r.Role == IncidentRole.Coordinator);
            var member = coordinator is null ? null : current.FindMember(coordinator.MemberId);
            var timelineText = $"{text} (reminded {(member is null ? "the team channel; no coordinator to tell" : $"{member.DisplayName} and the team channel")})";
            incident.Record(IncidentEventKind.Reminded, Sender, timelineText, now);
            await session.Incidents.SaveAsync(incident, cancellationToken);
            if (member is not null)
            {
                var direct = destinations.DirectTo(current, member).Select(d => d.Key).ToList();
                await session.Incidents.EnqueuePostsAsync(incident.Id, direct, cancellationToken);
                await session.Incidents.EnqueueReplyAsync(incident.Id, text, direct, cancellationToken);
            }
            var channels = destinations.ChannelKeys(current, incident.TeamId);
            await session.Incidents.EnqueueReplyAsync(incident.Id, text, channels, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>A reminder delay as the book states them: "24 h", "72 h".</summary>
    internal static string Hours(TimeSpan span) => string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h");
}

/// <summary>How a required postmortem is late; <see cref="Any"/> when it is overdue at all.</summary>
public readonly record struct Lateness(bool NotStarted, bool MeetingOverdue)
{
    public bool Any => NotStarted || MeetingOverdue;
}

/// <summary>Keeps the one <c>postmortem-sweep</c> timer pending, due within <see cref="PostmortemOptions.SweepInterval"/>.</summary>
public sealed class PostmortemSweepTimerSource(PostmortemOptions options, TimeProvider time) : ITimerSource
{
    public async Task SyncAsync(ITimers timers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timers);
        var due = time.GetUtcNow() + options.SweepInterval;
        var keep = false;
        foreach (var pending in await timers.ListAsync(PostmortemSweepTimerHandler.TimerKind, cancellationToken))
        {
            if (pending.Key.Id != PostmortemSweepTimerHandler.Timer.Id)
            {
                await timers.CancelAsync(pending.Key, cancellationToken);
            }
            else
            {
                keep = pending.DueAt <= due;
            }
        }
        if (!keep)
        {
            await timers.ScheduleAsync(PostmortemSweepTimerHandler.Timer, due, cancellationToken);
        }
    }
}

/// <summary>
/// Every <see cref="PostmortemOptions.SweepInterval"/>: sends the postmortem reminders that came due
/// (<see cref="PostmortemReminders"/>). The next firing is set whatever happens.
/// </summary>
public sealed class PostmortemSweepTimerHandler(PostmortemReminders reminders, ITimers timers, PostmortemOptions options, TimeProvider time) : ITimerHandler
{
    /// <summary>The timer's kind; its one id is <c>all</c>.</summary>
    public const string TimerKind = "postmortem-sweep";

    public static TimerKey Timer { get; } = new(TimerKind, "all");

    public string Kind => TimerKind;

    public async Task HandleAsync(TimerFired fired, CancellationToken cancellationToken)
    {
        try
        {
            await reminders.SweepAsync(cancellationToken);
        }
        finally
        {
            await timers.ScheduleAsync(Timer, time.GetUtcNow() + options.SweepInterval, cancellationToken);
        }
    }
}

/// <summary>The overdue postmortems under <c>status &lt;team&gt;</c>.</summary>
public sealed class PostmortemStatusSection(CatalogHolder catalog, PostmortemReminders reminders, TimeProvider time) : ITeamStatusSection
{
    public async Task<string?> ForTeamAsync(string teamId, CancellationToken cancellationToken) =>
        reminders.StatusLines(await reminders.OverdueAsync(teamId, cancellationToken), catalog.Current, time.GetUtcNow());
}
