using System.Globalization;
using System.Text.Json;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Notices;
using Bot.Core.Notifications;
using Bot.Core.Routing;
using Bot.Core.Scheduling;
using Bot.Core.Storage;

namespace Bot.Core.OnCall;

/// <summary>
/// The prompt at each handoff of a rotation (book §3): posted to the team's channels and sent to the outgoing and
/// incoming people by direct message — who hands over to whom, the incidents of the shift (with acknowledge and
/// resolve times) and those that carry over, a reminder to walk through runbook changes, and an Accept handoff button.
/// One prompt per rotation and shift, however often the timer fires and on however many replicas. When the incoming
/// main has not accepted after <see cref="OnCallOptions.HandoffReminderAfter"/>, a reminder mentions them in the
/// channel thread and in their direct message.
/// </summary>
public sealed class HandoffPrompts(
    CatalogHolder catalog,
    INoticeStore notices,
    IRotationOverrideStore overrides,
    IIncidentStore incidents,
    DestinationResolver destinations,
    ITimers timers,
    OnCallOptions options,
    TimeProvider time) : INoticeAction
{
    /// <summary>The timer of a scheduled handoff: id <c>{rotation}@{shift number}</c>, due at that shift's start.</summary>
    public const string TimerKind = "handoff";

    /// <summary>The reminder timer of a prompt: id = the notice id.</summary>
    public const string ReminderKind = "handoff-reminder";

    /// <summary>How late a scheduled prompt may come before it says it is late (the bot was down at the time).</summary>
    private static readonly TimeSpan Late = TimeSpan.FromMinutes(5);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ActionId => MessageAction.AcceptHandoff.Id;

    public static TimerKey HandoffTimer(string rotationId, long shiftNumber) =>
        new(TimerKind, string.Create(CultureInfo.InvariantCulture, $"{rotationId}@{shiftNumber}"));

    /// <summary>The rotation and shift number of a <see cref="TimerKind"/> timer, or null when the id is not one.</summary>
    public static (string RotationId, long ShiftNumber)? ParseHandoffTimer(TimerKey key)
    {
        var at = key.Id.LastIndexOf('@');
        return key.Kind == TimerKind && at > 0 && long.TryParse(key.Id.AsSpan(at + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? (key.Id[..at], number)
            : null;
    }

    /// <summary>The timer for the rotation's next scheduled handoff after <paramref name="at"/>, and when it is due.</summary>
    public static (TimerKey Key, DateTimeOffset DueAt) NextHandoffTimer(Rotation rotation, DateTimeOffset at)
    {
        var next = OnCallSchedule.ShiftByNumber(rotation, OnCallSchedule.ShiftAt(rotation, at).Number + 1);
        return (HandoffTimer(rotation.Id, next.Number), next.Start);
    }

    /// <summary>
    /// The scheduled handoff to shift <paramref name="shiftNumber"/> came due (possibly late, possibly twice): posts its
    /// prompt once, closes the rotation's earlier prompts nobody accepted, and schedules the reminder and the next
    /// handoff. When the bot was down across several handoffs, only the latest one is prompted.
    /// </summary>
    public async Task<Notice?> PostScheduledAsync(string rotationId, long shiftNumber, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        if (current.Rotations.FirstOrDefault(r => r.Id == rotationId) is not { } rotation)
        {
            return null;
        }
        var now = time.GetUtcNow();
        var number = Math.Max(shiftNumber, OnCallSchedule.ShiftAt(rotation, now).Number);
        var incoming = OnCallSchedule.ShiftByNumber(rotation, number);
        var known = await overrides.OverlappingAsync(rotation.Id, incoming.Start.AddTicks(-1), incoming.Start.AddTicks(1), cancellationToken);
        var before = OnCallSchedule.At(rotation, known, incoming.Start.AddTicks(-1));
        var after = OnCallSchedule.At(rotation, known, incoming.Start);
        var late = now - incoming.Start > Late
            ? $"Posted late: SLO Bot was not running at the handoff time ({OnCallSchedule.DescribeLocal(rotation, incoming.Start)})."
            : null;
        var handoff = new HandoffData(rotation.Id, number, incoming.Start, incoming.End, before.Main, before.Backups, after.Main, after.Backups, null, null);
        var notice = await PostAsync(rotation, handoff, string.Create(CultureInfo.InvariantCulture, $"handoff:{rotation.Id}:{number}"), late, cancellationToken);
        var (next, dueAt) = NextHandoffTimer(rotation, now);
        await timers.ScheduleAsync(next, dueAt, cancellationToken);
        return notice;
    }

    /// <summary>The prompt of a handoff done early by hand (<c>rotate confirm</c>): the same prompt, now.</summary>
    public Task<Notice?> PostEarlyAsync(HandOffResult handedOver, Actor by, CancellationToken cancellationToken)
    {
        if (handedOver is not { Done: true, Rotation: { } rotation, Outgoing: { } outgoing, Incoming: { } incoming, Until: { } until })
        {
            throw new ArgumentException("Only a done handoff has a prompt.", nameof(handedOver));
        }
        var now = time.GetUtcNow();
        var handoff = new HandoffData(rotation.Id, null, now, until, outgoing.Main, outgoing.Backups, incoming.Main, incoming.Backups, by.Id, null);
        var key = string.Create(CultureInfo.InvariantCulture, $"handoff:{rotation.Id}:early:{now.UtcTicks}");
        return PostAsync(rotation, handoff, key, $"Handed over early by {by.Name}.", cancellationToken);
    }

    /// <summary>The reminder came due: when the prompt is still waiting, mention the incoming main in the channel thread and their direct message.</summary>
    public async Task<bool> RemindAsync(long noticeId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var current = catalog.Current;
        return await notices.WriteAsync(
            async session =>
            {
                if (await session.FindAsync(noticeId, cancellationToken) is not { State: NoticeState.Open } notice || notice.Kind != NoticeKind.Handoff)
                {
                    return false;
                }
                var handoff = Read(notice);
                if (handoff.RemindedAt is not null)
                {
                    return false;
                }
                var waited = EscalationChain.Describe(now - notice.CreatedAt);
                var message = notice.Message with
                {
                    Tone = NoticeTone.Warning,
                    Fields = [.. notice.Message.Fields, new MessageField("Reminder", $"sent at {MessageField.Utc(now)}: not accepted after {waited}", now)],
                };
                await session.SaveAsync(notice with { Data = Write(handoff with { RemindedAt = now }), Message = message, Version = notice.Version + 1 }, cancellationToken);
                var incoming = current.FindTeam(notice.TeamId)?.FindMember(handoff.IncomingMain);
                var keys = ChannelKeys(current, notice.TeamId).Concat(incoming is null ? [] : DirectKeys(current, incoming)).ToList();
                await session.EnqueueReplyAsync(
                    noticeId, $"{ChatText.Mention(handoff.IncomingMain)} the handoff is waiting for you: not accepted after {waited}. Please accept it, or say what is in the way.", keys, cancellationToken);
                return true;
            },
            cancellationToken);
    }

    /// <summary>The Accept handoff button: the incoming main (or an admin for them) accepts; every copy then shows it.</summary>
    public async Task<CommandReply> RunAsync(Notice notice, CommandContext context, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        var now = time.GetUtcNow();
        var team = current.FindTeam(notice.TeamId);
        var by = context.By;
        return await notices.WriteAsync(
            async session =>
            {
                if (await session.FindAsync(notice.Id, cancellationToken) is not { Kind: NoticeKind.Handoff } stored)
                {
                    return new CommandReply(false, $"There is no handoff prompt {notice.Id}.");
                }
                var handoff = Read(stored);
                var incoming = team?.FindMember(handoff.IncomingMain)?.DisplayName ?? handoff.IncomingMain;
                if (stored.State == NoticeState.Taken)
                {
                    var who = team?.FindMember(stored.TakenBy ?? "")?.DisplayName ?? stored.TakenBy;
                    return new CommandReply(true, $"{who} already accepted this handoff at {MessageField.Utc(stored.TakenAt!.Value)}.");
                }
                if (stored.State == NoticeState.Closed)
                {
                    return new CommandReply(false, "This handoff prompt is closed: a later handoff replaced it.");
                }
                var admin = current.IsAdmin(by.Id) || team?.IsAdmin(by.Id) == true;
                if (by.Id != handoff.IncomingMain && !admin)
                {
                    return new CommandReply(false, $"Only {incoming}, the incoming main on-call, can accept this handoff.");
                }
                var onBehalf = by.Id == handoff.IncomingMain ? "" : $" for {incoming}";
                var message = stored.Message with
                {
                    Tone = NoticeTone.Good,
                    Actions = [],
                    Fields = [.. stored.Message.Fields, new MessageField("Accepted", $"by {by.Name}{onBehalf} at {MessageField.Utc(now)}", now)],
                };
                await session.SaveAsync(stored with { State = NoticeState.Taken, TakenBy = by.Id, TakenAt = now, Message = message, Version = stored.Version + 1 }, cancellationToken);
                return new CommandReply(true, $"Handoff accepted{onBehalf}: {incoming} is on call for {RotationName(current, stored.RotationId)} until {MessageField.Utc(handoff.Until)}.");
            },
            cancellationToken);
    }

    private async Task<Notice?> PostAsync(Rotation rotation, HandoffData handoff, string dedupKey, string? footer, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        if (current.FindTeam(rotation.TeamId) is not { } team)
        {
            return null;
        }
        var shiftStart = OnCallSchedule.ShiftAt(rotation, handoff.At.AddTicks(-1)).Start;
        var ofTeam = await TeamIncidentsAsync(team.Id, cancellationToken);
        var during = ofTeam.Where(i => i.OpenedAt >= shiftStart && i.OpenedAt < handoff.At).OrderBy(i => i.OpenedAt).ToList();
        var carried = ofTeam.Where(i => i.State != IncidentState.Resolved && i.OpenedAt < handoff.At).OrderBy(i => i.OpenedAt).ToList();
        var message = HandoffMessage.For(rotation, team, handoff, during, carried, footer);
        var people = new[] { handoff.OutgoingMain }.Concat(handoff.OutgoingBackups).Concat([handoff.IncomingMain]).Concat(handoff.IncomingBackups)
            .Distinct(StringComparer.Ordinal)
            .Select(team.FindMember).OfType<Member>()
            .ToList();
        var keys = ChannelKeys(current, team.Id).Concat(people.SelectMany(p => DirectKeys(current, p))).Distinct(StringComparer.Ordinal).ToList();
        var now = time.GetUtcNow();

        var posted = await notices.WriteAsync(
            async session =>
            {
                var added = await session.AddAsync(
                    new Notice(0, NoticeKind.Handoff, team.Id, rotation.Id, dedupKey, NoticeState.Open, Write(handoff), message, 1, now),
                    cancellationToken);
                if (added is null)
                {
                    return null;
                }
                await session.EnqueuePostsAsync(added.Id, keys, cancellationToken);
                return added;
            },
            cancellationToken);
        if (posted is null)
        {
            return null;
        }
        await CloseEarlierAsync(posted, cancellationToken);
        await timers.ScheduleAsync(new TimerKey(ReminderKind, posted.Id.ToString(CultureInfo.InvariantCulture)), now + options.HandoffReminderAfter, cancellationToken);
        return posted;
    }

    /// <summary>Earlier prompts of the rotation that nobody accepted are closed: the new one is the one to act on.</summary>
    private async Task CloseEarlierAsync(Notice posted, CancellationToken cancellationToken)
    {
        var open = await notices.ListAsync(posted.TeamId, NoticeKind.Handoff, NoticeState.Open, 20, cancellationToken);
        foreach (var earlier in open.Where(n => n.RotationId == posted.RotationId && n.Id < posted.Id))
        {
            await notices.WriteAsync(
                async session =>
                {
                    if (await session.FindAsync(earlier.Id, cancellationToken) is { State: NoticeState.Open } stale)
                    {
                        var message = stale.Message with
                        {
                            Tone = NoticeTone.Neutral,
                            Actions = [],
                            Footer = $"Closed: replaced by a later handoff prompt before anyone accepted this one.",
                        };
                        await session.SaveAsync(stale with { State = NoticeState.Closed, Message = message, Version = stale.Version + 1 }, cancellationToken);
                    }
                    return true;
                },
                cancellationToken);
        }
    }

    private async Task<List<IncidentRecord>> TeamIncidentsAsync(string teamId, CancellationToken cancellationToken)
    {
        var all = new List<IncidentRecord>();
        foreach (var state in (IncidentState[])[IncidentState.Open, IncidentState.Acknowledged, IncidentState.Resolved])
        {
            all.AddRange(await incidents.ListAsync(new IncidentQuery(teamId, state, Limit: 200), cancellationToken));
        }
        return all;
    }

    private IEnumerable<string> ChannelKeys(ServiceCatalog current, string teamId) => destinations.For(current, teamId).Select(d => d.Key);

    private IEnumerable<string> DirectKeys(ServiceCatalog current, Member member) => destinations.DirectTo(current, member).Select(d => d.Key);

    private static string RotationName(ServiceCatalog current, string? rotationId) =>
        current.Rotations.FirstOrDefault(r => r.Id == rotationId)?.Name ?? rotationId ?? "the rotation";

    private static HandoffData Read(Notice notice) =>
        JsonSerializer.Deserialize<HandoffData>(notice.Data, Json) ?? throw new InvalidOperationException($"Notice {notice.Id} holds no handoff.");

    private static string Write(HandoffData handoff) => JsonSerializer.Serialize(handoff, Json);
}

/// <summary>
/// What a handoff prompt is about (a notice's <see cref="Notice.Data"/>): the rotation, the shift handed to (null for
/// an early handoff), when, until when, who hands over to whom (overrides applied), and the reminder's time.
/// </summary>
internal sealed record HandoffData(
    string RotationId,
    long? ShiftNumber,
    DateTimeOffset At,
    DateTimeOffset Until,
    string OutgoingMain,
    IReadOnlyList<string> OutgoingBackups,
    string IncomingMain,
    IReadOnlyList<string> IncomingBackups,
    string? EarlyBy,
    DateTimeOffset? RemindedAt);
