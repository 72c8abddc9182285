-- The store on PostgreSQL: the tables of the SQLite store (its scripts 1 to 5), in PostgreSQL's
-- types. Times are Unix epoch milliseconds. Ids compare byte by byte (COLLATE "C"): they are ULIDs,
-- so their order is the order of arrival, and id ranges are time ranges.

-- Events: one row per accepted webhook, with the raw body exactly as received.
-- status is the worst status of its deliveries: dead > retrying > pending > processed.
CREATE TABLE events (
    id               text COLLATE "C" NOT NULL PRIMARY KEY,
    source           text    NOT NULL,
    provider         text    NOT NULL,
    event_type       text    NOT NULL,
    idempotency_key  text    NOT NULL,
    received_at      bigint  NOT NULL,
    occurred_at      bigint,
    headers          text    NOT NULL,
    body             bytea,
    body_pruned      integer NOT NULL DEFAULT 0,
    status           text    NOT NULL,
    last_error_class text
);

CREATE INDEX events_by_status ON events (status, id);
CREATE INDEX events_by_source ON events (source, id);
-- Processed events that still hold their body, oldest first: what body retention prunes next.
CREATE INDEX events_unpruned_bodies ON events (id) WHERE status = 'processed' AND body_pruned = 0;

-- What deduplicates, across every instance: the primary key makes a second insert of a key wait
-- for the first one's transaction, then do nothing.
CREATE TABLE idempotency_keys (
    source     text   NOT NULL,
    key        text   NOT NULL,
    event_id   text COLLATE "C" NOT NULL,
    first_seen bigint NOT NULL,
    PRIMARY KEY (source, key)
);

-- One row per event and matching route. A claim is a lease (claimed_until) held by one instance
-- (claimed_by) under a token of its own (claim_token).
CREATE TABLE deliveries (
    event_id         text COLLATE "C" NOT NULL,
    route            text    NOT NULL,
    handler          text    NOT NULL,
    status           text    NOT NULL,
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  bigint,
    claimed_until    bigint,
    claimed_by       text,
    claim_token      text,
    last_error_class text,
    last_error       text,
    updated_at       bigint  NOT NULL,
    PRIMARY KEY (event_id, route)
);

CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status IN ('pending', 'retrying');

-- Every handler attempt, with the instance that ran it, kept for on-call.
CREATE TABLE attempts (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id    text COLLATE "C" NOT NULL,
    route       text    NOT NULL,
    handler     text    NOT NULL,
    number      integer NOT NULL,
    started_at  bigint  NOT NULL,
    duration_ms bigint  NOT NULL,
    outcome     text    NOT NULL,
    error_class text,
    message     text,
    instance    text
);

CREATE INDEX attempts_by_event ON attempts (event_id, id);

-- One row the health check rewrites through the writer, proving the database takes commits.
CREATE TABLE heartbeat (
    id integer NOT NULL PRIMARY KEY CHECK (id = 1),
    at bigint  NOT NULL
);

INSERT INTO heartbeat (id, at) VALUES (1, 0);

-- Events per source and status, and per hour of receipt and status. Instances commit at the same
-- time, so the event triggers do not update these rows (two transactions would wait on each
-- other's counter rows, or deadlock): they append changes, which retention folds in; reads add the
-- changes not folded yet.
CREATE TABLE event_counts (
    source text   NOT NULL,
    status text   NOT NULL,
    n      bigint NOT NULL,
    PRIMARY KEY (source, status)
);

CREATE TABLE event_counts_by_hour (
    hour   bigint NOT NULL,
    status text   NOT NULL,
    n      bigint NOT NULL,
    PRIMARY KEY (hour, status)
);

CREATE TABLE event_count_changes (
    id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source text    NOT NULL,
    hour   bigint  NOT NULL,
    status text    NOT NULL,
    n      integer NOT NULL
);

CREATE FUNCTION events_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO event_count_changes (source, hour, status, n)
            VALUES (OLD.source, OLD.received_at / 3600000 * 3600000, OLD.status, -1);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO event_count_changes (source, hour, status, n)
            VALUES (NEW.source, NEW.received_at / 3600000 * 3600000, NEW.status, 1);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER events_counted_on_insert_or_delete AFTER INSERT OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_counted();

CREATE TRIGGER events_counted_on_status AFTER UPDATE OF status ON events
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION events_counted();
