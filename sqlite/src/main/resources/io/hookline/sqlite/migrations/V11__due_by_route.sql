-- The deliveries still to run, by route and then due time (in place of due time alone): the
-- dispatcher claims each route's due deliveries on their own, up to the attempts that route may
-- run at once, so that a route with a long backlog is passed over by a seek, not read through.
DROP INDEX deliveries_due;
CREATE INDEX deliveries_due_by_route ON deliveries (route, next_attempt_at) WHERE status IN ('pending', 'retrying');
