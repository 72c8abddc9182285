-- Since when every delivery to a subscription has failed (null while it works), and why it was
-- disabled when Hookline disabled it after failing for hookline.subscriptions.disable-after.
ALTER TABLE subscriptions ADD COLUMN failing_since bigint, ADD COLUMN disabled_reason text;
