-- Outbound subscriptions that a team manages through the admin API. The secrets are sealed
-- (AES-GCM under HOOKLINE_SECRET_KEY) before they reach this table; the previous secret is kept,
-- and signed with, until previous_until while a rotation lets receivers switch.
CREATE TABLE subscriptions (
    id              TEXT    PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    url             TEXT    NOT NULL,
    events          TEXT    NOT NULL,
    headers         TEXT    NOT NULL,
    description     TEXT,
    enabled         INTEGER NOT NULL,
    secret          BLOB    NOT NULL,
    previous_secret BLOB,
    previous_until  INTEGER,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) WITHOUT ROWID;
-- A route's (a subscription's) deliveries, newest first, for its delivery log.
CREATE INDEX deliveries_by_route ON deliveries (route, event_id);
