using System.Data;
using System.Text.Json;
using Bot.Core.Notices;
using Bot.Core.Notifications;

namespace Bot.Persistence.Storage;

/// <summary>
/// The SQL shape of a notice. <c>data</c> is the use case's own JSON, stored as given; <c>message</c> is the
/// <see cref="NoticeMessage"/> as JSON of this class's own shape (<see cref="MessageJson"/>), without what the row
/// already holds (the id and version, stamped back on read) or what is resolved at delivery (the people mentioned).
/// </summary>
internal static class NoticeRows
{
    public const string Columns = """
        id, kind, team_id AS teamid, rotation_id AS rotationid, dedup_key AS dedupkey, state, data, message, version,
        created_at AS createdat, taken_by AS takenby, taken_at AS takenat
        """;

    /// <summary>Nothing when the dedup key is taken, by a committed notice or (PostgreSQL) one committing now.</summary>
    public const string Insert = """
        INSERT INTO notices (kind, team_id, rotation_id, dedup_key, state, data, message, version, created_at, updated_at, taken_by, taken_at)
        VALUES (@Kind, @TeamId, @RotationId, @DedupKey, @State, @Data, @Message, @Version, @CreatedAt, @UpdatedAt, @TakenBy, @TakenAt)
        ON CONFLICT (dedup_key) DO NOTHING
        RETURNING id
        """;

    /// <summary>What a saved change may change; kind, team, rotation, dedup key and creation time are fixed when added.</summary>
    public const string Update = """
        UPDATE notices SET
            state = @State, data = @Data, message = @Message, version = @Version, updated_at = @UpdatedAt, taken_by = @TakenBy, taken_at = @TakenAt
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    // The web defaults (camelCase) like the use cases' own data; enums are written as EnumText writes them.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Kinds as stored: <c>handoff</c>, <c>cover_request</c>, <c>budget_policy</c>, <c>stakeholder_notification</c> (the CHECK on <c>notices.kind</c> lists them).</summary>
    public static string KindText(NoticeKind kind) => kind switch
    {
        NoticeKind.Handoff => "handoff",
        NoticeKind.CoverRequest => "cover_request",
        NoticeKind.BudgetPolicy => "budget_policy",
        NoticeKind.StakeholderNotification => "stakeholder_notification",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown notice kind."),
    };

    public static string? KindText(NoticeKind? kind) => kind is { } k ? KindText(k) : null;

    private static NoticeKind KindOf(string text) => text switch
    {
        "handoff" => NoticeKind.Handoff,
        "cover_request" => NoticeKind.CoverRequest,
        "budget_policy" => NoticeKind.BudgetPolicy,
        "stakeholder_notification" => NoticeKind.StakeholderNotification,
        _ => throw new DataException($"'{text}' is not a stored NoticeKind; expected handoff, cover_request, budget_policy or stakeholder_notification."),
    };

    public sealed class NoticeRow
    {
        public long Id { get; set; }
        public string Kind { get; set; } = "";
        public string TeamId { get; set; } = "";
        public string? RotationId { get; set; }
        public string DedupKey { get; set; } = "";
        public string State { get; set; } = "";
        public string Data { get; set; } = "";
        public string Message { get; set; } = "";
        public int Version { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset UpdatedAt { get; set; }
        public string? TakenBy { get; set; }
        public DateTimeOffset? TakenAt { get; set; }

        /// <summary>Only for <see cref="Update"/>: the version stored before the change.</summary>
        public int ExpectedVersion { get; set; }

        public static NoticeRow From(Notice notice, DateTimeOffset updatedAt, int expectedVersion = 0) => new()
        {
            Id = notice.Id,
            Kind = KindText(notice.Kind),
            TeamId = notice.TeamId,
            RotationId = notice.RotationId,
            DedupKey = notice.DedupKey,
            State = EnumText<NoticeState>.Of(notice.State),
            Data = notice.Data,
            Message = JsonSerializer.Serialize(MessageJson.From(notice.Message), Json),
            Version = notice.Version,
            CreatedAt = notice.CreatedAt,
            UpdatedAt = updatedAt,
            TakenBy = notice.TakenBy,
            TakenAt = notice.TakenAt,
            ExpectedVersion = expectedVersion,
        };

        public Notice ToNotice()
        {
            var message = JsonSerializer.Deserialize<MessageJson>(Message, Json)
                ?? throw new DataException($"Notice {Id} has no message.");
            return new Notice(
                Id, KindOf(Kind), TeamId, RotationId, DedupKey, EnumText<NoticeState>.Parse(State), Data, message.ToMessage(Id, Version),
                Version, CreatedAt, TakenBy, TakenAt);
        }
    }

    /// <summary>The stored form of a <see cref="NoticeMessage"/>: owned here, so a change to the core's records is a visible decision.</summary>
    private sealed record MessageJson(
        string Tone, string Title, string Summary, IReadOnlyList<FieldJson> Fields, IReadOnlyList<SectionJson> Sections, IReadOnlyList<ActionJson> Actions, string? Footer)
    {
        public static MessageJson From(NoticeMessage message) => new(
            EnumText<NoticeTone>.Of(message.Tone),
            message.Title,
            message.Summary,
            [.. message.Fields.Select(f => new FieldJson(f.Name, f.Value, f.At))],
            [.. message.Sections.Select(s => new SectionJson(s.Heading, s.Lines))],
            [.. message.Actions.Select(a => new ActionJson(a.Id, a.Text))],
            message.Footer);

        public NoticeMessage ToMessage(long noticeId, int version) => new(
            noticeId,
            version,
            EnumText<NoticeTone>.Parse(Tone),
            Title,
            Summary,
            [.. Fields.Select(f => new MessageField(f.Name, f.Value, f.At))],
            [.. Sections.Select(s => new NoticeSection(s.Heading, s.Lines))],
            [.. Actions.Select(a => new MessageAction(a.Id, a.Text))],
            Footer);
    }

    private sealed record FieldJson(string Name, string Value, DateTimeOffset? At);

    private sealed record SectionJson(string Heading, IReadOnlyList<string> Lines);

    private sealed record ActionJson(string Id, string Text);
}
