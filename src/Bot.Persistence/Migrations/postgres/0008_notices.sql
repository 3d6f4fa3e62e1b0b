-- Notices (handoff prompts, cover requests) delivered through the outbox beside incidents, and direct-message
-- conversations of posted copies (docs/database.md).

CREATE TABLE notices (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('handoff', 'cover_request')),
    team_id     text        NOT NULL,
    rotation_id text,
    dedup_key   text        NOT NULL,
    state       text        NOT NULL CHECK (state IN ('open', 'taken', 'closed')),
    data        text        NOT NULL,
    message     text        NOT NULL,
    version     integer     NOT NULL,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    taken_by    text,
    taken_at    timestamptz
);

-- One notice per dedup key, ever (not only while open): "the 09:00 handoff prompt" happens once.
CREATE UNIQUE INDEX ux_notices_dedup_key ON notices (dedup_key);
CREATE INDEX ix_notices_team_created_at ON notices (team_id, created_at);

-- Where each notice's message lives on each destination (ChatMessageRef), as chat_messages does for incidents.
CREATE TABLE notice_messages (
    notice_id        bigint      NOT NULL REFERENCES notices (id),
    destination_key  text        NOT NULL,
    message_id       text        NOT NULL,
    thread_id        text,
    rendered_version integer     NOT NULL,
    posted_at        timestamptz NOT NULL,
    conversation_id  text,
    PRIMARY KEY (notice_id, destination_key)
);

-- A direct message's conversation, opened by the first post (Slack D…, Teams a:…); null for channels.
ALTER TABLE chat_messages ADD COLUMN conversation_id text;

-- The outbox delivers a subject: an incident or a notice.
ALTER TABLE outbox ALTER COLUMN incident_id DROP NOT NULL;
ALTER TABLE outbox ADD COLUMN notice_id bigint REFERENCES notices (id);
ALTER TABLE outbox ADD CONSTRAINT ck_outbox_one_subject CHECK ((incident_id IS NULL) <> (notice_id IS NULL));

-- Coalescing: is an edit of this notice already pending on this destination?
CREATE INDEX ix_outbox_pending_notice ON outbox (notice_id, destination_key) WHERE delivered_at IS NULL AND failed_at IS NULL;
-- One post per notice and destination, ever.
CREATE UNIQUE INDEX ux_outbox_notice_post ON outbox (notice_id, destination_key) WHERE kind = 'post';
