-- Postmortem action items (docs/incidents.md#action-items, docs/database.md): Priority | ID | Title | Driver | Review date |
-- State, with the time each state was first entered (lead and cycle time). Timestamps are INTEGER unix microseconds,
-- UTC; dates are calendar dates in the driver's zone, as ISO text (YYYY-MM-DD), not instants.

-- AUTOINCREMENT: an item's id is what people type (AI-12) and must never be reused.
CREATE TABLE action_items (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    postmortem_id     INTEGER NOT NULL REFERENCES postmortems (id),
    incident_id       INTEGER NOT NULL REFERENCES incidents (id),
    team_id           TEXT,
    priority          INTEGER CHECK (priority BETWEEN 1 AND 5),
    title             TEXT    NOT NULL,
    driver_id         TEXT    NOT NULL,
    review_on         TEXT    NOT NULL CHECK (review_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    state             TEXT    NOT NULL CHECK (state IN ('new', 'ready', 'inwork', 'implemented', 'done')),
    created_at        INTEGER NOT NULL,
    created_by_id     TEXT    NOT NULL,
    created_by_name   TEXT    NOT NULL,
    created_by_source TEXT    NOT NULL,
    ready_at          INTEGER,
    started_at        INTEGER,
    implemented_at    INTEGER,
    done_at           INTEGER,
    version           INTEGER NOT NULL,
    -- The review date the driver was reminded of: the reminder goes once per item and date.
    reminded_on       TEXT    CHECK (reminded_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]')
) STRICT;

-- A team's items (action list, status, the API), a postmortem's, and the open ones (review timers at start-up).
CREATE INDEX ix_action_items_team ON action_items (team_id, id);
CREATE INDEX ix_action_items_postmortem ON action_items (postmortem_id, id);
CREATE INDEX ix_action_items_open ON action_items (state) WHERE state <> 'done';
