-- Inserted events are added to event_counts and event_counts_by_hour by the writer, once per batch
-- (BatchCounts in the store). The trigger counted each insert, and made SQLite keep a statement
-- journal for it (a copy of every page the insert touched, spilled to a temporary file past 64 KiB).
-- Status changes and deletes are still counted by their triggers.
DROP TRIGGER events_counted_on_insert;
