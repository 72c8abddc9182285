-- An event's status changes are counted by the writer too, once per batch (BatchCounts in the
-- store), as its inserts are since V22: the trigger made SQLite keep a statement journal for every
-- status change. Deletes (retention) are still counted by their trigger.
DROP TRIGGER events_counted_on_status;
