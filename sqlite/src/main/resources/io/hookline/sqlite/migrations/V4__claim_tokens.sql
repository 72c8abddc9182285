-- Each claim of a delivery gets its own token; finishing or postponing an attempt needs it, so a
-- worker whose lease ran out (and whose delivery another worker claimed) records nothing.
ALTER TABLE deliveries ADD COLUMN claim_token TEXT;
