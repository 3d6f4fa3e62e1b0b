using System.Diagnostics.CodeAnalysis;
using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Storage;

namespace Bot.Core.OnCall;

/// <summary>
/// Overrides of a team's rotation, as every chat adapter sets them (<c>override @ana &lt;from&gt; &lt;to&gt;</c>,
/// <c>override cancel</c>). Only the team's members and admins may change its schedule; the person covering must be in
/// the catalog.
/// </summary>
public sealed class RotationOverrides(CatalogHolder catalog, IRotationOverrideStore store, TimeProvider time) : IDisposable
{
    /// <summary>
    /// Early handoffs one at a time in this process, so two quick <c>rotate confirm</c>s cannot both pass the "already
    /// handed over" check. (Two replicas could still race; the store has no transaction spanning the check and the
    /// inserts yet.)
    /// </summary>
    private readonly SemaphoreSlim _handOffGate = new(1, 1);

    public void Dispose() => _handOffGate.Dispose();

    public async Task<OverrideResult> AddAsync(OverrideRequest request, CancellationToken cancellationToken)
    {
        if (!TryAuthorize(request.RotationId, request.By, out var rotation, out _, out var refusal))
        {
            return OverrideResult.Refused(refusal);
        }
        if (catalog.Current.FindMember(request.MemberId) is null)
        {
            return OverrideResult.Refused($"'{request.MemberId}' is not a person in the catalog.");
        }
        var now = time.GetUtcNow();
        if (request.To <= request.From)
        {
            return OverrideResult.Refused("An override must end after it starts.");
        }
        if (request.To <= now)
        {
            return OverrideResult.Refused("That override would already be over; give an end in the future.");
        }
        var stored = await store.AddAsync(
            new RotationOverride(0, rotation.Id, request.MemberId, request.Role, request.From < now ? now : request.From, request.To, request.By.Id, now),
            cancellationToken);
        return new OverrideResult(true, stored, rotation, null);
    }

    /// <summary>
    /// Cancels the most recent override of the rotation that is not over yet and that <paramref name="by"/> set or
    /// that puts them on call (an admin may cancel any): the usual "I no longer need cover" or "I can't cover after all".
    /// </summary>
    public async Task<OverrideResult> CancelLatestAsync(string rotationId, Actor by, CancellationToken cancellationToken)
    {
        if (!TryAuthorize(rotationId, by, out var rotation, out var team, out var refusal))
        {
            return OverrideResult.Refused(refusal);
        }
        var now = time.GetUtcNow();
        var admin = catalog.Current.IsAdmin(by.Id) || team.IsAdmin(by.Id);
        var latest = (await store.OverlappingAsync(rotationId, now, DateTimeOffset.MaxValue, cancellationToken))
            .Where(o => admin || o.CreatedBy == by.Id || o.MemberId == by.Id)
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .FirstOrDefault();
        if (latest is null)
        {
            return OverrideResult.Refused($"You have no current or coming override on {rotation.Name} to cancel.");
        }
        await store.CancelAsync(latest.Id, by.Id, now, cancellationToken);
        return new OverrideResult(true, latest, rotation, null);
    }

    /// <summary>
    /// Hands the rotation over now rather than at its scheduled time (<c>rotate</c>): the next shift's people take each
    /// role from now until the scheduled handoff, as overrides, so the schedule after it is unchanged. Refused when the
    /// next shift's people already hold every role (the rotation was already handed over early).
    /// </summary>
    public async Task<HandOffResult> HandOffNowAsync(string rotationId, Actor by, CancellationToken cancellationToken)
    {
        if (!TryAuthorize(rotationId, by, out var rotation, out _, out var refusal))
        {
            return HandOffResult.Refused(refusal);
        }
        await _handOffGate.WaitAsync(cancellationToken);
        try
        {
            var plan = await PlanAsync(rotation, cancellationToken);
            if (plan.AlreadyHandedOver)
            {
                return HandOffResult.Refused(AlreadyHandedOver(rotation, plan.Incoming, plan.Until));
            }
            var now = time.GetUtcNow();
            foreach (var role in OnCallSchedule.Roles(rotation))
            {
                var member = role switch
                {
                    OnCallRole.Main => plan.Incoming.Main,
                    OnCallRole.Backup => plan.Incoming.Backups[0],
                    _ => plan.Incoming.Backups[1],
                };
                await store.AddAsync(new RotationOverride(0, rotation.Id, member, role, now, plan.Until, by.Id, now), cancellationToken);
            }
            return new HandOffResult(true, rotation, plan.Outgoing, plan.Incoming, plan.Until, null);
        }
        finally
        {
            _handOffGate.Release();
        }
    }

    /// <summary>What <see cref="HandOffNowAsync"/> would do now, for the confirmation question.</summary>
    public async Task<HandOffResult> PreviewHandOffAsync(string rotationId, CancellationToken cancellationToken)
    {
        var rotation = catalog.Current.Rotations.FirstOrDefault(r => r.Id == rotationId);
        if (rotation is null)
        {
            return HandOffResult.Refused($"There is no rotation '{rotationId}'.");
        }
        var plan = await PlanAsync(rotation, cancellationToken);
        return plan.AlreadyHandedOver
            ? HandOffResult.Refused(AlreadyHandedOver(rotation, plan.Incoming, plan.Until))
            : new HandOffResult(true, rotation, plan.Outgoing, plan.Incoming, plan.Until, null);
    }

    private async Task<(OnCallNow Outgoing, Shift Incoming, DateTimeOffset Until, bool AlreadyHandedOver)> PlanAsync(Rotation rotation, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var shift = OnCallSchedule.ShiftAt(rotation, now);
        var next = OnCallSchedule.ShiftByNumber(rotation, shift.Number + 1);
        var known = await store.OverlappingAsync(rotation.Id, shift.Start, shift.End, cancellationToken);
        var outgoing = OnCallSchedule.At(rotation, known, now);
        var already = outgoing.Main == next.Main && outgoing.Backups.SequenceEqual(next.Backups);
        return (outgoing, next, shift.End, already);
    }

    private string AlreadyHandedOver(Rotation rotation, Shift incoming, DateTimeOffset until) =>
        $"{rotation.Name} was already handed over early: {catalog.Current.FindTeam(rotation.TeamId)?.FindMember(incoming.Main)?.DisplayName ?? incoming.Main} " +
        $"is main until the scheduled handoff at {OnCallSchedule.DescribeLocal(rotation, until)}.";

    /// <summary>The rotation and its team, or why <paramref name="by"/> may not change its schedule (members and admins may).</summary>
    internal bool TryAuthorize(
        string rotationId, Actor by, [NotNullWhen(true)] out Rotation? rotation, [NotNullWhen(true)] out Team? team, [NotNullWhen(false)] out string? refusal)
    {
        var current = catalog.Current;
        rotation = current.Rotations.FirstOrDefault(r => r.Id == rotationId);
        team = rotation is null ? null : current.FindTeam(rotation.TeamId);
        refusal = rotation is null || team is null ? $"There is no rotation '{rotationId}'."
            : team.FindMember(by.Id) is not null || team.IsAdmin(by.Id) || current.IsAdmin(by.Id) ? null
            : $"Only members of team '{team.Id}' and admins may change its on-call schedule; {by.Name} is not one.";
        return refusal is null;
    }
}

/// <summary>An override to set: <see cref="MemberId"/> takes <see cref="Role"/> on the rotation from <see cref="From"/> until <see cref="To"/>.</summary>
public sealed record OverrideRequest(string RotationId, string MemberId, OnCallRole Role, DateTimeOffset From, DateTimeOffset To, Actor By);

/// <summary>An early handoff: who held the rotation, the shift whose people take over, until when; or why not.</summary>
public sealed record HandOffResult(bool Done, Rotation? Rotation, OnCallNow? Outgoing, Shift? Incoming, DateTimeOffset? Until, string? Refusal)
{
    public static HandOffResult Refused(string why) => new(false, null, null, null, null, why);
}

/// <summary>What happened: the stored (or cancelled) override, or why nothing was done.</summary>
public sealed record OverrideResult(bool Done, RotationOverride? Override, Rotation? Rotation, string? Refusal)
{
    public static OverrideResult Refused(string why) => new(false, null, null, why);
}
