-- Quartz.NET's persistent job store (Bot.Scheduling, docs/scheduling.md): the tables its ADO.NET delegate reads and
-- writes, under the prefix qrtz_. Quartz owns these rows; the bot's own code never writes them. Every timer is a
-- trigger of one durable job; SCHED_NAME is the scheduler's name.
-- Quartz keeps times as .NET ticks (INTEGER), not as the bot's microseconds, and booleans as INTEGER 0/1. It checks at
-- start-up that every column it uses can be queried (SchemaProvisioning.Validate), so a mismatch stops the bot
-- instead of failing later. Quartz's optional execution history tables are not created: the bot does not use them.
-- The bot's connections for Quartz enforce foreign keys, so ON DELETE CASCADE removes a trigger's details with it.

CREATE TABLE qrtz_job_details (
    sched_name        TEXT    NOT NULL,
    job_name          TEXT    NOT NULL,
    job_group         TEXT    NOT NULL,
    description       TEXT,
    job_class_name    TEXT    NOT NULL,
    is_durable        INTEGER NOT NULL,
    is_nonconcurrent  INTEGER NOT NULL,
    is_update_data    INTEGER NOT NULL,
    requests_recovery INTEGER NOT NULL,
    job_data          BLOB,
    PRIMARY KEY (sched_name, job_name, job_group)
) STRICT, WITHOUT ROWID;

CREATE TABLE qrtz_triggers (
    sched_name              TEXT    NOT NULL,
    trigger_name            TEXT    NOT NULL,
    trigger_group           TEXT    NOT NULL,
    job_name                TEXT    NOT NULL,
    job_group               TEXT    NOT NULL,
    description             TEXT,
    next_fire_time          INTEGER,
    prev_fire_time          INTEGER,
    priority                INTEGER,
    trigger_state           TEXT    NOT NULL,
    trigger_type            TEXT    NOT NULL,
    start_time              INTEGER NOT NULL,
    end_time                INTEGER,
    calendar_name           TEXT,
    misfire_instr           INTEGER,
    misfire_orig_fire_time  INTEGER,
    execution_group         TEXT,
    preferred_node          TEXT,
    preferred_node_auto     INTEGER NOT NULL DEFAULT 0,
    retry_policy            TEXT,
    retry_attempt           INTEGER,
    continues_trigger_name  TEXT,
    continues_trigger_group TEXT,
    continuation_condition  INTEGER,
    overlap_policy          INTEGER,
    pause_reason            TEXT,
    paused_by               TEXT,
    paused_at               INTEGER,
    misfire_threshold       INTEGER,
    fixed_delay             INTEGER,
    job_data                BLOB,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, job_name, job_group) REFERENCES qrtz_job_details (sched_name, job_name, job_group)
) STRICT, WITHOUT ROWID;

-- The acquisition query: waiting triggers of a scheduler by next fire time.
CREATE INDEX ix_qrtz_triggers_state_next_fire ON qrtz_triggers (sched_name, trigger_state, next_fire_time);
CREATE INDEX ix_qrtz_triggers_job ON qrtz_triggers (sched_name, job_name, job_group);
-- A timer kind is a trigger group: listing and cancelling a kind's timers.
CREATE INDEX ix_qrtz_triggers_group ON qrtz_triggers (sched_name, trigger_group);

CREATE TABLE qrtz_simple_triggers (
    sched_name      TEXT    NOT NULL,
    trigger_name    TEXT    NOT NULL,
    trigger_group   TEXT    NOT NULL,
    repeat_count    INTEGER NOT NULL,
    repeat_interval INTEGER NOT NULL,
    times_triggered INTEGER NOT NULL,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE qrtz_cron_triggers (
    sched_name      TEXT NOT NULL,
    trigger_name    TEXT NOT NULL,
    trigger_group   TEXT NOT NULL,
    cron_expression TEXT NOT NULL,
    time_zone_id    TEXT,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

-- Calendar-interval and daily-time-interval triggers keep their settings in these generic columns. Decimals are
-- TEXT: Microsoft.Data.Sqlite binds a decimal as text, to keep its precision.
CREATE TABLE qrtz_simprop_triggers (
    sched_name    TEXT NOT NULL,
    trigger_name  TEXT NOT NULL,
    trigger_group TEXT NOT NULL,
    str_prop_1    TEXT,
    str_prop_2    TEXT,
    str_prop_3    TEXT,
    int_prop_1    INTEGER,
    int_prop_2    INTEGER,
    long_prop_1   INTEGER,
    long_prop_2   INTEGER,
    dec_prop_1    TEXT,
    dec_prop_2    TEXT,
    bool_prop_1   INTEGER,
    bool_prop_2   INTEGER,
    time_zone_id  TEXT,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE qrtz_blob_triggers (
    sched_name    TEXT NOT NULL,
    trigger_name  TEXT NOT NULL,
    trigger_group TEXT NOT NULL,
    blob_data     BLOB,
    PRIMARY KEY (sched_name, trigger_name, trigger_group),
    FOREIGN KEY (sched_name, trigger_name, trigger_group)
        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;

CREATE TABLE qrtz_calendars (
    sched_name    TEXT NOT NULL,
    calendar_name TEXT NOT NULL,
    calendar      BLOB NOT NULL,
    PRIMARY KEY (sched_name, calendar_name)
) STRICT, WITHOUT ROWID;

CREATE TABLE qrtz_paused_trigger_grps (
    sched_name    TEXT NOT NULL,
    trigger_group TEXT NOT NULL,
    pause_reason  TEXT,
    paused_by     TEXT,
    paused_at     INTEGER,
    PRIMARY KEY (sched_name, trigger_group)
) STRICT, WITHOUT ROWID;

CREATE TABLE qrtz_paused_job_grps (
    sched_name   TEXT NOT NULL,
    job_group    TEXT NOT NULL,
    pause_reason TEXT,
    paused_by    TEXT,
    paused_at    INTEGER,
    PRIMARY KEY (sched_name, job_group)
) STRICT, WITHOUT ROWID;

-- Firings in progress: what the scheduler recovers at start-up when the bot stopped in the middle of one.
CREATE TABLE qrtz_fired_triggers (
    sched_name               TEXT    NOT NULL,
    entry_id                 TEXT    NOT NULL,
    trigger_name             TEXT    NOT NULL,
    trigger_group            TEXT    NOT NULL,
    instance_name            TEXT    NOT NULL,
    fired_time               INTEGER NOT NULL,
    sched_time               INTEGER NOT NULL,
    priority                 INTEGER NOT NULL,
    state                    TEXT    NOT NULL,
    job_name                 TEXT,
    job_group                TEXT,
    is_nonconcurrent         INTEGER,
    requests_recovery        INTEGER,
    execution_group          TEXT,
    progress                 INTEGER,
    progress_message         TEXT,
    interrupt_requested_time INTEGER,
    PRIMARY KEY (sched_name, entry_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_qrtz_fired_triggers_instance ON qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
CREATE INDEX ix_qrtz_fired_triggers_job ON qrtz_fired_triggers (sched_name, job_name, job_group);
CREATE INDEX ix_qrtz_fired_triggers_trigger ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group);

-- Check-ins of scheduler instances (PostgreSQL clusters use them; SQLite runs one instance and keeps the table for
-- the same schema on both).
CREATE TABLE qrtz_scheduler_state (
    sched_name        TEXT    NOT NULL,
    instance_name     TEXT    NOT NULL,
    last_checkin_time INTEGER NOT NULL,
    checkin_interval  INTEGER NOT NULL,
    quartz_version    TEXT,
    PRIMARY KEY (sched_name, instance_name)
) STRICT, WITHOUT ROWID;

-- Lock rows of a clustered scheduler; unused on SQLite (one process, locks in memory), kept for the same schema.
CREATE TABLE qrtz_locks (
    sched_name TEXT NOT NULL,
    lock_name  TEXT NOT NULL,
    PRIMARY KEY (sched_name, lock_name)
) STRICT, WITHOUT ROWID;
