-- Where the bot may talk in Microsoft Teams, as Teams told it: one row per conversation (a channel's base id, a
-- group chat, a personal chat), refreshed by every activity, because Teams can move a tenant to another service URL.
CREATE TABLE msteams_conversations (
    conversation_id   TEXT    NOT NULL PRIMARY KEY,
    service_url       TEXT    NOT NULL,
    tenant_id         TEXT,
    conversation_type TEXT,
    team_id           TEXT,
    channel_id        TEXT,
    bot_id            TEXT,
    seen_at           INTEGER NOT NULL,
    removed           INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

CREATE INDEX ix_msteams_conversations_tenant_seen ON msteams_conversations (tenant_id, seen_at);
