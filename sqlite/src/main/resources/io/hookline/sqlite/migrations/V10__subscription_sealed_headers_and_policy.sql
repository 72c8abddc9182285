-- A subscription's extra headers are sealed like its secret (AES-GCM under HOOKLINE_SECRET_KEY):
-- sealed_headers holds every name and value; the headers column keeps the names only, for the admin
-- API. Rows written before this have their values in clear in headers and sealed_headers NULL: the
-- receiver seals them at its first start with the key (the key is known only at run time).
ALTER TABLE subscriptions ADD COLUMN sealed_headers BLOB;
-- The subscription's own timeout (milliseconds) and retry delays (milliseconds, comma-separated);
-- NULL for the defaults.
ALTER TABLE subscriptions ADD COLUMN timeout_ms INTEGER;
ALTER TABLE subscriptions ADD COLUMN retry_delays TEXT;
