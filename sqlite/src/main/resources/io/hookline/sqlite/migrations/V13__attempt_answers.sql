-- What the target answered to each attempt, for on-call: its status, the URL (without credentials),
-- its headers (bounded, secrets masked) as a header block, the first kilobyte of its body, and the
-- time to the answer. Null for attempts without an answer (no connection, a handler that reports none).
ALTER TABLE attempts ADD COLUMN answer_status INTEGER;
ALTER TABLE attempts ADD COLUMN answer_url TEXT;
ALTER TABLE attempts ADD COLUMN answer_headers TEXT;
ALTER TABLE attempts ADD COLUMN answer_body TEXT;
ALTER TABLE attempts ADD COLUMN answer_ms INTEGER;
