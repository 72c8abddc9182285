-- Which receiver ran each attempt (hookline.instance-id), for on-call when several run on one store.
ALTER TABLE attempts ADD COLUMN instance TEXT;
