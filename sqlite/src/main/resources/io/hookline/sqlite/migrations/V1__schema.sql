-- Times are Unix epoch milliseconds.

-- Events: one row per accepted webhook, with the raw body exactly as received.
-- status is the worst status of its deliveries: dead > retrying > pending > processed.
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
    body_pruned      INTEGER NOT NULL DEFAULT 0,
    status           TEXT    NOT NULL,
    last_error_class TEXT
);

CREATE INDEX events_by_status ON events (status, id);
CREATE INDEX events_by_source ON events (source, id);

-- What deduplicates: kept longer than event bodies, so dedup outlives body retention.
CREATE TABLE idempotency_keys (
    source     TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    event_id   TEXT    NOT NULL,
    first_seen INTEGER NOT NULL,
    PRIMARY KEY (source, key)
) WITHOUT ROWID;

-- One row per event and matching route: the work a handler still has to do, or has done.
CREATE TABLE deliveries (
    event_id         TEXT    NOT NULL,
    route            TEXT    NOT NULL,
    handler          TEXT    NOT NULL,
    status           TEXT    NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER,
    claimed_until    INTEGER,
    last_error_class TEXT,
    last_error       TEXT,
    updated_at       INTEGER NOT NULL,
    PRIMARY KEY (event_id, route)
) WITHOUT ROWID;

CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying');

-- Every handler attempt, kept for on-call.
CREATE TABLE attempts (
    id          INTEGER PRIMARY KEY,
    event_id    TEXT    NOT NULL,
    route       TEXT    NOT NULL,
    handler     TEXT    NOT NULL,
    number      INTEGER NOT NULL,
    started_at  INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    outcome     TEXT    NOT NULL,
    error_class TEXT,
    message     TEXT
);

CREATE INDEX attempts_by_event ON attempts (event_id, id);

-- One row the health check rewrites through the writer, proving the database takes commits.
CREATE TABLE heartbeat (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    at INTEGER NOT NULL
);

INSERT INTO heartbeat (id, at) VALUES (1, 0);
