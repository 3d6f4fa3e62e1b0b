using Bot.Core.OnCall;
using Bot.Core.Storage;

namespace Bot.Persistence.Storage;

/// <summary>Rotation overrides are rows of <c>rotation_overrides</c>; a cancelled one keeps its row with <c>cancelled_at</c> set.</summary>
internal sealed class SqlRotationOverrideStore(BotDatabase database) : IRotationOverrideStore
{
    private const string Columns =
        "id, rotation_id AS rotationid, member_id AS memberid, role, starts_at AS startsat, ends_at AS endsat, created_by AS createdby, created_at AS createdat";

    public Task<RotationOverride> AddAsync(RotationOverride rotationOverride, CancellationToken cancellationToken)
    {
        Validate(rotationOverride);
        return database.WriteAsync(session => InsertAsync(session, rotationOverride), cancellationToken);
    }

    /// <summary>Stores an override in the caller's transaction (a cover taken on a notice commits with the notice).</summary>
    internal static async Task<RotationOverride> InsertAsync(DbSession session, RotationOverride rotationOverride)
    {
        Validate(rotationOverride);
        return (await session.QuerySingleAsync<Row>(
            $"""
            INSERT INTO rotation_overrides (rotation_id, member_id, role, starts_at, ends_at, created_by, created_at)
            VALUES (@RotationId, @MemberId, @role, @From, @To, @CreatedBy, @CreatedAt)
            RETURNING {Columns}
            """,
            new { rotationOverride.RotationId, rotationOverride.MemberId, role = EnumText<OnCallRole>.Of(rotationOverride.Role), rotationOverride.From, rotationOverride.To, rotationOverride.CreatedBy, rotationOverride.CreatedAt })).ToOverride();
    }

    public Task<IReadOnlyList<RotationOverride>> OverlappingAsync(string rotationId, DateTimeOffset start, DateTimeOffset until, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(rotationId);
        return database.ReadAsync<IReadOnlyList<RotationOverride>>(
            async session => [.. (await session.QueryAsync<Row>(
                $"""
                SELECT {Columns} FROM rotation_overrides
                WHERE rotation_id = @rotationId AND cancelled_at IS NULL AND ends_at > @start AND starts_at < @until
                ORDER BY id
                """,
                new { rotationId, start, until })).Select(r => r.ToOverride())],
            cancellationToken);
    }

    public Task<bool> CancelAsync(long id, string cancelledBy, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(
            async session => await session.ExecuteAsync(
                "UPDATE rotation_overrides SET cancelled_at = @at, cancelled_by = @cancelledBy WHERE id = @id AND cancelled_at IS NULL",
                new { id, cancelledBy, at }) == 1,
            cancellationToken);

    private static void Validate(RotationOverride rotationOverride)
    {
        ArgumentNullException.ThrowIfNull(rotationOverride);
        if (rotationOverride.To <= rotationOverride.From)
        {
            throw new ArgumentException($"An override must end after it starts; got {rotationOverride.From:O} to {rotationOverride.To:O}.", nameof(rotationOverride));
        }
    }

    private sealed class Row
    {
        public long Id { get; set; }
        public string RotationId { get; set; } = "";
        public string MemberId { get; set; } = "";
        public string Role { get; set; } = "";
        public DateTimeOffset StartsAt { get; set; }
        public DateTimeOffset EndsAt { get; set; }
        public string CreatedBy { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }

        public RotationOverride ToOverride() =>
            new(Id, RotationId, MemberId, EnumText<OnCallRole>.Parse(Role), StartsAt, EndsAt, CreatedBy, CreatedAt);
    }
}
