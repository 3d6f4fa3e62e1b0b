-- Postmortems (one per incident, from a template, edited section by section) and the timeliness reminders sent about
-- required ones (docs/database.md). Timestamps are INTEGER unix microseconds, UTC.

-- AUTOINCREMENT: a postmortem id is in links (PM-3, /api/postmortems/3.md) and must never be reused.
CREATE TABLE postmortems (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id       INTEGER NOT NULL REFERENCES incidents (id),
    team_id           TEXT,
    state             TEXT    NOT NULL CHECK (state IN ('draft', 'reviewed', 'published')),
    template          TEXT    NOT NULL,
    title             TEXT    NOT NULL,
    -- The sections as JSON: [{"key", "heading", "level", "body"}], in the template's order.
    sections          TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    created_by_id     TEXT    NOT NULL,
    created_by_name   TEXT    NOT NULL,
    created_by_source TEXT    NOT NULL,
    updated_at        INTEGER NOT NULL,
    version           INTEGER NOT NULL,
    meeting_at        INTEGER,
    meeting_held_at   INTEGER,
    published_at      INTEGER
) STRICT;

-- One postmortem per incident, also when two replicas start it at once.
CREATE UNIQUE INDEX ux_postmortems_incident ON postmortems (incident_id);
CREATE INDEX ix_postmortems_team ON postmortems (team_id, id);

-- Each timeliness reminder (postmortem-start, postmortem-meeting) goes out once per incident.
CREATE TABLE postmortem_reminders (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    kind        TEXT    NOT NULL,
    sent_at     INTEGER NOT NULL,
    PRIMARY KEY (incident_id, kind)
) STRICT, WITHOUT ROWID;

-- The timeliness sweep reads resolved incidents by resolution time.
CREATE INDEX ix_incidents_resolved_at ON incidents (resolved_at) WHERE resolved_at IS NOT NULL;
