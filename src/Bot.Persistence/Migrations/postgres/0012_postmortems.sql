-- Postmortems (one per incident, from a template, edited section by section) and the timeliness reminders sent about
-- required ones (docs/database.md).

CREATE TABLE postmortems (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id       bigint      NOT NULL REFERENCES incidents (id),
    team_id           text,
    state             text        NOT NULL CHECK (state IN ('draft', 'reviewed', 'published')),
    template          text        NOT NULL,
    title             text        NOT NULL,
    -- The sections as JSON: [{"key", "heading", "level", "body"}], in the template's order.
    sections          text        NOT NULL,
    created_at        timestamptz NOT NULL,
    created_by_id     text        NOT NULL,
    created_by_name   text        NOT NULL,
    created_by_source text        NOT NULL,
    updated_at        timestamptz NOT NULL,
    version           integer     NOT NULL,
    meeting_at        timestamptz,
    meeting_held_at   timestamptz,
    published_at      timestamptz
);

-- One postmortem per incident, also when two replicas start it at once.
CREATE UNIQUE INDEX ux_postmortems_incident ON postmortems (incident_id);
CREATE INDEX ix_postmortems_team ON postmortems (team_id, id);

-- Each timeliness reminder (postmortem-start, postmortem-meeting) goes out once per incident.
CREATE TABLE postmortem_reminders (
    incident_id bigint      NOT NULL REFERENCES incidents (id),
    kind        text        NOT NULL,
    sent_at     timestamptz NOT NULL,
    PRIMARY KEY (incident_id, kind)
);

-- The timeliness sweep reads resolved incidents by resolution time.
CREATE INDEX ix_incidents_resolved_at ON incidents (resolved_at) WHERE resolved_at IS NOT NULL;
