-- Notices (handoff prompts, cover requests) delivered through the outbox beside incidents, and direct-message
-- conversations of posted copies (docs/database.md). Timestamps are INTEGER unix microseconds, UTC.

-- AUTOINCREMENT: a notice id is in every button of its message and must never be reused.
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL CHECK (kind IN ('handoff', 'cover_request')),
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

-- One notice per dedup key, ever (not only while open): "the 09:00 handoff prompt" happens once.
CREATE UNIQUE INDEX ux_notices_dedup_key ON notices (dedup_key);
CREATE INDEX ix_notices_team_created_at ON notices (team_id, created_at);

-- Where each notice's message lives on each destination (ChatMessageRef), as chat_messages does for incidents.
CREATE TABLE notice_messages (
    notice_id        INTEGER NOT NULL REFERENCES notices (id),
    destination_key  TEXT    NOT NULL,
    message_id       TEXT    NOT NULL,
    thread_id        TEXT,
    rendered_version INTEGER NOT NULL,
    posted_at        INTEGER NOT NULL,
    conversation_id  TEXT,
    PRIMARY KEY (notice_id, destination_key)
) STRICT, WITHOUT ROWID;

-- A direct message's conversation, opened by the first post (Slack D…, Teams a:…); null for channels.
ALTER TABLE chat_messages ADD COLUMN conversation_id TEXT;

-- The outbox delivers a subject: an incident or a notice. SQLite cannot drop incident_id's NOT NULL, so the table is
-- rebuilt: rows keep their ids (delivery order), and the id sequence keeps counting where it stopped.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE outbox_new (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    destination_key  TEXT    NOT NULL,
    incident_id      INTEGER REFERENCES incidents (id),
    kind             TEXT    NOT NULL CHECK (kind IN ('post', 'update', 'reply')),
    text             TEXT,
    attempts         INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    due_at           INTEGER NOT NULL,
    last_error       TEXT,
    delivered_at     INTEGER,
    failed_at        INTEGER,
    rendered_version INTEGER,
    -- Last, as PostgreSQL's ADD COLUMN puts it: both dialects keep the same columns in the same order.
    notice_id        INTEGER REFERENCES notices (id),
    CONSTRAINT ck_outbox_one_subject CHECK ((incident_id IS NULL) <> (notice_id IS NULL))
) STRICT;

INSERT INTO outbox_new (
    id, destination_key, incident_id, kind, text, attempts, created_at, due_at, last_error, delivered_at, failed_at, rendered_version)
SELECT id, destination_key, incident_id, kind, text, attempts, created_at, due_at, last_error, delivered_at, failed_at, rendered_version
FROM outbox;

-- The copy set outbox_new's sequence to its highest id; the old one may be higher (rows deleted since). Keep that one.
DELETE FROM sqlite_sequence WHERE name = 'outbox_new';
INSERT INTO sqlite_sequence (name, seq) SELECT 'outbox_new', seq FROM sqlite_sequence WHERE name = 'outbox';

DROP TABLE outbox;
-- Renames its sqlite_sequence row too.
ALTER TABLE outbox_new RENAME TO outbox;

-- A destination's queue (its head is the lowest id).
CREATE INDEX ix_outbox_pending_destination ON outbox (destination_key, id) WHERE delivered_at IS NULL AND failed_at IS NULL;
-- Due heads: pending entries in due order.
CREATE INDEX ix_outbox_pending_due ON outbox (due_at, id) WHERE delivered_at IS NULL AND failed_at IS NULL;
-- Coalescing: is an edit of this incident or notice already pending on this destination?
CREATE INDEX ix_outbox_pending_incident ON outbox (incident_id, destination_key) WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX ix_outbox_pending_notice ON outbox (notice_id, destination_key) WHERE delivered_at IS NULL AND failed_at IS NULL;
-- One post per incident or notice and destination, ever.
CREATE UNIQUE INDEX ux_outbox_post ON outbox (incident_id, destination_key) WHERE kind = 'post';
CREATE UNIQUE INDEX ux_outbox_notice_post ON outbox (notice_id, destination_key) WHERE kind = 'post';
