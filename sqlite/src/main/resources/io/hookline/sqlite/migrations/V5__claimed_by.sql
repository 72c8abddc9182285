-- Which receiver holds each claim (hookline.instance-id): the same contract as on PostgreSQL, where
-- an instance releases at start only the claims it made itself.
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT;
