-- Overrides of on-call rotations: someone covers a role (main, backup) for a while. Cancelled overrides stay, marked,
-- so the schedule's history can be told.
CREATE TABLE rotation_overrides (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    rotation_id  text        NOT NULL,
    member_id    text        NOT NULL,
    role         text        NOT NULL,
    starts_at    timestamptz NOT NULL,
    ends_at      timestamptz NOT NULL,
    created_by   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    cancelled_at timestamptz,
    cancelled_by text,
    CHECK (ends_at > starts_at)
);

CREATE INDEX ix_rotation_overrides_rotation_ends ON rotation_overrides (rotation_id, ends_at);
