using System.Globalization;
using System.Text.Json;
using Bot.Core.Catalog;
using Bot.Core.Commands;
using Bot.Core.Incidents;
using Bot.Core.Notices;
using Bot.Core.Notifications;
using Bot.Core.Routing;
using Bot.Core.Storage;

namespace Bot.Core.OnCall;

/// <summary>
/// <c>cover &lt;from&gt; &lt;to&gt;</c>: someone on call asks their team to take a stretch of their shift. The request is
/// posted to the team's channels with an "I'll cover" button; the first member to press it gets the override (the
/// requester's role for that stretch), in the same transaction that marks the request taken, so two quick clicks
/// never make two overrides.
/// </summary>
public sealed class CoverRequests(
    CatalogHolder catalog, INoticeStore notices, IRotationOverrideStore overrides, RotationOverrides rules, DestinationResolver destinations, TimeProvider time) : INoticeAction
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ActionId => MessageAction.TakeCover.Id;

    /// <summary>Posts the request, or says why not (not a member, not on call then, a window in the past).</summary>
    public async Task<CommandReply> AskAsync(string rotationId, Actor by, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (!rules.TryAuthorize(rotationId, by, out var rotation, out var team, out var refusal))
        {
            return new CommandReply(false, refusal);
        }
        var now = time.GetUtcNow();
        if (to <= from)
        {
            return new CommandReply(false, "Cover must end after it starts.");
        }
        if (to <= now)
        {
            return new CommandReply(false, "That stretch is already over; give an end in the future.");
        }
        from = from < now ? now : from;
        var known = await overrides.OverlappingAsync(rotation.Id, from, to, cancellationToken);
        var held = OnCallSchedule.Timeline(rotation, known, from, to)
            .Select(p => RoleOf(p, by.Id))
            .FirstOrDefault(r => r is not null);
        if (held is not { } role)
        {
            return new CommandReply(false,
                $"{by.Name} is not on call for {rotation.Name} between {OnCallSchedule.DescribeLocal(rotation, from)} and {OnCallSchedule.DescribeLocal(rotation, to)}; there is nothing to cover.");
        }

        var cover = new CoverData(rotation.Id, by.Id, role, from, to);
        var dedupKey = string.Create(CultureInfo.InvariantCulture, $"cover:{rotation.Id}:{by.Id}:{from.UtcTicks}:{to.UtcTicks}");
        var message = Message(rotation, team, cover, by.Name);
        var keys = destinations.For(catalog.Current, team.Id).Select(d => d.Key).ToList();
        var posted = await notices.WriteAsync(
            async session =>
            {
                var added = await session.AddAsync(
                    new Notice(0, NoticeKind.CoverRequest, team.Id, rotation.Id, dedupKey, NoticeState.Open, JsonSerializer.Serialize(cover, Json), message, 1, now),
                    cancellationToken);
                if (added is not null)
                {
                    await session.EnqueuePostsAsync(added.Id, keys, cancellationToken);
                }
                return added;
            },
            cancellationToken);
        var stretch = $"{OnCallSchedule.DescribeLocal(rotation, from)} to {OnCallSchedule.DescribeLocal(rotation, to)}";
        return posted is null
            ? new CommandReply(false, $"You already asked for cover from {stretch}; the request is in the team's channel.")
            : new CommandReply(true, $"Asked team {team.Name} to cover your {RoleWord(role)} shift from {stretch} (request #{posted.Id}). The first to press \"I'll cover\" takes it.");
    }

    /// <summary>The "I'll cover" button: the first team member (not the requester) takes the stretch as an override.</summary>
    public async Task<CommandReply> RunAsync(Notice notice, CommandContext context, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        var by = context.By;
        var now = time.GetUtcNow();
        return await notices.WriteAsync(
            async session =>
            {
                if (await session.FindAsync(notice.Id, cancellationToken) is not { Kind: NoticeKind.CoverRequest } stored)
                {
                    return new CommandReply(false, $"There is no cover request {notice.Id}.");
                }
                var cover = JsonSerializer.Deserialize<CoverData>(stored.Data, Json)!;
                var team = current.FindTeam(stored.TeamId);
                string Name(string id) => team?.FindMember(id)?.DisplayName ?? id;
                if (stored.State == NoticeState.Taken)
                {
                    return new CommandReply(false, $"{Name(stored.TakenBy!)} already took this cover request.");
                }
                if (stored.State == NoticeState.Closed)
                {
                    return new CommandReply(false, "This cover request is closed.");
                }
                if (team?.FindMember(by.Id) is null)
                {
                    return new CommandReply(false, $"Only members of team '{stored.TeamId}' can take its cover requests; {by.Name} is not one.");
                }
                if (by.Id == cover.RequestedBy)
                {
                    return new CommandReply(false, "You asked for this cover; someone else from the team has to take it.");
                }
                if (cover.To <= now)
                {
                    var expired = stored.Message with { Tone = NoticeTone.Neutral, Actions = [], Footer = "Closed: the stretch passed before anyone took it." };
                    await session.SaveAsync(stored with { State = NoticeState.Closed, Message = expired, Version = stored.Version + 1 }, cancellationToken);
                    return new CommandReply(false, "That stretch is already over; the request is closed.");
                }
                var from = cover.From < now ? now : cover.From;
                var added = await session.AddOverrideAsync(new RotationOverride(0, cover.RotationId, by.Id, cover.Role, from, cover.To, by.Id, now), cancellationToken);
                var message = stored.Message with
                {
                    Tone = NoticeTone.Good,
                    Actions = [],
                    Fields = [.. stored.Message.Fields, new MessageField("Covered by", $"{by.Name} (override #{added.Id}), taken at {MessageField.Utc(now)}", now)],
                };
                await session.SaveAsync(stored with { State = NoticeState.Taken, TakenBy = by.Id, TakenAt = now, Message = message, Version = stored.Version + 1 }, cancellationToken);
                return new CommandReply(true,
                    $"You cover {Name(cover.RequestedBy)}'s {RoleWord(cover.Role)} shift from {MessageField.Utc(from)} to {MessageField.Utc(cover.To)} (override #{added.Id}).");
            },
            cancellationToken);
    }

    private static NoticeMessage Message(Rotation rotation, Team team, CoverData cover, string requester)
    {
        var summary = $"{ChatText.Mention(cover.RequestedBy)} needs someone to take their {RoleWord(cover.Role)} on-call shift. The first to press \"I'll cover\" takes it.";
        IReadOnlyList<MessageField> fields =
        [
            new("Rotation", $"{rotation.Name} ({team.Name})"),
            new("Role", RoleWord(cover.Role)),
            new("From", MessageField.Utc(cover.From), cover.From),
            new("Until", MessageField.Utc(cover.To), cover.To),
            new("Asked by", requester),
        ];
        return new NoticeMessage(0, 1, NoticeTone.Attention, $"Cover request · {rotation.Name}", summary, fields, [], [MessageAction.TakeCover]);
    }

    private static OnCallRole? RoleOf(OnCallPeriod period, string memberId) =>
        period.Main == memberId ? OnCallRole.Main
        : period.Backups.Count > 0 && period.Backups[0] == memberId ? OnCallRole.Backup
        : period.Backups.Count > 1 && period.Backups[1] == memberId ? OnCallRole.SecondBackup
        : null;

    private static string RoleWord(OnCallRole role) => role switch
    {
        OnCallRole.Main => "main",
        OnCallRole.Backup => "backup",
        _ => "second backup",
    };
}

/// <summary>What a cover request asks (a notice's <see cref="Notice.Data"/>).</summary>
internal sealed record CoverData(string RotationId, string RequestedBy, OnCallRole Role, DateTimeOffset From, DateTimeOffset To);
