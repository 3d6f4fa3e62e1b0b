-- Timestamps are INTEGER unix microseconds, UTC (see docs/database.md). STRICT rejects values of the wrong type.

-- Inbound deliveries already acted on (Slack event ids, Teams activity ids, webhook redeliveries).
CREATE TABLE idempotency_claims (
    scope      TEXT    NOT NULL,
    claim_key  TEXT    NOT NULL,
    claimed_at INTEGER NOT NULL,
    PRIMARY KEY (scope, claim_key)
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_idempotency_claims_claimed_at ON idempotency_claims (claimed_at);

-- The local console chat platform. AUTOINCREMENT: a message id is never reused, even after the newest is deleted.
CREATE TABLE console_messages (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    channel   TEXT    NOT NULL,
    thread_id TEXT,
    body      TEXT    NOT NULL,
    posted_at INTEGER NOT NULL,
    edited_at INTEGER
) STRICT;

CREATE INDEX ix_console_messages_channel_id ON console_messages (channel, id);
