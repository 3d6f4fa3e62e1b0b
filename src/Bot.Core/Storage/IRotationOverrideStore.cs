using Bot.Core.OnCall;

namespace Bot.Core.Storage;

/// <summary>Overrides of on-call rotations (who covers for whom, when), kept until they end; cancelled ones are kept too, marked.</summary>
public interface IRotationOverrideStore
{
    /// <summary>Stores a new override and returns it with its id.</summary>
    Task<RotationOverride> AddAsync(RotationOverride rotationOverride, CancellationToken cancellationToken);

    /// <summary>The rotation's overrides that are not cancelled and overlap [<paramref name="start"/>, <paramref name="until"/>), oldest first.</summary>
    Task<IReadOnlyList<RotationOverride>> OverlappingAsync(string rotationId, DateTimeOffset start, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Marks an override cancelled; false when it does not exist or was already cancelled.</summary>
    Task<bool> CancelAsync(long id, string cancelledBy, DateTimeOffset at, CancellationToken cancellationToken);
}
