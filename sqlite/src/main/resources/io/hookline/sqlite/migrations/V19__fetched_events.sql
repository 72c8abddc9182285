-- The full form of an event its sender delivered as a notification only (a Stripe thin event),
-- fetched once from the sender's API when the first route that wants it ran, and kept beside the
-- notification, whose body stays as received: other routes and replays read it here. Body encoded
-- as events' bodies are (body_encoding 0 raw, 1 deflate; body_size the raw length). Pruned with
-- the event's body.
CREATE TABLE fetched_events (
    event_id      TEXT    NOT NULL PRIMARY KEY,
    body          BLOB    NOT NULL,
    body_encoding INTEGER NOT NULL,
    body_size     INTEGER NOT NULL,
    fetched_at    INTEGER NOT NULL
);
