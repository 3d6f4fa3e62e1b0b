-- SLO status (docs/slo.md, docs/database.md): SLI counts pushed to POST /api/sli/{slo} and their hourly roll-up, a note
-- on a derived incident priority, and error budget policy notices.

-- Each pushed interval as it came, kept until compaction: what tells a retried push from new data, and what the short
-- burn windows (5 m, 1 h, 6 h) are read from. Recorded intervals of an SLO never overlap.
CREATE TABLE sli_intervals (
    slo_id      text        NOT NULL,
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    good        bigint      NOT NULL,
    total       bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    PRIMARY KEY (slo_id, starts_at)
);

-- Compaction: raw intervals that ended before the horizon.
CREATE INDEX ix_sli_intervals_ends_at ON sli_intervals (ends_at);

-- Good and total events per SLO and hour (the hour's start). An interval adds to each hour in proportion to its
-- overlap with it, hence double precision. Written with every push, so the period and the long windows read only these rows.
CREATE TABLE sli_hourly (
    slo_id text             NOT NULL,
    hour   timestamptz      NOT NULL,
    good   double precision NOT NULL,
    total  double precision NOT NULL,
    PRIMARY KEY (slo_id, hour)
);

-- Dropping hourly totals older than the longest period.
CREATE INDEX ix_sli_hourly_hour ON sli_hourly (hour);

-- Per SLO, the instant before which raw intervals were compacted away: a push starting earlier cannot be told from a
-- retry any more, and is refused.
CREATE TABLE sli_compactions (
    slo_id          text        NOT NULL PRIMARY KEY,
    compacted_until timestamptz NOT NULL
);

-- Why an incident has its priority when it was not the SLO's own ("derived from the error budget: …").
ALTER TABLE incidents ADD COLUMN priority_note text;

-- An SLO's breaches since an instant (the estimate from breaches), and the open incidents per SLO (the status table).
CREATE INDEX ix_incidents_slo_resolved_at ON incidents (slo_id, resolved_at) WHERE slo_id IS NOT NULL;
CREATE INDEX ix_incidents_open_slo ON incidents (slo_id) WHERE state <> 'resolved';

-- Notices gain the kind budget_policy.
ALTER TABLE notices DROP CONSTRAINT notices_kind_check;
ALTER TABLE notices ADD CONSTRAINT notices_kind_check CHECK (kind IN ('handoff', 'cover_request', 'budget_policy'));
