-- Where the bot may talk in Microsoft Teams, as Teams told it: one row per conversation (a channel's base id, a
-- group chat, a personal chat), refreshed by every activity, because Teams can move a tenant to another service URL.
CREATE TABLE msteams_conversations (
    conversation_id   text        NOT NULL PRIMARY KEY,
    service_url       text        NOT NULL,
    tenant_id         text,
    conversation_type text,
    team_id           text,
    channel_id        text,
    bot_id            text,
    seen_at           timestamptz NOT NULL,
    removed           boolean     NOT NULL DEFAULT false
);

CREATE INDEX ix_msteams_conversations_tenant_seen ON msteams_conversations (tenant_id, seen_at);
