-- What the target answered to each attempt, for on-call: its status, the URL (without credentials),
-- its headers (bounded, secrets masked) as a header block, the first kilobyte of its body, and the
-- time to the answer. Null for attempts without an answer (no connection, a handler that reports none).
ALTER TABLE attempts ADD COLUMN answer_status integer;
ALTER TABLE attempts ADD COLUMN answer_url text;
ALTER TABLE attempts ADD COLUMN answer_headers text;
ALTER TABLE attempts ADD COLUMN answer_body text;
ALTER TABLE attempts ADD COLUMN answer_ms bigint;
