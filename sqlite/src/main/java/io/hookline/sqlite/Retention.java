package io.hookline.sqlite;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Prunes what is no longer needed, a bounded slice per call so the writer never stalls: the bodies
 * of processed events older than the body retention, then idempotency keys and processed events
 * older than the key retention (keys outlive bodies, so a late redelivery is still a duplicate).
 * Events that are not processed are never pruned.
 */
public final class Retention {

    private static final int SLICE = 5_000;
    private static final String PRUNE_BODIES = "UPDATE events SET body = NULL, body_pruned = 1 WHERE id IN ("
            + "SELECT id FROM events WHERE status = 'processed' AND body_pruned = 0 AND received_at < ? LIMIT " + SLICE + ")";
    private static final String PRUNE_KEYS = "DELETE FROM idempotency_keys WHERE (source, key) IN ("
            + "SELECT source, key FROM idempotency_keys WHERE first_seen < ? LIMIT " + SLICE + ")";
    private static final String PRUNE_ATTEMPTS = "DELETE FROM attempts WHERE event_id IN (SELECT id FROM events"
            + " WHERE status = 'processed' AND received_at < ? LIMIT " + SLICE + ")";
    private static final String PRUNE_DELIVERIES = "DELETE FROM deliveries WHERE event_id IN (SELECT id FROM events"
            + " WHERE status = 'processed' AND received_at < ? LIMIT " + SLICE + ")";
    private static final String PRUNE_EVENTS = "DELETE FROM events WHERE id IN (SELECT id FROM events"
            + " WHERE status = 'processed' AND received_at < ? LIMIT " + SLICE + ")";

    private final SqliteDatabase database;

    public Retention(SqliteDatabase database) {
        this.database = database;
    }

    /** Prunes one slice; answers how many rows changed, so a caller can go on while it is not 0. */
    public CompletableFuture<Integer> prune(Duration bodies, Duration keys) {
        return database.write(context -> {
            int changed = run(context.statement(PRUNE_BODIES), context.now() - bodies.toMillis());
            long keyCutoff = context.now() - keys.toMillis();
            changed += run(context.statement(PRUNE_KEYS), keyCutoff);
            changed += run(context.statement(PRUNE_ATTEMPTS), keyCutoff);
            changed += run(context.statement(PRUNE_DELIVERIES), keyCutoff);
            changed += run(context.statement(PRUNE_EVENTS), keyCutoff);
            return changed;
        });
    }

    private static int run(PreparedStatement statement, long cutoff) throws java.sql.SQLException {
        statement.setLong(1, cutoff);
        return statement.executeUpdate();
    }
}
