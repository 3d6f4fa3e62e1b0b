using Bot.Core.Catalog;
using Bot.Core.Incidents;
using Bot.Core.Storage;

namespace Bot.Core.OnCall;

/// <summary>
/// Overrides of a team's rotation, as every chat adapter sets them (<c>override @ana &lt;from&gt; &lt;to&gt;</c>,
/// <c>override cancel</c>). Only the team's members and admins may change its schedule; the person covering must be in
/// the catalog.
/// </summary>
public sealed class RotationOverrides(CatalogHolder catalog, IRotationOverrideStore store, TimeProvider time)
{
    public async Task<OverrideResult> AddAsync(OverrideRequest request, CancellationToken cancellationToken)
    {
        var current = catalog.Current;
        var rotation = current.Rotations.FirstOrDefault(r => r.Id == request.RotationId);
        if (rotation is null || current.FindTeam(rotation.TeamId) is not { } team)
        {
            return OverrideResult.Refused($"There is no rotation '{request.RotationId}'.");
        }
        if (Refusal(current, team, request.By) is { } refusal)
        {
            return OverrideResult.Refused(refusal);
        }
        if (!current.Teams.Any(t => t.FindMember(request.MemberId) is not null))
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
        var current = catalog.Current;
        var rotation = current.Rotations.FirstOrDefault(r => r.Id == rotationId);
        if (rotation is null || current.FindTeam(rotation.TeamId) is not { } team)
        {
            return OverrideResult.Refused($"There is no rotation '{rotationId}'.");
        }
        if (Refusal(current, team, by) is { } refusal)
        {
            return OverrideResult.Refused(refusal);
        }
        var now = time.GetUtcNow();
        var admin = current.IsAdmin(by.Id) || team.IsAdmin(by.Id);
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

    private static string? Refusal(ServiceCatalog catalog, Team team, Actor by) =>
        team.FindMember(by.Id) is not null || team.IsAdmin(by.Id) || catalog.IsAdmin(by.Id)
            ? null
            : $"Only members of team '{team.Id}' and admins may change its on-call schedule; {by.Name} is not one.";
}

/// <summary>An override to set: <see cref="MemberId"/> takes <see cref="Role"/> on the rotation from <see cref="From"/> until <see cref="To"/>.</summary>
public sealed record OverrideRequest(string RotationId, string MemberId, OnCallRole Role, DateTimeOffset From, DateTimeOffset To, Actor By);

/// <summary>What happened: the stored (or cancelled) override, or why nothing was done.</summary>
public sealed record OverrideResult(bool Done, RotationOverride? Override, Rotation? Rotation, string? Refusal)
{
    public static OverrideResult Refused(string why) => new(false, null, null, why);
}
