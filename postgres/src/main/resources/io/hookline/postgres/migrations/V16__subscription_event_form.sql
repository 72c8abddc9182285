-- What a subscription gets of a thin event (docs/subscriptions.md): 'notification' (as received) or
-- 'fetched' (the full event its source fetched); null follows hookline.subscriptions.event-form.
ALTER TABLE subscriptions ADD COLUMN event_form text;
