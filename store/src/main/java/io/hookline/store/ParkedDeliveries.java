package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The deliveries of an ordered route that wait behind an older delivery of their key, taken out of
 * the range the claim reads: a claim that passes over one because an older delivery of its key is
 * still to run (or dead and holding it) parks it, and the next claim of the route unparks the oldest
 * parked delivery of each key that nothing older holds any longer. So a key held by a dead delivery
 * with thousands waiting behind it costs one seek per claim, not a read through its backlog.
 *
 * <p>A parked delivery keeps its status (the admin API, the routes panel and the event's status see
 * it as before); its {@code next_attempt_at} is its due time plus {@link #OFFSET}, after every real
 * due time, so the claim's range on {@code deliveries_due_by_route} ends before it. Parking is only
 * a shortcut for the claim, never what keeps the order: the claim checks each key as before, and
 * unparking is always safe. Both happen in the claim's transaction, under the route's lock where
 * several processes share the database, so a delivery another process parks while this one ends its
 * holder is unparked by the next claim of the route. Every other write that sets
 * {@code next_attempt_at} (a replay, a skip, a retry) unparks by doing so.
 */
final class ParkedDeliveries {

    /** What a parked delivery's {@code next_attempt_at} has added: about the year 128,700, after any due time. */
    static final long OFFSET = 4_000_000_000_000_000L;

    /**
     * The most deliveries one claim parks: a held key's backlog of 19,000 is parked over ten claims,
     * each reading what is left of it once more, and none of them one long write.
     */
    static final int PARKED_PER_CLAIM = 2_000;

    private static final String PARKED = parked("");

    // The oldest parked delivery of each key of the route that no older delivery holds: a loose index
    // scan over the keys that have parked deliveries (one seek each), one seek for each key's oldest,
    // and one for an older holder (the dead ones count unless they release their key: the bound
    // status names the one that does not hold). The holder is looked for by a subquery with LIMIT 1,
    // which PostgreSQL keeps a seek, where NOT EXISTS became a hash of every delivery of the route.
    private static final String FREED = "WITH RECURSIVE parked_keys(order_key) AS ("
            + "SELECT (SELECT p.order_key FROM deliveries p%1$s WHERE p.route = ? AND " + parked("p.")
            + " ORDER BY p.order_key LIMIT 1)"
            + " UNION ALL SELECT (SELECT p.order_key FROM deliveries p%1$s WHERE p.route = ? AND " + parked("p.")
            + " AND p.order_key > parked_keys.order_key ORDER BY p.order_key LIMIT 1) FROM parked_keys"
            + " WHERE parked_keys.order_key IS NOT NULL)"
            + " SELECT heads.event_id FROM (SELECT parked_keys.order_key, (SELECT h.event_id FROM deliveries h%1$s"
            + " WHERE h.route = ? AND " + parked("h.") + " AND h.order_key = parked_keys.order_key"
            + " ORDER BY h.event_id LIMIT 1) AS event_id FROM parked_keys WHERE parked_keys.order_key IS NOT NULL) AS heads"
            + " WHERE (SELECT 1 FROM deliveries o WHERE o.route = ? AND o.order_key = heads.order_key"
            + " AND o.event_id < heads.event_id AND " + KeyHolder.holding("o") + " LIMIT 1) IS NULL";
    // Only if it is still parked: a replay may have queued it since it was read.
    private static final String UNPARK = "UPDATE deliveries SET next_attempt_at = next_attempt_at - " + OFFSET
            + " WHERE event_id = ? AND route = ? AND " + PARKED;
    // A route that no longer delivers in order (a subscription's order_by removed) parks nothing.
    private static final String UNPARK_ALL = "UPDATE deliveries SET next_attempt_at = next_attempt_at - " + OFFSET
            + " WHERE route = ? AND " + PARKED;
    // The due deliveries the claim just read past (up to the due time of the last it took) that wait
    // for an older delivery of their key, oldest due first, a bounded number per claim; as the claim,
    // it skips rows another process is changing. Not "order_key IS NOT NULL", which would let
    // PostgreSQL read the route's keyed deliveries, parked ones included, by deliveries_by_order_key:
    // a delivery without a key has no holder.
    private static final String HELD = "SELECT d.event_id FROM deliveries d WHERE d.route = ?"
            + " AND d.status IN ('pending', 'retrying') AND d.next_attempt_at <= ?"
            + " AND (d.claimed_until IS NULL OR d.claimed_until <= ?)"
            + " AND (SELECT 1 FROM deliveries o WHERE o.route = d.route AND o.order_key = d.order_key"
            + " AND o.event_id < d.event_id AND " + KeyHolder.holding("o") + " LIMIT 1) IS NOT NULL"
            + " ORDER BY d.next_attempt_at LIMIT " + PARKED_PER_CLAIM + "%s";
    private static final String PARK = "UPDATE deliveries SET next_attempt_at = next_attempt_at + " + OFFSET
            + " WHERE event_id = ? AND route = ? AND next_attempt_at < " + OFFSET;

    /** Whether a route has parked deliveries, as a column of the claimer's walk over the routes ({@code waiting}). */
    static final String ANY_PARKED = "EXISTS (SELECT 1 FROM deliveries p WHERE p.route = waiting.route AND "
            + parked("p.") + ")";

    private final String freed;
    private final String held;
    private final String notHolding;

    // Written out, not bound, so that SQLite finds the partial index deliveries_parked_by_key by it.
    private static String parked(String alias) {
        return alias + "status IN ('pending', 'retrying') AND " + alias + "next_attempt_at >= " + OFFSET;
    }

    /** @param notHolding the status of a delivery that does not hold its key although it is dead, or "" */
    ParkedDeliveries(Dialect dialect, String notHolding) {
        String byKey = dialect.indexedBy("deliveries_parked_by_key");
        this.freed = FREED.formatted(byKey);
        this.held = HELD.formatted(dialect.skipLocked());
        this.notHolding = notHolding;
    }

    /** The due time a stored {@code next_attempt_at} stands for, parked or not. */
    static Instant dueTime(long nextAttemptAt) {
        return Instant.ofEpochMilli(nextAttemptAt >= OFFSET ? nextAttemptAt - OFFSET : nextAttemptAt);
    }

    /** Before a claim of an ordered route: unparks the deliveries that nothing older of their key holds now. */
    void unparkFreed(WriteContext context, String route) throws SQLException {
        PreparedStatement find = context.statement(freed);
        for (int i = 1; i <= 4; i++) {
            find.setString(i, route);
        }
        find.setString(5, notHolding);
        move(context, UNPARK, route, eventIds(find));
    }

    /** Before a claim of a route that keeps no order: unparks all its deliveries. */
    void unparkAll(WriteContext context, String route) throws SQLException {
        PreparedStatement unpark = context.statement(UNPARK_ALL);
        unpark.setString(1, route);
        unpark.executeUpdate();
    }

    /**
     * After a claim of an ordered route: parks the due deliveries up to {@code readTo} (the due time
     * the claim read to) that an older delivery of their key holds.
     */
    void parkHeld(WriteContext context, String route, long readTo) throws SQLException {
        PreparedStatement find = context.statement(held);
        find.setString(1, route);
        find.setLong(2, readTo);
        find.setLong(3, context.now());
        find.setString(4, notHolding);
        move(context, PARK, route, eventIds(find));
    }

    private static List<String> eventIds(PreparedStatement query) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    // Each by its primary key, in one batch: a seek per row on either engine, where an UPDATE with the
    // query as its IN list let PostgreSQL read the whole table when it guessed many rows.
    private static void move(WriteContext context, String update, String route, List<String> eventIds)
            throws SQLException {
        if (eventIds.isEmpty()) {
            return;
        }
        PreparedStatement move = context.statement(update);
        for (String eventId : eventIds) {
            move.setString(1, eventId);
            move.setString(2, route);
            move.addBatch();
        }
        move.executeBatch();
    }
}
