-- Incidents, their alert occurrences and timelines, and the delivery outbox (docs/database.md).
-- Timestamps are INTEGER unix microseconds, UTC. Enums are lowercase text.

-- AUTOINCREMENT: an incident id is shown to people (#42) and must never be reused.
CREATE TABLE incidents (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    dedup_key              TEXT    NOT NULL,
    title                  TEXT    NOT NULL,
    team_id                TEXT,
    service_id             TEXT,
    slo_id                 TEXT,
    environment            TEXT,
    region                 TEXT,
    state                  TEXT    NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
    severity               TEXT    NOT NULL CHECK (severity IN ('warning', 'error', 'critical')),
    priority               INTEGER,
    occurrences            INTEGER NOT NULL,
    opened_at              INTEGER NOT NULL,
    last_occurrence_at     INTEGER NOT NULL,
    snoozed_until          INTEGER NOT NULL,
    acknowledged_at        INTEGER,
    acknowledged_by_id     TEXT,
    acknowledged_by_name   TEXT,
    acknowledged_by_source TEXT,
    resolved_at            INTEGER,
    resolved_by_id         TEXT,
    resolved_by_name       TEXT,
    resolved_by_source     TEXT,
    unrouted_reason        TEXT,
    missing_data           INTEGER NOT NULL CHECK (missing_data IN (0, 1)),
    runbook_url            TEXT,
    dashboard_url          TEXT,
    source_url             TEXT,
    silence_url            TEXT,
    burn_rate              REAL,
    budget_remaining       REAL,
    budget_window          TEXT,
    budget_exhaustion      TEXT,
    version                INTEGER NOT NULL
) STRICT;

-- One open incident per dedup key; a resolved one frees the key.
CREATE UNIQUE INDEX ux_incidents_open_dedup_key ON incidents (dedup_key) WHERE state <> 'resolved';
CREATE INDEX ix_incidents_team_opened_at ON incidents (team_id, opened_at);

-- One alert occurrence (fingerprint + start) belongs to exactly one incident.
CREATE TABLE incident_alerts (
    incident_id INTEGER NOT NULL REFERENCES incidents (id),
    fingerprint TEXT    NOT NULL,
    starts_at   INTEGER NOT NULL,
    severity    TEXT    NOT NULL CHECK (severity IN ('warning', 'error', 'critical')),
    status      TEXT    NOT NULL CHECK (status IN ('firing', 'resolved')),
    ends_at     INTEGER,
    PRIMARY KEY (incident_id, starts_at, fingerprint)
) STRICT, WITHOUT ROWID;

CREATE UNIQUE INDEX ux_incident_alerts_occurrence ON incident_alerts (fingerprint, starts_at);

CREATE TABLE incident_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    incident_id  INTEGER NOT NULL REFERENCES incidents (id),
    at           INTEGER NOT NULL,
    kind         TEXT    NOT NULL,
    actor_id     TEXT,
    actor_name   TEXT,
    actor_source TEXT,
    text         TEXT    NOT NULL
) STRICT;

CREATE INDEX ix_incident_events_incident_id ON incident_events (incident_id, id);

-- Pending deliveries to chat; per destination strictly in id order. AUTOINCREMENT: ids only grow.
CREATE TABLE outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    destination_key  TEXT    NOT NULL,
    incident_id      INTEGER NOT NULL REFERENCES incidents (id),
    kind             TEXT    NOT NULL CHECK (kind IN ('post', 'update', 'reply')),
    text             TEXT,
    attempts         INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    due_at           INTEGER NOT NULL,
    last_error       TEXT,
    delivered_at     INTEGER,
    failed_at        INTEGER,
    rendered_version INTEGER
) STRICT;

-- A destination's queue (its head is the lowest id).
CREATE INDEX ix_outbox_pending_destination ON outbox (destination_key, id) WHERE delivered_at IS NULL AND failed_at IS NULL;
-- Due heads: pending entries in due order.
CREATE INDEX ix_outbox_pending_due ON outbox (due_at, id) WHERE delivered_at IS NULL AND failed_at IS NULL;
-- Coalescing: is an edit of this incident already pending on this destination?
CREATE INDEX ix_outbox_pending_incident ON outbox (incident_id, destination_key) WHERE delivered_at IS NULL AND failed_at IS NULL;
-- One post per incident and destination, ever.
CREATE UNIQUE INDEX ux_outbox_post ON outbox (incident_id, destination_key) WHERE kind = 'post';

-- Where each incident's message lives on each destination (ChatMessageRef).
CREATE TABLE chat_messages (
    incident_id      INTEGER NOT NULL REFERENCES incidents (id),
    destination_key  TEXT    NOT NULL,
    message_id       TEXT    NOT NULL,
    thread_id        TEXT,
    rendered_version INTEGER NOT NULL,
    posted_at        INTEGER NOT NULL,
    PRIMARY KEY (incident_id, destination_key)
) STRICT, WITHOUT ROWID;
