package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * The order keys of a route that are held by a delivery that is not running: the oldest delivery
 * still to run of its key is waiting for its retry, or is dead and holds its key until it is replayed
 * or skipped. Read for the routes panel, through the index only ordered deliveries are in.
 */
public final class BlockedKeys {

    /** The most keys listed per route. */
    public static final int LIMIT = 20;
    /** The most deliveries counted behind one key; a count at this bound means at least that many. */
    public static final int WAITING_BOUND = 10_000;

    // The holder is the oldest of its key still to run (dead ones count unless they release their key).
    private static final String HOLDERS = "SELECT h.order_key, h.event_id, h.status, h.attempts, h.last_error_class,"
            + " (SELECT count(*) FROM (SELECT 1 FROM deliveries w WHERE w.route = h.route AND w.order_key = h.order_key"
            + " AND w.order_key IS NOT NULL AND w.status IN ('pending', 'retrying', 'dead') AND w.event_id > h.event_id"
            + " LIMIT " + WAITING_BOUND + ") AS behind) AS waiting"
            + " FROM deliveries h WHERE h.route = ? AND h.order_key IS NOT NULL"
            + " AND h.status IN ('pending', 'retrying', 'dead') AND h.status IN ('retrying', ?)"
            + " AND NOT EXISTS (SELECT 1 FROM deliveries o WHERE o.route = h.route AND o.order_key = h.order_key"
            + " AND o.event_id < h.event_id AND " + KeyHolder.holding("o") + ")"
            + " ORDER BY h.order_key LIMIT " + LIMIT;

    private final Database database;
    private final boolean deadHoldsKey;

    /** @param deadHoldsKey as the {@link DeliveryQueue} claims: whether a dead delivery holds its key */
    public BlockedKeys(Database database, boolean deadHoldsKey) {
        this.database = database;
        this.deadHoldsKey = deadHoldsKey;
    }

    /**
     * A held key: the delivery holding it (its event, {@code retrying} or {@code dead}, its attempts
     * and last error class) and how many of its key wait behind it, up to {@link #WAITING_BOUND}.
     */
    public record Blocked(String key, String eventId, String status, int attempts, String lastErrorClass, long waiting) {}

    /** Up to {@link #LIMIT} held keys of the route, in key order. */
    public List<Blocked> of(String route) {
        Dialect dialect = database.dialect();
        return database.read("read the held keys of route " + route, statements -> {
            PreparedStatement holders = statements.statement(HOLDERS);
            holders.setString(1, route);
            holders.setString(2, deadHoldsKey ? DeliveryStatus.DEAD.wireName() : DeliveryStatus.RETRYING.wireName());
            holders.setString(3, KeyHolder.notHolding(deadHoldsKey));
            List<Blocked> blocked = new ArrayList<>();
            try (ResultSet rows = holders.executeQuery()) {
                while (rows.next()) {
                    blocked.add(new Blocked(dialect.senderText(rows.getString(1)), rows.getString(2), rows.getString(3),
                            rows.getInt(4), rows.getString(5), rows.getLong(6)));
                }
            }
            return blocked;
        });
    }
}
