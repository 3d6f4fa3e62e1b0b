-- Inbound deliveries already acted on (Slack event ids, Teams activity ids, webhook redeliveries).
CREATE TABLE idempotency_claims (
    scope      text        NOT NULL,
    claim_key  text        NOT NULL,
    claimed_at timestamptz NOT NULL,
    PRIMARY KEY (scope, claim_key)
);

CREATE INDEX ix_idempotency_claims_claimed_at ON idempotency_claims (claimed_at);

-- The local console chat platform.
CREATE TABLE console_messages (
    id        bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    channel   text        NOT NULL,
    thread_id text,
    body      text        NOT NULL,
    posted_at timestamptz NOT NULL,
    edited_at timestamptz
);

CREATE INDEX ix_console_messages_channel_id ON console_messages (channel, id);
