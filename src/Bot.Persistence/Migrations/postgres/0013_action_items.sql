-- Postmortem action items (docs/incidents.md#action-items, docs/database.md): Priority | ID | Title | Driver | Review date |
-- State, with the time each state was first entered (lead and cycle time). Dates are calendar dates in the driver's
-- zone, as ISO text (YYYY-MM-DD) like SQLite's, not instants.

CREATE TABLE action_items (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    postmortem_id     bigint      NOT NULL REFERENCES postmortems (id),
    incident_id       bigint      NOT NULL REFERENCES incidents (id),
    team_id           text,
    priority          integer     CHECK (priority BETWEEN 1 AND 5),
    title             text        NOT NULL,
    driver_id         text        NOT NULL,
    review_on         text        NOT NULL CHECK (review_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
    state             text        NOT NULL CHECK (state IN ('new', 'ready', 'inwork', 'implemented', 'done')),
    created_at        timestamptz NOT NULL,
    created_by_id     text        NOT NULL,
    created_by_name   text        NOT NULL,
    created_by_source text        NOT NULL,
    ready_at          timestamptz,
    started_at        timestamptz,
    implemented_at    timestamptz,
    done_at           timestamptz,
    version           integer     NOT NULL,
    -- The review date the driver was reminded of: the reminder goes once per item and date.
    reminded_on       text        CHECK (reminded_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$')
);

-- A team's items (action list, status, the API), a postmortem's, and the open ones (review timers at start-up).
CREATE INDEX ix_action_items_team ON action_items (team_id, id);
CREATE INDEX ix_action_items_postmortem ON action_items (postmortem_id, id);
CREATE INDEX ix_action_items_open ON action_items (state) WHERE state <> 'done';
