package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What holds an order key, as the claim, the parking of waiting deliveries, the routes panel and the
 * event detail all read it ({@link #holding}): a delivery of the key still to run (pending, waiting
 * for its retry, or dead), a dead one only while dead deliveries hold their key.
 *
 * <p>An instance finds what a waiting delivery of an ordered route waits behind ({@link #of}): the
 * oldest delivery of its key that holds it, as on the routes panel; else a delivery of its key
 * claimed right now. One seek of each {@code order_key} index. Read by the event detail and a
 * subscription's deliveries alike.
 */
final class KeyHolder {

    private static final String HOLDER = "SELECT (SELECT o.event_id FROM deliveries o WHERE o.route = ? AND o.order_key = ?"
            + " AND o.event_id < ? AND " + holding("o") + " ORDER BY o.event_id LIMIT 1),"
            + " (SELECT c.event_id FROM deliveries c WHERE c.route = ? AND c.order_key = ? AND c.order_key IS NOT NULL"
            + " AND c.claimed_until IS NOT NULL AND c.claimed_until > ? AND c.event_id <> ? ORDER BY c.event_id LIMIT 1)";

    private final String notHolding;

    /** @param deadHoldsKey as the {@link DeliveryQueue} claims: whether a dead delivery holds its key */
    KeyHolder(boolean deadHoldsKey) {
        this.notHolding = notHolding(deadHoldsKey);
    }

    /**
     * The condition that the delivery under {@code alias} holds its key, with one parameter: the
     * status that does not hold ({@link #notHolding}).
     */
    static String holding(String alias) {
        return alias + ".order_key IS NOT NULL AND " + alias + ".status IN ('pending', 'retrying', 'dead') AND "
                + alias + ".status <> ?";
    }

    /** The parameter of {@link #holding}: {@code dead} under {@code order-dead: release}, else empty. */
    static String notHolding(boolean deadHoldsKey) {
        return deadHoldsKey ? "" : DeliveryStatus.DEAD.wireName();
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
