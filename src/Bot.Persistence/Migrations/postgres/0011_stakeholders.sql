-- Stakeholder notifications (docs/incidents.md, docs/database.md): who subscribes to which stakeholder group, every
-- bracketed notification sent about an incident, and notices of the kind stakeholder_notification.

-- A person receives a group's notifications in a direct message on the platform they subscribed from.
CREATE TABLE stakeholder_subscriptions (
    group_id        text        NOT NULL,
    -- Their direct-message destination: slack:dm:U0123, msteams:dm:29:…, console:dm:ana.
    destination_key text        NOT NULL,
    name            text        NOT NULL,
    member_id       text,
    subscribed_at   timestamptz NOT NULL,
    PRIMARY KEY (group_id, destination_key)
);

-- Every notification sent about an incident, kept for the postmortem: 1 is the first, then updates, the final last.
CREATE TABLE stakeholder_notifications (
    incident_id    bigint      NOT NULL REFERENCES incidents (id),
    seq            integer     NOT NULL,
    bracket        text        NOT NULL CHECK (bracket IN ('first', 'update', 'final')),
    text           text        NOT NULL,
    sent_at        timestamptz NOT NULL,
    sent_by        text        NOT NULL,
    sent_by_name   text        NOT NULL,
    sent_by_source text        NOT NULL,
    priority       integer     NOT NULL,
    -- Ring numbers and group ids, comma-separated, in ring order.
    rings          text        NOT NULL,
    group_ids      text        NOT NULL,
    subscribers    integer     NOT NULL,
    notice_id      bigint      REFERENCES notices (id),
    next_due_at    timestamptz,
    reminded_at    timestamptz,
    PRIMARY KEY (incident_id, seq)
);

-- Notices gain the kind stakeholder_notification.
ALTER TABLE notices DROP CONSTRAINT notices_kind_check;
ALTER TABLE notices ADD CONSTRAINT notices_kind_check CHECK (kind IN ('handoff', 'cover_request', 'budget_policy', 'stakeholder_notification'));
