-- A subscription's extra headers are sealed like its secret (AES-GCM under HOOKLINE_SECRET_KEY):
-- sealed_headers holds every name and value; the headers column keeps the names only, for the admin
-- API. Rows written before this have their values in clear in headers and sealed_headers NULL: the
-- receiver seals them at its first start with the key (the key is known only at run time).
-- timeout_ms and retry_delays (milliseconds, comma-separated) are the subscription's own; NULL for
-- the defaults.
ALTER TABLE subscriptions ADD COLUMN sealed_headers bytea, ADD COLUMN timeout_ms bigint, ADD COLUMN retry_delays text;
