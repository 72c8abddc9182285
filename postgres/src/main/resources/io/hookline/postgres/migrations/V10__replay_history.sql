-- Replays on record, and attempt numbers that go on across them (the SQLite store's script 12).

-- How many attempts a delivery had when it was last queued again by a replay (0 before any): its
-- attempt numbers go on from there, while its retry schedule starts again.
ALTER TABLE deliveries ADD COLUMN replayed_after integer NOT NULL DEFAULT 0;

-- One row per replay: of one event, in bulk, or paced. started_by is 'api' or 'dashboard';
-- selection is 'failed' (the default), 'routes' (the routes named) or 'all'; rate is the pace of a
-- paced replay in events a second.
CREATE TABLE replays (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at bigint  NOT NULL,
    started_by text    NOT NULL,
    selection  text    NOT NULL,
    dry_run    integer NOT NULL,
    rate       double precision
);

-- The deliveries each replay queued again (a dry run's: would have), found by event for its history.
CREATE TABLE replayed_deliveries (
    event_id  text COLLATE "C" NOT NULL,
    replay_id bigint NOT NULL,
    route     text   NOT NULL,
    PRIMARY KEY (event_id, replay_id, route)
);
