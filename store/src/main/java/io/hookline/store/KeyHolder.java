package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What a waiting delivery of an ordered route waits behind, as the claim sees it: the oldest
 * delivery of its key still to run ({@link KeyHolders#holding}: dead ones count unless they release
 * their key), which holds the key as on the routes panel; else a delivery of its key claimed right
 * now. One seek of each {@code order_key} index. Read by the event detail and a subscription's
 * deliveries alike.
 */
final class KeyHolder {

    private static final String HOLDER = "SELECT (SELECT o.event_id FROM deliveries o WHERE o.route = ? AND o.order_key = ?"
            + " AND o.event_id < ? AND " + KeyHolders.holding("o") + " ORDER BY o.event_id LIMIT 1),"
            + " (SELECT c.event_id FROM deliveries c WHERE c.route = ? AND c.order_key = ? AND c.order_key IS NOT NULL"
            + " AND c.claimed_until IS NOT NULL AND c.claimed_until > ? AND c.event_id <> ? ORDER BY c.event_id LIMIT 1)";

    private final String notHolding;

    /** @param deadHoldsKey as the {@link DeliveryQueue} claims: whether a dead delivery holds its key */
    KeyHolder(boolean deadHoldsKey) {
        this.notHolding = deadHoldsKey ? "" : DeliveryStatus.DEAD.wireName();
    }

    /**
     * The event whose delivery holds the key that the delivery of {@code eventId} to {@code route}
     * waits behind, or null when none does; only asked for a delivery that waits (pending or
     * retrying, not claimed).
     *
     * @param storedKey the order key as stored
     */
    String of(PreparedStatements statements, String eventId, String route, String storedKey, long now)
            throws SQLException {
        PreparedStatement holder = statements.statement(HOLDER);
        holder.setString(1, route);
        holder.setString(2, storedKey);
        holder.setString(3, eventId);
        holder.setString(4, notHolding);
        holder.setString(5, route);
        holder.setString(6, storedKey);
        holder.setLong(7, now);
        holder.setString(8, eventId);
        try (ResultSet row = holder.executeQuery()) {
            row.next();
            String older = row.getString(1);
            return older != null ? older : row.getString(2);
        }
    }

    /** Whether a delivery in this status, claimed until then (0: not claimed), waits for its key. */
    static boolean waits(DeliveryStatus status, long claimedUntil, long now) {
        boolean running = claimedUntil > now;
        return (status == DeliveryStatus.PENDING || status == DeliveryStatus.RETRYING) && !running;
    }
}
