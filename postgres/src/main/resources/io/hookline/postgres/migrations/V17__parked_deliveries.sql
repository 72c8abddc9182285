-- Deliveries of an ordered route parked behind an older delivery of their key: their next_attempt_at
-- is their due time plus 4000000000000000 (after any real time), so the claim's range on
-- deliveries_due_by_route ends before them. Each claim of the route unparks the oldest parked
-- delivery of each key that nothing older holds any longer: a walk over the parked keys, one seek
-- each, here. Partial, so only parked deliveries are in it: a held key's backlog, and for a moment
-- the deliveries queued behind a running one.
CREATE INDEX deliveries_parked_by_key ON deliveries (route, order_key, event_id)
    WHERE status IN ('pending', 'retrying') AND next_attempt_at >= 4000000000000000;
