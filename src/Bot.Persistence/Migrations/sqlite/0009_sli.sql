-- SLO status (docs/slo.md, docs/database.md): SLI counts pushed to POST /api/sli/{slo} and their hourly roll-up, a note
-- on a derived incident priority, and error budget policy notices. Timestamps are INTEGER unix microseconds, UTC.

-- Each pushed interval as it came, kept until compaction: what tells a retried push from new data, and what the short
-- burn windows (5 m, 1 h, 6 h) are read from. Recorded intervals of an SLO never overlap.
CREATE TABLE sli_intervals (
    slo_id      TEXT    NOT NULL,
    starts_at   INTEGER NOT NULL,
    ends_at     INTEGER NOT NULL,
    good        INTEGER NOT NULL,
    total       INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (slo_id, starts_at)
) STRICT, WITHOUT ROWID;

-- Compaction: raw intervals that ended before the horizon.
CREATE INDEX ix_sli_intervals_ends_at ON sli_intervals (ends_at);

-- Good and total events per SLO and hour (the hour's start). An interval adds to each hour in proportion to its
-- overlap with it, hence REAL. Written with every push, so the period and the long windows read only these rows.
CREATE TABLE sli_hourly (
    slo_id TEXT    NOT NULL,
    hour   INTEGER NOT NULL,
    good   REAL    NOT NULL,
    total  REAL    NOT NULL,
    PRIMARY KEY (slo_id, hour)
) STRICT, WITHOUT ROWID;

-- Dropping hourly totals older than the longest period.
CREATE INDEX ix_sli_hourly_hour ON sli_hourly (hour);

-- Per SLO, the instant before which raw intervals were compacted away: a push starting earlier cannot be told from a
-- retry any more, and is refused.
CREATE TABLE sli_compactions (
    slo_id          TEXT    NOT NULL PRIMARY KEY,
    compacted_until INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Why an incident has its priority when it was not the SLO's own ("derived from the error budget: …").
ALTER TABLE incidents ADD COLUMN priority_note TEXT;

-- An SLO's breaches since an instant (the estimate from breaches), and the open incidents per SLO (the status table).
CREATE INDEX ix_incidents_slo_resolved_at ON incidents (slo_id, resolved_at) WHERE slo_id IS NOT NULL;
CREATE INDEX ix_incidents_open_slo ON incidents (slo_id) WHERE state <> 'resolved';

-- Notices gain the kind budget_policy. SQLite cannot change a CHECK constraint, so the table is rebuilt. Other tables
-- (outbox, notice_messages) refer to notices by name, and renaming a table would carry their references along with it;
-- so the rows are copied aside, the table dropped and created again under its own name, and the rows put back with
-- their ids. Dropping it leaves the referring rows dangling for a moment, counted as deferred violations; putting
-- each notice back resolves them before the commit.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE notices_0009 AS SELECT * FROM notices;
-- The id sequence may be ahead of the highest id (notices deleted since); dropping the table forgets it.
CREATE TEMP TABLE notices_0009_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'notices';

DROP TABLE notices;

CREATE TABLE notices (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL CHECK (kind IN ('handoff', 'cover_request', 'budget_policy')),
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
FROM temp.notices_0009
ORDER BY id;

DELETE FROM sqlite_sequence WHERE name = 'notices';
INSERT INTO sqlite_sequence (name, seq) SELECT 'notices', seq FROM temp.notices_0009_sequence;

DROP TABLE temp.notices_0009;
DROP TABLE temp.notices_0009_sequence;

-- One notice per dedup key, ever (not only while open): "the 09:00 handoff prompt" happens once.
CREATE UNIQUE INDEX ux_notices_dedup_key ON notices (dedup_key);
CREATE INDEX ix_notices_team_created_at ON notices (team_id, created_at);
