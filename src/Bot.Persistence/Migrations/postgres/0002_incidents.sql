-- Incidents, their alert occurrences and timelines, and the delivery outbox (docs/database.md).
-- Enums are lowercase text.

CREATE TABLE incidents (
    id                     bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dedup_key              text             NOT NULL,
    title                  text             NOT NULL,
    team_id                text,
    service_id             text,
    slo_id                 text,
    environment            text,
    region                 text,
    state                  text             NOT NULL CHECK (state IN ('open', 'acknowledged', 'resolved')),
    severity               text             NOT NULL CHECK (severity IN ('warning', 'error', 'critical')),
    priority               integer,
    occurrences            integer          NOT NULL,
    opened_at              timestamptz      NOT NULL,
    last_occurrence_at     timestamptz      NOT NULL,
    snoozed_until          timestamptz      NOT NULL,
    acknowledged_at        timestamptz,
    acknowledged_by_id     text,
    acknowledged_by_name   text,
    acknowledged_by_source text,
    resolved_at            timestamptz,
    resolved_by_id         text,
    resolved_by_name       text,
    resolved_by_source     text,
    unrouted_reason        text,
    missing_data           boolean          NOT NULL,
    runbook_url            text,
    dashboard_url          text,
    source_url             text,
    silence_url            text,
    burn_rate              double precision,
    budget_remaining       double precision,
    budget_window          text,
    budget_exhaustion      text,
    version                integer          NOT NULL
);

-- One open incident per dedup key; a resolved one frees the key.
CREATE UNIQUE INDEX ux_incidents_open_dedup_key ON incidents (dedup_key) WHERE state <> 'resolved';
CREATE INDEX ix_incidents_team_opened_at ON incidents (team_id, opened_at);

-- One alert occurrence (fingerprint + start) belongs to exactly one incident.
CREATE TABLE incident_alerts (
    incident_id bigint      NOT NULL REFERENCES incidents (id),
    fingerprint text        NOT NULL,
    starts_at   timestamptz NOT NULL,
    severity    text        NOT NULL CHECK (severity IN ('warning', 'error', 'critical')),
    status      text        NOT NULL CHECK (status IN ('firing', 'resolved')),
    ends_at     timestamptz,
    PRIMARY KEY (incident_id, starts_at, fingerprint)
);

CREATE UNIQUE INDEX ux_incident_alerts_occurrence ON incident_alerts (fingerprint, starts_at);

CREATE TABLE incident_events (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id  bigint      NOT NULL REFERENCES incidents (id),
    at           timestamptz NOT NULL,
    kind         text        NOT NULL,
    actor_id     text,
    actor_name   text,
    actor_source text,
    text         text        NOT NULL
);

CREATE INDEX ix_incident_events_incident_id ON incident_events (incident_id, id);

-- Pending deliveries to chat; per destination strictly in id order.
CREATE TABLE outbox (
    id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    destination_key  text        NOT NULL,
    incident_id      bigint      NOT NULL REFERENCES incidents (id),
    kind             text        NOT NULL CHECK (kind IN ('post', 'update', 'reply')),
    text             text,
    attempts         integer     NOT NULL,
    created_at       timestamptz NOT NULL,
    due_at           timestamptz NOT NULL,
    last_error       text,
    delivered_at     timestamptz,
    failed_at        timestamptz,
    rendered_version integer
);

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
    incident_id      bigint      NOT NULL REFERENCES incidents (id),
    destination_key  text        NOT NULL,
    message_id       text        NOT NULL,
    thread_id        text,
    rendered_version integer     NOT NULL,
    posted_at        timestamptz NOT NULL,
    PRIMARY KEY (incident_id, destination_key)
);
