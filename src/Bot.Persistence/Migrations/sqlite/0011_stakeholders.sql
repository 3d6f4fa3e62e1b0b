-- Stakeholder notifications (docs/incidents.md, docs/database.md): who subscribes to which stakeholder group, every
-- bracketed notification sent about an incident, and notices of the kind stakeholder_notification. Timestamps are
-- INTEGER unix microseconds, UTC.

-- Notices gain the kind stakeholder_notification. SQLite cannot change a CHECK constraint, so the table is rebuilt
-- as 0009 did: the rows copied aside, the table dropped and created again under its own name, the rows put back with
-- their ids (the referring rows of outbox and notice_messages dangle for a moment, as deferred violations).
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE notices_0011 AS SELECT * FROM notices;
CREATE TEMP TABLE notices_0011_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'notices';

DROP TABLE notices;

CREATE TABLE notices (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL CHECK (kind IN ('handoff', 'cover_request', 'budget_policy', 'stakeholder_notification')),
    team_id     TEXT    NOT NULL,
    rotation_id TEXT,
    dedup_key   TEXT    NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('open', 'taken', 'closed')),
    data        TEXT    NOT NULL,
    message     TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    taken_by    TEXT,
    taken_at    INTEGER
) STRICT;

INSERT INTO notices (id, kind, team_id, rotation_id, dedup_key, state, data, message, version, created_at, updated_at, taken_by, taken_at)
SELECT id, kind, team_id, rotation_id, dedup_key, state, data, message, version, created_at, updated_at, taken_by, taken_at
FROM temp.notices_0011
ORDER BY id;

DELETE FROM sqlite_sequence WHERE name = 'notices';
INSERT INTO sqlite_sequence (name, seq) SELECT 'notices', seq FROM temp.notices_0011_sequence;

DROP TABLE temp.notices_0011;
DROP TABLE temp.notices_0011_sequence;

-- One notice per dedup key, ever (not only while open): "the 09:00 handoff prompt" happens once.
CREATE UNIQUE INDEX ux_notices_dedup_key ON notices (dedup_key);
CREATE INDEX ix_notices_team_created_at ON notices (team_id, created_at);

-- A person receives a group's notifications in a direct message on the platform they subscribed from.
CREATE TABLE stakeholder_subscriptions (
    group_id        TEXT    NOT NULL,
    -- Their direct-message destination: slack:dm:U0123, msteams:dm:29:…, console:dm:ana.
    destination_key TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    member_id       TEXT,
    subscribed_at   INTEGER NOT NULL,
    PRIMARY KEY (group_id, destination_key)
) STRICT, WITHOUT ROWID;

-- Every notification sent about an incident, kept for the postmortem: 1 is the first, then updates, the final last.
CREATE TABLE stakeholder_notifications (
    incident_id   INTEGER NOT NULL REFERENCES incidents (id),
    seq           INTEGER NOT NULL,
    bracket       TEXT    NOT NULL CHECK (bracket IN ('first', 'update', 'final')),
    text          TEXT    NOT NULL,
    sent_at       INTEGER NOT NULL,
    sent_by       TEXT    NOT NULL,
    sent_by_name  TEXT    NOT NULL,
    sent_by_source TEXT    NOT NULL,
    priority      INTEGER NOT NULL,
    -- Ring numbers and group ids, comma-separated, in ring order.
    rings         TEXT    NOT NULL,
    group_ids     TEXT    NOT NULL,
    subscribers   INTEGER NOT NULL,
    notice_id     INTEGER REFERENCES notices (id),
    next_due_at   INTEGER,
    reminded_at   INTEGER,
    PRIMARY KEY (incident_id, seq)
) STRICT, WITHOUT ROWID;
