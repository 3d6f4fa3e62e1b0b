using System.Data;
using System.Text.Json;
using Bot.Core.Incidents;
using Bot.Core.Postmortems;

namespace Bot.Persistence.Storage;

/// <summary>The SQL shape of a postmortem; its sections are JSON of this class's own shape (<see cref="SectionJson"/>).</summary>
internal static class PostmortemRows
{
    public const string Columns = """
        id, incident_id AS incidentid, team_id AS teamid, state, template, title, sections, created_at AS createdat,
        created_by_id AS createdbyid, created_by_name AS createdbyname, created_by_source AS createdbysource, updated_at AS updatedat,
        version, meeting_at AS meetingat, meeting_held_at AS meetingheldat, published_at AS publishedat
        """;

    /// <summary>Nothing when the incident has a postmortem, committed or (PostgreSQL) committing now.</summary>
    public const string Insert = """
        INSERT INTO postmortems (
            incident_id, team_id, state, template, title, sections, created_at, created_by_id, created_by_name, created_by_source,
            updated_at, version, meeting_at, meeting_held_at, published_at)
        VALUES (
            @IncidentId, @TeamId, @State, @Template, @Title, @Sections, @CreatedAt, @CreatedById, @CreatedByName, @CreatedBySource,
            @UpdatedAt, @Version, @MeetingAt, @MeetingHeldAt, @PublishedAt)
        ON CONFLICT (incident_id) DO NOTHING
        RETURNING id
        """;

    /// <summary>What a saved change may change; the incident, team, template and creation are fixed when started.</summary>
    public const string Update = """
        UPDATE postmortems SET
            state = @State, title = @Title, sections = @Sections, updated_at = @UpdatedAt, version = @Version,
            meeting_at = @MeetingAt, meeting_held_at = @MeetingHeldAt, published_at = @PublishedAt
        WHERE id = @Id AND version = @ExpectedVersion
        """;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed class PostmortemRow
    {
        public long Id { get; set; }
        public long IncidentId { get; set; }
        public string? TeamId { get; set; }
        public string State { get; set; } = "";
        public string Template { get; set; } = "";
        public string Title { get; set; } = "";
        public string Sections { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public string CreatedById { get; set; } = "";
        public string CreatedByName { get; set; } = "";
        public string CreatedBySource { get; set; } = "";
        public DateTimeOffset UpdatedAt { get; set; }
        public int Version { get; set; }
        public DateTimeOffset? MeetingAt { get; set; }
        public DateTimeOffset? MeetingHeldAt { get; set; }
        public DateTimeOffset? PublishedAt { get; set; }

        /// <summary>Only for <see cref="Update"/>: the version stored before the change.</summary>
        public int ExpectedVersion { get; set; }

        public static PostmortemRow From(Postmortem postmortem, int expectedVersion = 0) => new()
        {
            Id = postmortem.Id,
            IncidentId = postmortem.IncidentId,
            TeamId = postmortem.TeamId,
            State = EnumText<PostmortemState>.Of(postmortem.State),
            Template = postmortem.Template,
            Title = postmortem.Title,
            Sections = JsonSerializer.Serialize(postmortem.Sections.Select(s => new SectionJson(s.Key, s.Heading, s.Level, s.Body)), Json),
            CreatedAt = postmortem.CreatedAt,
            CreatedById = postmortem.CreatedBy.Id,
            CreatedByName = postmortem.CreatedBy.Name,
            CreatedBySource = EnumText<ActionSource>.Of(postmortem.CreatedBy.Source),
            UpdatedAt = postmortem.UpdatedAt,
            Version = postmortem.Version,
            MeetingAt = postmortem.MeetingAt,
            MeetingHeldAt = postmortem.MeetingHeldAt,
            PublishedAt = postmortem.PublishedAt,
            ExpectedVersion = expectedVersion,
        };

        public Postmortem ToPostmortem()
        {
            var sections = JsonSerializer.Deserialize<List<SectionJson>>(Sections, Json)
                ?? throw new DataException($"Postmortem {Id} has no sections.");
            return new Postmortem(
                Id, IncidentId, TeamId, EnumText<PostmortemState>.Parse(State), Template, Title,
                [.. sections.Select(s => new PostmortemSection(s.Key, s.Heading, s.Level, s.Body))],
                CreatedAt, new Actor(CreatedById, CreatedByName, EnumText<ActionSource>.Parse(CreatedBySource)), UpdatedAt, Version)
            {
                MeetingAt = MeetingAt,
                MeetingHeldAt = MeetingHeldAt,
                PublishedAt = PublishedAt,
            };
        }
    }

    /// <summary>A required incident's row for timeliness.</summary>
    public sealed class DueRow
    {
        public long Id { get; set; }
        public string? TeamId { get; set; }
        public string Title { get; set; } = "";
        public int Priority { get; set; }
        public DateTimeOffset ResolvedAt { get; set; }
    }

    public sealed class ReminderRow
    {
        public long IncidentId { get; set; }
        public string Kind { get; set; } = "";
    }

    /// <summary>The stored form of a section: owned here, so a change to the core's record is a visible decision.</summary>
    private sealed record SectionJson(string Key, string Heading, int Level, string Body);
}
