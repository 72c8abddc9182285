package io.hookline.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What operators read: events by filter, newest first; one event with its deliveries and attempts;
 * counts. Every query is served by an index and bounded by a limit or a time range, so each costs
 * the same with a thousand events stored as with millions.
 *
 * <p>Plain JDBC rather than Micronaut Data repositories (which keep the plain records in the
 * receiver: subscriptions, catch-up runs, and the replay history read here through
 * {@link ReplayRecords}): each list call picks its index and bounds its window at run time, and
 * SQLite needs that index named ({@code INDEXED BY}), which derived or criteria queries cannot say;
 * Micronaut Data 4 has no SQLite dialect, so every such query would be a native {@code @Query}
 * written twice, in two repositories, where the {@link Dialect} now says the few differences. One
 * place for the SQL, checked by the query-plan tests on both engines, costs less.
 */
public final class EventQueries {

    private static final String DETAIL = "SELECT " + EventListQuery.SUMMARY_COLUMNS
            + ", occurred_at, request_id, headers, routing_notes, CASE WHEN body_pruned = 1 THEN -1 ELSE coalesce(body_size, length(body)) END AS body_size"
            + " FROM events WHERE id = ?";
    private static final String DELIVERIES = "SELECT route, handler, status, attempts, next_attempt_at,"
            + " last_error_class, last_error, order_key, claimed_until FROM deliveries WHERE event_id = ? ORDER BY route";
    private static final String ATTEMPTS = "SELECT route, handler, number, started_at, duration_ms, outcome,"
            + " error_class, message, instance, " + AttemptRows.ANSWER_COLUMNS + " FROM attempts WHERE event_id = ? ORDER BY id";
    private static final String DELIVERY_STATUSES = "SELECT route, status FROM deliveries WHERE event_id = ?";
    private static final String BY_KEY = "SELECT " + EventListQuery.SUMMARY_COLUMNS + " FROM events WHERE id ="
            + " (SELECT event_id FROM idempotency_keys WHERE source = ? AND key = ?)";
    private static final long HOUR_MILLIS = 3_600_000;

    private final Database database;
    private final ReplayRecords replays;
    private final KeyHolder keyHolder;

    /** @param replays where the events' histories of replays are read, inside the detail's read */
    public EventQueries(Database database, ReplayRecords replays) {
        this(database, replays, true);
    }

    /**
     * @param replays where the events' histories of replays are read, inside the detail's read
     * @param deadHoldsKey as the {@link DeliveryQueue} claims: whether a dead delivery holds its key,
     *     so that a delivery waiting behind it shows it as holding
     */
    public EventQueries(Database database, ReplayRecords replays, boolean deadHoldsKey) {
        this.database = database;
        this.replays = replays;
        this.keyHolder = new KeyHolder(deadHoldsKey);
    }

    /**
     * Events matching the filter, newest first, at most {@code limit} at a time. The cursor is the
     * last id of the previous page; ids sort by arrival, so a page is stable while events keep
     * arriving. A filter that its index does not hold (a type, or a source beside a status) is
     * checked on a bounded window of events per call, so a page may come back short, even empty,
     * with a cursor: follow it while it is there.
     */
    public EventPage list(EventFilter filter, String cursor, int limit) {
        EventListQuery query = new EventListQuery(database.dialect(), filter, cursor);
        return database.read("list events", statements -> query.run(statements, limit));
    }

    /**
     * The event a source stored under the sender's idempotency key ("did you get delivery X?"): the
     * first one, of which any later delivery was a duplicate.
     */
    public Optional<EventSummary> byKey(String source, String key) {
        return database.read("find the event of key " + key, statements -> {
            PreparedStatement query = statements.statement(BY_KEY);
            query.setString(1, source);
            query.setString(2, database.dialect().storedText(key));
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(summary(row, database.dialect())) : Optional.empty();
            }
        });
    }

    /**
     * One event with its deliveries and attempts; of a delivery of an ordered route, its key and, while
     * it waits behind another delivery of its key, that delivery's event.
     */
    public Optional<EventDetail> detail(String id) {
        return database.read("read event " + id, statements -> {
            EventSummary summary;
            Instant occurredAt;
            String requestId;
            Map<String, String> headers;
            List<String> notes;
            long bodySize;
            PreparedStatement event = statements.statement(DETAIL);
            event.setString(1, id);
            try (ResultSet row = event.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                summary = summary(row, database.dialect());
                long occurred = row.getLong("occurred_at");
                occurredAt = row.wasNull() ? null : Instant.ofEpochMilli(occurred);
                requestId = row.getString("request_id");
                headers = HeaderBlock.decode(row.getString("headers"));
                String noted = row.getString("routing_notes");
                notes = noted == null ? List.of() : List.of(noted.split("\n"));
                bodySize = row.getLong("body_size");
            }
            List<EventDetail.Delivery> deliveries = new ArrayList<>();
            PreparedStatement deliveryRows = statements.statement(DELIVERIES);
            deliveryRows.setString(1, id);
            long now = database.clock().millis();
            try (ResultSet row = deliveryRows.executeQuery()) {
                while (row.next()) {
                    long next = row.getLong("next_attempt_at");
                    Instant nextAttemptAt = row.wasNull() ? null : ParkedDeliveries.dueTime(next);
                    String route = row.getString("route");
                    DeliveryStatus status = DeliveryStatus.of(row.getString("status"));
                    String orderKey = row.getString("order_key");
                    boolean waiting = KeyHolder.waits(status, row.getLong("claimed_until"), now);
                    deliveries.add(new EventDetail.Delivery(route, row.getString("handler"), status,
                            row.getInt("attempts"), nextAttemptAt, row.getString("last_error_class"),
                            row.getString("last_error"), orderKey == null ? null : database.dialect().senderText(orderKey),
                            orderKey != null && waiting ? keyHolder.of(statements, id, route, orderKey, now) : null));
                }
            }
            List<EventDetail.Attempt> attempts = new ArrayList<>();
            PreparedStatement attemptRows = statements.statement(ATTEMPTS);
            attemptRows.setString(1, id);
            try (ResultSet row = attemptRows.executeQuery()) {
                while (row.next()) {
                    attempts.add(new EventDetail.Attempt(row.getString("route"), row.getString("handler"),
                            row.getInt("number"), Instant.ofEpochMilli(row.getLong("started_at")),
                            row.getLong("duration_ms"), row.getString("outcome"), row.getString("error_class"),
                            row.getString("message"), row.getString("instance"), AttemptRows.answer(row)));
                }
            }
            return Optional.of(new EventDetail(summary, occurredAt, requestId, headers, bodySize, deliveries, attempts,
                    replays.history(database.lend(statements.connection()), id), notes));
        });
    }

    /**
     * Where each delivery of these events stands, by event and route: one seek of the deliveries'
     * primary key per event.
     */
    public Map<String, Map<String, DeliveryStatus>> deliveryStatuses(List<String> eventIds) {
        return database.read("read deliveries", statements -> {
            Map<String, Map<String, DeliveryStatus>> statuses = new LinkedHashMap<>();
            PreparedStatement query = statements.statement(DELIVERY_STATUSES);
            for (String id : eventIds) {
                Map<String, DeliveryStatus> routes = new LinkedHashMap<>();
                query.setString(1, id);
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        routes.put(row.getString(1), DeliveryStatus.of(row.getString(2)));
                    }
                }
                statuses.put(id, routes);
            }
            return statuses;
        });
    }

    /** Events per source and status, for metrics and the dashboard: counters, not a count of the table. */
    public Map<String, Map<DeliveryStatus, Long>> countsBySourceAndStatus() {
        return database.read("count events", statements -> {
            Map<String, Map<DeliveryStatus, Long>> counts = new TreeMap<>();
            try (ResultSet row = statements.statement(database.dialect().countsBySourceAndStatus()).executeQuery()) {
                while (row.next()) {
                    counts.computeIfAbsent(row.getString(1), source -> new TreeMap<>())
                            .put(DeliveryStatus.of(row.getString(2)), row.getLong(3));
                }
            }
            return counts;
        });
    }

    /**
     * Events per hour of receipt (the hour's start) and status, oldest hour first, for the hours
     * that start at or after {@code since}.
     */
    public Map<Instant, Map<DeliveryStatus, Long>> hourly(Instant since) {
        long firstHour = Math.floorDiv(since.toEpochMilli() + HOUR_MILLIS - 1, HOUR_MILLIS) * HOUR_MILLIS;
        return database.read("count events per hour", statements -> {
            Map<Instant, Map<DeliveryStatus, Long>> hours = new TreeMap<>();
            PreparedStatement query = statements.statement(database.dialect().countsByHour());
            query.setLong(1, firstHour);
            try (ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    hours.computeIfAbsent(Instant.ofEpochMilli(row.getLong(1)), hour -> new TreeMap<>())
                            .put(DeliveryStatus.of(row.getString(2)), row.getLong(3));
                }
            }
            return hours;
        });
    }

    static EventSummary summary(ResultSet row, Dialect dialect) throws SQLException {
        return new EventSummary(row.getString("id"), row.getString("source"), row.getString("provider"),
                dialect.senderText(row.getString("event_type")), dialect.senderText(row.getString("idempotency_key")),
                Instant.ofEpochMilli(row.getLong("received_at")), DeliveryStatus.of(row.getString("status")),
                row.getString("last_error_class"));
    }
}
