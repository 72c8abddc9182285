-- One row per finished reconciliation run of a source: what it looked at, what it found and
-- repaired, and why it stopped if it did. A few hundred rows per source at most; the newest
-- clean run is where the next one starts looking.
CREATE TABLE reconciliations (
    id          INTEGER PRIMARY KEY,
    source      TEXT    NOT NULL,
    provider    TEXT    NOT NULL,
    trigger     TEXT    NOT NULL,
    started_at  INTEGER NOT NULL,
    finished_at INTEGER NOT NULL,
    since       INTEGER NOT NULL,
    checked     INTEGER NOT NULL,
    missing     INTEGER NOT NULL,
    recovered   INTEGER NOT NULL,
    failed      INTEGER NOT NULL,
    outcome     TEXT    NOT NULL,
    message     TEXT
);
CREATE INDEX reconciliations_by_source ON reconciliations (source, id);
