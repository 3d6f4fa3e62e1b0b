using Bot.Core.OnCall;
using Bot.Core.Storage;

namespace Bot.Core.Tests.Commands;

/// <summary>Rotation overrides in a list, with the store's overlap and cancel rules.</summary>
internal sealed class InMemoryRotationOverrides : IRotationOverrideStore
{
    private readonly List<(RotationOverride Override, bool Cancelled)> _overrides = [];

    public Task<RotationOverride> AddAsync(RotationOverride rotationOverride, CancellationToken cancellationToken)
    {
        var stored = rotationOverride with { Id = _overrides.Count + 1 };
        _overrides.Add((stored, false));
        return Task.FromResult(stored);
    }

    public Task<IReadOnlyList<RotationOverride>> OverlappingAsync(string rotationId, DateTimeOffset start, DateTimeOffset until, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RotationOverride>>([.. _overrides
            .Where(o => !o.Cancelled && o.Override.RotationId == rotationId && o.Override.To > start && o.Override.From < until)
            .Select(o => o.Override)]);

    public Task<bool> CancelAsync(long id, string cancelledBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var index = _overrides.FindIndex(o => o.Override.Id == id && !o.Cancelled);
        if (index < 0)
        {
            return Task.FromResult(false);
        }
        _overrides[index] = (_overrides[index].Override, true);
        return Task.FromResult(true);
    }
}
