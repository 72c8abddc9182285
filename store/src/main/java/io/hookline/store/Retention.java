package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Prunes what is no longer needed, one small slice per call so the writer is held for milliseconds
 * and webhooks go between slices: the bodies of processed events older than the body retention,
 * then processed events older than the key retention, with their deliveries, attempts, replay
 * history and idempotency key (keys outlive bodies, so a late redelivery is still a duplicate). Events that
 * are not processed are never pruned, and neither are their keys.
 *
 * <p>Where several processes share the database, one prunes at a time; a process that finds
 * another at it skips its slice (an empty one), and prunes again at its next run.
 *
 * <p>Each slice finds its rows through an index on what it selects by, oldest first, and never
 * visits a row it leaves alone: bodies through {@code events_unpruned_bodies}, which holds only
 * processed events that still have one; events through {@code events_by_status}. Ids sort by
 * arrival, so "received before" is an id range on both.
 */
public final class Retention {

    private static final String PRUNE_BODIES = "UPDATE events SET body = NULL, body_pruned = 1 WHERE id IN ("
            + "SELECT id FROM events%s WHERE status = 'processed' AND body_pruned = 0 AND id < ? ORDER BY id LIMIT ?)";
    private static final String EXPIRED_EVENTS = "SELECT id, source, idempotency_key FROM events%s"
            + " WHERE status = 'processed' AND id < ? ORDER BY id LIMIT ?";
    private static final String DELETE_ATTEMPTS = "DELETE FROM attempts WHERE event_id = ?";
    private static final String DELETE_REPLAYED = "DELETE FROM replayed_deliveries WHERE event_id = ?";
    private static final String DELETE_DELIVERIES = "DELETE FROM deliveries WHERE event_id = ?";
    private static final String DELETE_KEY = "DELETE FROM idempotency_keys WHERE source = ? AND key = ? AND event_id = ?";
    private static final String DELETE_EVENT = "DELETE FROM events WHERE id = ?";
    /** Fetched forms go with their event's body: the table holds few rows, read by the id range. */
    private static final String DELETE_FETCHED = "DELETE FROM fetched_events WHERE event_id < ? AND NOT EXISTS"
            + " (SELECT 1 FROM events WHERE events.id = fetched_events.event_id AND events.body_pruned = 0)";
    private static final String DELETE_EMPTY_HOURS = "DELETE FROM event_counts_by_hour WHERE hour < ? AND n = 0";

    private final Database database;
    private final String pruneBodies;
    private final String expiredEvents;

    public Retention(Database database) {
        this.database = database;
        Dialect dialect = database.dialect();
        this.pruneBodies = PRUNE_BODIES.formatted(dialect.indexedBy("events_unpruned_bodies"));
        this.expiredEvents = EXPIRED_EVENTS.formatted(dialect.indexedBy("events_by_status"));
    }

    /**
     * What one slice pruned.
     *
     * @param bodies bodies dropped
     * @param events events deleted, each with its deliveries, attempts and key
     * @param writerNanos how long the slice held the writer
     */
    public record Slice(int bodies, int events, long writerNanos) {

        /** Whether the slice found nothing to prune. */
        public boolean empty() {
            return bodies == 0 && events == 0;
        }
    }

    /**
     * Prunes up to {@code size} bodies and up to {@code size} events, in one commit of the writer.
     *
     * @param bodies the body retention
     * @param keys the key retention: processed events and their keys older than this are deleted
     * @param size the most rows of each kind
     */
    public CompletableFuture<Slice> prune(Duration bodies, Duration keys, int size) {
        return database.write(context -> {
            long started = System.nanoTime();
            if (!mayPrune(context)) {
                return new Slice(0, 0, System.nanoTime() - started);
            }
            PreparedStatement prune = context.statement(pruneBodies);
            prune.setString(1, EventIds.firstAt(context.now() - bodies.toMillis()));
            prune.setInt(2, size);
            int bodiesPruned = prune.executeUpdate();
            long keyCutoff = context.now() - keys.toMillis();
            int eventsDeleted = deleteExpiredEvents(context, expiredEvents, EventIds.firstAt(keyCutoff), size);
            if (bodiesPruned > 0 || eventsDeleted > 0) {
                PreparedStatement fetched = context.statement(DELETE_FETCHED);
                fetched.setString(1, EventIds.firstAt(Math.max(keyCutoff, context.now() - bodies.toMillis())));
                fetched.executeUpdate();
            }
            String fold = database.dialect().foldCounters();
            if (fold != null) {
                context.statement(fold).execute();
            }
            if (eventsDeleted > 0) {
                PreparedStatement emptyHours = context.statement(DELETE_EMPTY_HOURS);
                emptyHours.setLong(1, keyCutoff);
                emptyHours.executeUpdate();
            }
            return new Slice(bodiesPruned, eventsDeleted, System.nanoTime() - started);
        });
    }

    /** Whether this process prunes now: another one sharing the database may be at it. */
    private boolean mayPrune(WriteContext context) throws SQLException {
        String query = database.dialect().mayPrune();
        if (query == null) {
            return true;
        }
        try (ResultSet row = context.statement(query).executeQuery()) {
            return row.next() && row.getBoolean(1);
        }
    }

    private static int deleteExpiredEvents(WriteContext context, String expiredEvents, String before, int size)
            throws SQLException {
        PreparedStatement expired = context.statement(expiredEvents);
        expired.setString(1, before);
        expired.setInt(2, size);
        List<Expired> events = new ArrayList<>();
        try (ResultSet rows = expired.executeQuery()) {
            while (rows.next()) {
                events.add(new Expired(rows.getString(1), rows.getString(2), rows.getString(3)));
            }
        }
        PreparedStatement attempts = context.statement(DELETE_ATTEMPTS);
        PreparedStatement deliveries = context.statement(DELETE_DELIVERIES);
        PreparedStatement replayed = context.statement(DELETE_REPLAYED);
        PreparedStatement key = context.statement(DELETE_KEY);
        PreparedStatement event = context.statement(DELETE_EVENT);
        for (Expired expiredEvent : events) {
            attempts.setString(1, expiredEvent.id());
            attempts.executeUpdate();
            deliveries.setString(1, expiredEvent.id());
            deliveries.executeUpdate();
            replayed.setString(1, expiredEvent.id());
            replayed.executeUpdate();
            key.setString(1, expiredEvent.source());
            key.setString(2, expiredEvent.key());
            key.setString(3, expiredEvent.id());
            key.executeUpdate();
            event.setString(1, expiredEvent.id());
            event.executeUpdate();
        }
        return events.size();
    }

    private record Expired(String id, String source, String key) {}
}
