-- Overrides of on-call rotations: someone covers a role (main, backup) for a while. Cancelled overrides stay, marked,
-- so the schedule's history can be told.
CREATE TABLE rotation_overrides (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    rotation_id  TEXT    NOT NULL,
    member_id    TEXT    NOT NULL,
    role         TEXT    NOT NULL,
    starts_at    INTEGER NOT NULL,
    ends_at      INTEGER NOT NULL,
    created_by   TEXT    NOT NULL,
    created_at   INTEGER NOT NULL,
    cancelled_at INTEGER,
    cancelled_by TEXT,
    CHECK (ends_at > starts_at)
) STRICT;

CREATE INDEX ix_rotation_overrides_rotation_ends ON rotation_overrides (rotation_id, ends_at);
