-- The dead deliveries by route, newest event first: the routes panel counts them (up to a bound)
-- and reads the newest one's failure by a seek. Partial, so the hot path's deliveries, which are
-- pending, retrying or processed, never touch it; only a delivery going dead (or replayed) does.
CREATE INDEX deliveries_dead_by_route ON deliveries (route, event_id) WHERE status = 'dead';
