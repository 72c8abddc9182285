-- Ordered delivery per key: a route with order-by gives each of its deliveries a key, and runs a
-- key's deliveries one at a time, oldest event first. Null for a route without order-by.
ALTER TABLE deliveries ADD COLUMN order_key TEXT;
-- The claim's "is an older delivery of this key still to run (or dead)?" is one seek here. Partial,
-- so the deliveries of routes without order-by, and processed ones, never touch it.
CREATE INDEX deliveries_by_order_key ON deliveries (route, order_key, event_id)
    WHERE order_key IS NOT NULL AND status IN ('pending', 'retrying', 'dead');
-- The claim's "is a delivery of this key claimed right now?" is one seek here: only claimed
-- deliveries of ordered routes are in it, a few per route.
CREATE INDEX deliveries_claimed_by_order_key ON deliveries (route, order_key)
    WHERE order_key IS NOT NULL AND claimed_until IS NOT NULL;
-- A subscription's order_by, as a route's order-by: what its deliveries are ordered by, or null.
ALTER TABLE subscriptions ADD COLUMN order_by TEXT;
