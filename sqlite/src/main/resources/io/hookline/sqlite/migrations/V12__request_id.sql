-- The id of the request that brought the event (its X-Request-Id), so one id finds the webhook's
-- log lines, its deliveries' log lines and the forwarded requests. Null for events stored before
-- it was kept, and for events a catch-up run fetched.
ALTER TABLE events ADD COLUMN request_id TEXT;
