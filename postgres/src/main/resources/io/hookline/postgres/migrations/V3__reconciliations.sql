-- One row per finished reconciliation run of a source: what it looked at, what it found and
-- repaired, and why it stopped if it did. A few hundred rows per source at most; the newest
-- clean run is where the next one starts looking.
CREATE TABLE reconciliations (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source      text    NOT NULL,
    provider    text    NOT NULL,
    trigger     text    NOT NULL,
    started_at  bigint  NOT NULL,
    finished_at bigint  NOT NULL,
    since       bigint  NOT NULL,
    checked     integer NOT NULL,
    missing     integer NOT NULL,
    recovered   integer NOT NULL,
    failed      integer NOT NULL,
    outcome     text    NOT NULL,
    message     text
);
CREATE INDEX reconciliations_by_source ON reconciliations (source, id);
