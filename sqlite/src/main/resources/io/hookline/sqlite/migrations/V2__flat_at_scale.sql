-- Flat as the store grows: nothing that runs on a timer, at start or for the admin API reads
-- the whole events table. Upgrading counts the stored events once.

-- Events per source and status, and per hour of receipt and status, kept by the triggers below
-- in the same transaction that inserts, changes or deletes an event.
CREATE TABLE event_counts (
    source TEXT    NOT NULL,
    status TEXT    NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (source, status)
) WITHOUT ROWID;

CREATE TABLE event_counts_by_hour (
    hour   INTEGER NOT NULL,
    status TEXT    NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (hour, status)
) WITHOUT ROWID;

-- One pass over the stored events for both counters.
CREATE TEMP TABLE upgrade_counts AS
    SELECT source, received_at / 3600000 * 3600000 AS hour, status, count(*) AS n FROM events GROUP BY 1, 2, 3;

INSERT INTO event_counts (source, status, n)
    SELECT source, status, sum(n) FROM upgrade_counts GROUP BY source, status;

INSERT INTO event_counts_by_hour (hour, status, n)
    SELECT hour, status, sum(n) FROM upgrade_counts GROUP BY hour, status;

DROP TABLE upgrade_counts;

CREATE TRIGGER events_counted_on_insert AFTER INSERT ON events
BEGIN
    INSERT INTO event_counts (source, status, n) VALUES (NEW.source, NEW.status, 1)
        ON CONFLICT (source, status) DO UPDATE SET n = n + 1;
    INSERT INTO event_counts_by_hour (hour, status, n) VALUES (NEW.received_at / 3600000 * 3600000, NEW.status, 1)
        ON CONFLICT (hour, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER events_counted_on_status AFTER UPDATE OF status ON events WHEN OLD.status <> NEW.status
BEGIN
    UPDATE event_counts SET n = n - 1 WHERE source = OLD.source AND status = OLD.status;
    INSERT INTO event_counts (source, status, n) VALUES (NEW.source, NEW.status, 1)
        ON CONFLICT (source, status) DO UPDATE SET n = n + 1;
    UPDATE event_counts_by_hour SET n = n - 1
        WHERE hour = OLD.received_at / 3600000 * 3600000 AND status = OLD.status;
    INSERT INTO event_counts_by_hour (hour, status, n) VALUES (NEW.received_at / 3600000 * 3600000, NEW.status, 1)
        ON CONFLICT (hour, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER events_counted_on_delete AFTER DELETE ON events
BEGIN
    UPDATE event_counts SET n = n - 1 WHERE source = OLD.source AND status = OLD.status;
    UPDATE event_counts_by_hour SET n = n - 1
        WHERE hour = OLD.received_at / 3600000 * 3600000 AND status = OLD.status;
END;

-- Processed events that still hold their body, oldest first: what body retention prunes next.
-- Ids sort by arrival, so an id range is a range of receipt times.
CREATE INDEX events_unpruned_bodies ON events (id) WHERE status = 'processed' AND body_pruned = 0;
