package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Outbound subscriptions: create, change, delete and read them (a handful of rows, read whole), and
 * the deliveries of one. The rows are plain records kept by the {@link Records} given (the
 * receiver's repository); the deliveries are read here, from the delivery queue's own tables.
 */
public final class SubscriptionStore {

    private static final String COLUMNS = "event_id, status, attempts, next_attempt_at, last_error_class, last_error,"
            + " order_key, claimed_until";
    private static final String DELIVERIES = "SELECT " + COLUMNS
            + " FROM deliveries WHERE route = ? AND event_id < ? ORDER BY event_id DESC LIMIT ?";
    private static final String DELIVERIES_WITH_STATUS = "SELECT " + COLUMNS
            + " FROM deliveries WHERE route = ? AND event_id < ? AND status = ? ORDER BY event_id DESC LIMIT ?";
    private static final String ATTEMPTS = "SELECT route, handler, number, started_at, duration_ms, outcome, error_class,"
            + " message, instance, " + AttemptRows.ANSWER_COLUMNS + " FROM attempts WHERE event_id = ? AND route = ? ORDER BY id";

    /** What a write did. */
    public enum Outcome { DONE, NAME_TAKEN, NOT_FOUND }

    /**
     * The subscriptions' rows. Every write completes once committed, with the store's other writes;
     * headers are stored sealed.
     */
    public interface Records {

        /** Stores a new subscription unless its name is taken. */
        CompletableFuture<Outcome> create(Subscription subscription);

        /** Replaces a subscription's fields (all but its id and creation time), unless its new name is taken. */
        CompletableFuture<Outcome> update(Subscription subscription);

        /**
         * The extra headers, names and values in clear, of every subscription written before headers
         * were sealed, by id.
         */
        Map<String, Map<String, String>> clearHeaders();

        /**
         * Replaces a subscription's headers in clear by sealed ones, unless another instance already
         * did, overwriting the clear values in the database file where the engine can; answers
         * whether this call did.
         */
        CompletableFuture<Boolean> sealHeaders(String id, Subscription.Headers headers);

        /** Notes that a delivery failed; the first failure after a success starts the failing time. */
        CompletableFuture<Void> failing(String id, Instant since);

        /** Notes that a delivery succeeded: the subscription is not failing. */
        CompletableFuture<Void> working(String id);

        /** Disables an enabled subscription, saying why; answers whether this call disabled it. */
        CompletableFuture<Boolean> disable(String id, String reason, Instant at);

        CompletableFuture<Outcome> delete(String id);

        /** Every subscription, by name. */
        List<Subscription> all();

        Optional<Subscription> find(String id);
    }

    private final Database database;
    private final Records records;
    private final KeyHolder keyHolder;

    /**
     * @param deadHoldsKey as the {@link DeliveryQueue} claims: whether a dead delivery holds its key,
     *     so that a delivery waiting behind it shows it as holding
     */
    public SubscriptionStore(Database database, Records records, boolean deadHoldsKey) {
        this.database = database;
        this.records = records;
        this.keyHolder = new KeyHolder(deadHoldsKey);
    }

    /** Stores a new subscription unless its name is taken. */
    public CompletableFuture<Outcome> create(Subscription subscription) {
        return records.create(subscription);
    }

    /** Replaces a subscription's fields (all but its id and creation time). */
    public CompletableFuture<Outcome> update(Subscription subscription) {
        return records.update(subscription);
    }

    /**
     * The extra headers, names and values in clear, of every subscription written before headers
     * were sealed, by id: the receiver seals them with {@link #sealHeaders} at start, the first
     * time it has the key.
     */
    public Map<String, Map<String, String>> clearHeaders() {
        return records.clearHeaders();
    }

    /**
     * Replaces a subscription's headers in clear by sealed ones, unless another instance already
     * did; answers whether this call did. Where the engine can, the clear values are overwritten in
     * the database file rather than left in its free space.
     */
    public CompletableFuture<Boolean> sealHeaders(String id, Subscription.Headers headers) {
        return records.sealHeaders(id, headers);
    }

    /** Notes that a delivery failed; the first failure after a success starts the failing time. */
    public CompletableFuture<Void> failing(String id, Instant since) {
        return records.failing(id, since);
    }

    /** Notes that a delivery succeeded: the subscription is not failing. */
    public CompletableFuture<Void> working(String id) {
        return records.working(id);
    }

    /** Disables an enabled subscription, saying why; answers whether this call disabled it. */
    public CompletableFuture<Boolean> disable(String id, String reason, Instant at) {
        return records.disable(id, reason, at);
    }

    public CompletableFuture<Outcome> delete(String id) {
        return records.delete(id);
    }

    /** Every subscription, by name. */
    public List<Subscription> all() {
        return records.all();
    }

    public Optional<Subscription> find(String id) {
        return records.find(id);
    }

    /**
     * One delivery of a route (a subscription) with its attempts; {@code orderKey} its key when the
     * subscription has {@code order-by}, and {@code heldBy} the event whose delivery holds that key
     * while this one waits behind it, as in the event detail.
     */
    public record RouteDelivery(String eventId, DeliveryStatus status, int attempts, Instant nextAttemptAt,
            String lastErrorClass, String lastError, String orderKey, String heldBy, List<EventDetail.Attempt> tries) {}

    /**
     * The deliveries of a route, newest event first, before the event id {@code before} (null: from
     * the newest), of one status or all; through the route's index.
     */
    public List<RouteDelivery> deliveries(String route, DeliveryStatus status, String before, int limit) {
        return database.read("list the deliveries of " + route, statements -> {
            PreparedStatement query = statements.statement(status == null ? DELIVERIES : DELIVERIES_WITH_STATUS);
            query.setString(1, route);
            query.setString(2, before == null ? EventIds.AFTER_EVERY_ID : before);
            if (status != null) {
                query.setString(3, status.wireName());
            }
            query.setInt(status == null ? 3 : 4, limit);
            List<RouteDelivery> found = new ArrayList<>();
            long now = database.clock().millis();
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    long next = row.getLong("next_attempt_at");
                    Instant nextAt = row.wasNull() ? null : ParkedDeliveries.dueTime(next);
                    DeliveryStatus deliveryStatus = DeliveryStatus.of(row.getString("status"));
                    String orderKey = row.getString("order_key");
                    String eventId = row.getString("event_id");
                    boolean waiting = KeyHolder.waits(deliveryStatus, row.getLong("claimed_until"), now);
                    found.add(new RouteDelivery(eventId, deliveryStatus, row.getInt("attempts"), nextAt,
                            row.getString("last_error_class"), row.getString("last_error"),
                            orderKey == null ? null : database.dialect().senderText(orderKey),
                            orderKey != null && waiting ? keyHolder.of(statements, eventId, route, orderKey, now) : null,
                            List.of()));
                }
            }
            List<RouteDelivery> withAttempts = new ArrayList<>();
            PreparedStatement attempts = statements.statement(ATTEMPTS);
            for (RouteDelivery delivery : found) {
                attempts.setString(1, delivery.eventId());
                attempts.setString(2, route);
                List<EventDetail.Attempt> tries = new ArrayList<>();
                try (ResultSet row = attempts.executeQuery()) {
                    while (row.next()) {
                        tries.add(new EventDetail.Attempt(row.getString("route"), row.getString("handler"),
                                row.getInt("number"), Instant.ofEpochMilli(row.getLong("started_at")),
                                row.getLong("duration_ms"), row.getString("outcome"), row.getString("error_class"),
                                row.getString("message"), row.getString("instance"), AttemptRows.answer(row)));
                    }
                }
                withAttempts.add(new RouteDelivery(delivery.eventId(), delivery.status(), delivery.attempts(),
                        delivery.nextAttemptAt(), delivery.lastErrorClass(), delivery.lastError(), delivery.orderKey(),
                        delivery.heldBy(), List.copyOf(tries)));
            }
            return withAttempts;
        });
    }

    /** A new subscription id, {@code sub_} and a ULID. */
    public static String newId(long epochMillis) {
        return "sub_" + EventIds.next(epochMillis).substring("evt_".length());
    }
}
