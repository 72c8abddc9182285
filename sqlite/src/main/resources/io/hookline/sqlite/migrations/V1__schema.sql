-- Events: one row per accepted webhook, with the raw body exactly as received.
-- Times are Unix epoch milliseconds.
CREATE TABLE events (
    id               TEXT    NOT NULL PRIMARY KEY,
    source           TEXT    NOT NULL,
    provider         TEXT    NOT NULL,
    event_type       TEXT    NOT NULL,
    idempotency_key  TEXT    NOT NULL,
    received_at      INTEGER NOT NULL,
    occurred_at      INTEGER,
    headers          TEXT    NOT NULL,
    body             BLOB,
    status           TEXT    NOT NULL DEFAULT 'pending',
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER,
    last_error_class TEXT
);

CREATE INDEX events_by_status_and_due ON events (status, next_attempt_at);

-- What deduplicates: kept longer than event bodies, so dedup outlives body retention.
CREATE TABLE idempotency_keys (
    source     TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    event_id   TEXT    NOT NULL,
    first_seen INTEGER NOT NULL,
    PRIMARY KEY (source, key)
) WITHOUT ROWID;

-- One row the health check rewrites through the writer, proving the database takes commits.
CREATE TABLE heartbeat (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    at INTEGER NOT NULL
);

INSERT INTO heartbeat (id, at) VALUES (1, 0);
