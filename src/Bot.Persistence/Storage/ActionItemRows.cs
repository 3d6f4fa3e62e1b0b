using System.Data;
using System.Globalization;
using Bot.Core.Incidents;
using Bot.Core.Postmortems;

namespace Bot.Persistence.Storage;

/// <summary>The SQL shape of an action item. Dates are ISO text (<c>2026-06-10</c>) in both dialects; states as <see cref="EnumText{T}"/> writes them (<c>inwork</c>).</summary>
internal static class ActionItemRows
{
    public const string Columns = """
        id, postmortem_id AS postmortemid, incident_id AS incidentid, team_id AS teamid, priority, title, driver_id AS driverid,
        review_on AS reviewon, state, created_at AS createdat, created_by_id AS createdbyid, created_by_name AS createdbyname,
        created_by_source AS createdbysource, ready_at AS readyat, started_at AS startedat, implemented_at AS implementedat,
        done_at AS doneat, version, reminded_on AS remindedon
        """;

    public const string Insert = """
        INSERT INTO action_items (
            postmortem_id, incident_id, team_id, priority, title, driver_id, review_on, state, created_at,
            created_by_id, created_by_name, created_by_source, ready_at, started_at, implemented_at, done_at, version, reminded_on)
        VALUES (
            @PostmortemId, @IncidentId, @TeamId, @Priority, @Title, @DriverId, @ReviewOn, @State, @CreatedAt,
            @CreatedById, @CreatedByName, @CreatedBySource, @ReadyAt, @StartedAt, @ImplementedAt, @DoneAt, @Version, @RemindedOn)
        RETURNING id
        """;

    /// <summary>What a saved change may change; the postmortem, incident, team, creation and creator are fixed when added.</summary>
    public const string Update = """
        UPDATE action_items SET
            priority = @Priority, title = @Title, driver_id = @DriverId, review_on = @ReviewOn, state = @State,
            ready_at = @ReadyAt, started_at = @StartedAt, implemented_at = @ImplementedAt, done_at = @DoneAt,
            version = @Version, reminded_on = @RemindedOn
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    private const string DateFormat = "yyyy-MM-dd";

    public sealed class ActionItemRow
    {
        public long Id { get; set; }
        public long PostmortemId { get; set; }
        public long IncidentId { get; set; }
        public string? TeamId { get; set; }
        public int? Priority { get; set; }
        public string Title { get; set; } = "";
        public string DriverId { get; set; } = "";
        public string ReviewOn { get; set; } = "";
        public string State { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public string CreatedById { get; set; } = "";
        public string CreatedByName { get; set; } = "";
        public string CreatedBySource { get; set; } = "";
        public DateTimeOffset? ReadyAt { get; set; }
        public DateTimeOffset? StartedAt { get; set; }
        public DateTimeOffset? ImplementedAt { get; set; }
        public DateTimeOffset? DoneAt { get; set; }
        public int Version { get; set; }
        public string? RemindedOn { get; set; }

        /// <summary>Only for <see cref="Update"/>: the version stored before the change.</summary>
        public int ExpectedVersion { get; set; }

        public static ActionItemRow From(ActionItem item, int expectedVersion = 0) => new()
        {
            Id = item.Id,
            PostmortemId = item.PostmortemId,
            IncidentId = item.IncidentId,
            TeamId = item.TeamId,
            Priority = item.Priority,
            Title = item.Title,
            DriverId = item.DriverId,
            ReviewOn = Date(item.ReviewOn),
            State = EnumText<ActionItemState>.Of(item.State),
            CreatedAt = item.CreatedAt,
            CreatedById = item.CreatedBy.Id,
            CreatedByName = item.CreatedBy.Name,
            CreatedBySource = EnumText<ActionSource>.Of(item.CreatedBy.Source),
            ReadyAt = item.ReadyAt,
            StartedAt = item.StartedAt,
            ImplementedAt = item.ImplementedAt,
            DoneAt = item.DoneAt,
            Version = item.Version,
            RemindedOn = item.RemindedOn is { } reminded ? Date(reminded) : null,
            ExpectedVersion = expectedVersion,
        };

        public ActionItem ToItem() => new(
            Id,
            PostmortemId,
            IncidentId,
            TeamId,
            Priority,
            Title,
            DriverId,
            ParseDate(ReviewOn),
            EnumText<ActionItemState>.Parse(State),
            CreatedAt,
            new Actor(CreatedById, CreatedByName, EnumText<ActionSource>.Parse(CreatedBySource)),
            Version)
        {
            ReadyAt = ReadyAt,
            StartedAt = StartedAt,
            ImplementedAt = ImplementedAt,
            DoneAt = DoneAt,
            RemindedOn = RemindedOn is null ? null : ParseDate(RemindedOn),
        };
    }

    public static string Date(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static DateOnly ParseDate(string text) =>
        DateOnly.TryParseExact(text, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new DataException($"'{text}' is not a stored action item date; expected YYYY-MM-DD.");
}
